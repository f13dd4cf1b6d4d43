"""Scores: one definition of a principle's score, used by the audit, the report and the desk.

A conversation scores 100 on every principle its enabled checks cover and nothing broke. A
principle with findings scores within the band of its worst finding, lower for each further
finding of that severity:

    infos only     90, then toward 80   (90, 85, 82.5, ...)
    a warning      65, then toward 50
    a block        25, then toward 0

so one block weighs more than any number of warnings, and one warning more than any number of
infos: however many warnings a conversation holds, one with a block scores lower. A
conversation's overall score is its worst principle's (`overall_score`), which is how the
report ranks its worst conversations. Aggregates over many conversations are the mean of
their scores.

A note of the audit on itself (`audit.truncated`: the conversation was read only in part)
weighs nothing: it says what was not read, not how the customer was served.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from trustdesk.model import Principle, Severity

# (score of the first finding, the floor further findings approach) per worst severity.
BANDS = {
    Severity.INFO: (90.0, 80.0),
    Severity.WARN: (65.0, 50.0),
    Severity.BLOCK: (25.0, 0.0),
}
CLEAN = 100.0


class Judged(Protocol):
    """What a score reads of a finding: a `Finding`, or one as a store keeps it."""

    @property
    def principle(self) -> Principle | None: ...
    @property
    def severity(self) -> Severity: ...


def band_score(severity: Severity, count: int) -> float:
    """The score of a principle whose worst findings are `count` of `severity`."""
    top, floor = BANDS[severity]
    return floor + (top - floor) * 0.5 ** (max(count, 1) - 1)


def principle_scores(
    findings: Iterable[Judged], principles: Iterable[Principle]
) -> dict[Principle, float]:
    """Each principle's score in one conversation, from its findings."""
    worst: dict[Principle, tuple[int, int]] = {}  # principle -> (worst rank, how many)
    for finding in findings:
        if finding.principle is None:
            continue  # a note of the audit: no principle, no weight
        rank = finding.severity.rank
        seen = worst.get(finding.principle)
        if seen is None or rank > seen[0]:
            worst[finding.principle] = (rank, 1)
        elif rank == seen[0]:
            worst[finding.principle] = (rank, seen[1] + 1)
    by_rank = {severity.rank: severity for severity in BANDS}
    scores = {principle: CLEAN for principle in principles}
    for principle, (rank, count) in worst.items():
        scores[principle] = round(band_score(by_rank[rank], count), 2)
    return dict(sorted(scores.items(), key=lambda item: list(Principle).index(item[0])))


def overall_score(scores: Mapping[str, float] | None) -> float:
    """A conversation's overall score: its worst principle's (100 without any)."""
    return min(scores.values()) if scores else CLEAN
