"""Scores: one documented range for every principle.

A conversation starts at 100 on every principle its enabled checks cover. Each finding
deducts its severity's weight from its principle's score (info 2, warn 10, block 25), and a
score never falls below 0. 100 means no finding; 0 means a principle was broken repeatedly or
badly. Aggregates over many conversations are the mean of their scores.

A note of the audit on itself (`audit.truncated`: the conversation was read only in part)
weighs nothing: it says what was not read, not how the customer was served.
"""

from __future__ import annotations

from collections.abc import Iterable

from trustdesk.model import Finding, Principle, Severity

SEVERITY_WEIGHT = {Severity.INFO: 2.0, Severity.WARN: 10.0, Severity.BLOCK: 25.0}


def weight(finding: Finding) -> float:
    """What `finding` deducts from its principle's score: 0 for a note of the audit."""
    if finding.principle is None:
        return 0.0
    return SEVERITY_WEIGHT[finding.severity]


def principle_scores(
    findings: Iterable[Finding], principles: Iterable[Principle]
) -> dict[Principle, float]:
    scores = {principle: 100.0 for principle in principles}
    for finding in findings:
        if finding.principle is None:
            continue  # a note of the audit: no principle, no weight
        current = scores.get(finding.principle, 100.0)
        scores[finding.principle] = max(0.0, current - weight(finding))
    return dict(sorted(scores.items(), key=lambda item: list(Principle).index(item[0])))
