"""Totals over many audited conversations: findings by check, principle and severity.

A note of the audit on itself (`audit.truncated`) is counted apart, in `truncated`: it is not
a finding on the service, so it is in no total of findings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from trustdesk.model import Audit, Principle, is_audit_note


@dataclass(frozen=True, slots=True)
class AuditTally:
    """What one audited conversation adds to a summary, small enough to send between machines:
    a distributed audit sends these back in input order, so its totals are summed in the same
    order, to the same last bit, as a single-process audit's."""

    messages: int
    truncated: bool
    # (check, principle, severity, confidence) of each finding, audit notes left out.
    findings: tuple[tuple[str, str | None, str, float | None], ...]
    scores: tuple[tuple[Principle, float], ...]

    @classmethod
    def of(cls, audit: Audit) -> AuditTally:
        return cls(
            messages=audit.messages,
            truncated=bool(audit.truncated),
            findings=tuple(
                (
                    f.check,
                    f.principle.value if f.principle is not None else None,
                    f.severity.value,
                    f.confidence,
                )
                for f in audit.findings
                if not is_audit_note(f)
            ),
            scores=tuple(audit.scores.items()),
        )


@dataclass
class AuditSummary:
    conversations: int = 0
    messages: int = 0
    findings: int = 0
    skipped: int = 0
    # Conversations audited in part, to stay within the engine's limits.
    truncated: int = 0
    by_check: Counter[str] = field(default_factory=Counter)
    by_principle: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    conversations_with_findings: int = 0
    _score_sums: dict[Principle, float] = field(default_factory=dict)
    _score_counts: Counter[Principle] = field(default_factory=Counter)
    _confidence_sums: dict[str, float] = field(default_factory=dict)

    def add(self, audit: Audit) -> None:
        self.add_tally(AuditTally.of(audit))

    def add_tally(self, tally: AuditTally) -> None:
        self.conversations += 1
        self.messages += tally.messages
        self.findings += len(tally.findings)
        if tally.truncated:
            self.truncated += 1
        if tally.findings:
            self.conversations_with_findings += 1
        for check, principle, severity, confidence in tally.findings:
            self.by_check[check] += 1
            if principle is not None:
                self.by_principle[principle] += 1
            self.by_severity[severity] += 1
            if confidence is not None:
                sums = self._confidence_sums
                sums[check] = sums.get(check, 0.0) + confidence
        for principle, score in tally.scores:
            self._score_sums[principle] = self._score_sums.get(principle, 0.0) + score
            self._score_counts[principle] += 1

    @property
    def scores(self) -> dict[str, float]:
        """Mean 0-100 score per principle over the audited conversations."""
        return {
            p.value: round(self._score_sums[p] / self._score_counts[p], 1)
            for p in Principle
            if self._score_counts[p]
        }

    @property
    def confidence_by_check(self) -> dict[str, float]:
        """The mean confidence of each check's findings."""
        return {
            check: round(total / self.by_check[check], 3)
            for check, total in sorted(self._confidence_sums.items())
        }

    @property
    def findings_per_1000_messages(self) -> float:
        return round(1000 * self.findings / self.messages, 1) if self.messages else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversations": self.conversations,
            "messages": self.messages,
            "findings": self.findings,
            "skipped_records": self.skipped,
            "truncated_conversations": self.truncated,
            "conversations_with_findings": self.conversations_with_findings,
            "findings_per_1000_messages": self.findings_per_1000_messages,
            "by_check": dict(sorted(self.by_check.items())),
            "confidence_by_check": self.confidence_by_check,
            "by_principle": dict(sorted(self.by_principle.items())),
            "by_severity": {s: self.by_severity.get(s, 0) for s in ("info", "warn", "block")},
            "scores": self.scores,
        }
