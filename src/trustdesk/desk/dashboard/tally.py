"""The dashboard's running sums, and the records they become.

Each reply counts in the totals, its author's tally and its ticket's team's tally. Each
conversation (ticket) started in the range counts, with its principle scores
(`trustdesk.engine.scoring`, from the findings stored on its messages), in the totals, its
team's tally, the tally of each author who wrote in it and its period's (the period it
started in, as the audit report's trend). The sums become the records of `views` at the end.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from trustdesk.analytics.findings import QUOTE_CHARS
from trustdesk.desk.dashboard.periods import Span
from trustdesk.desk.dashboard.views import (
    CheckFrequency,
    CommitmentCounts,
    FindingExample,
    PeriodScore,
    PrincipleTrend,
)
from trustdesk.model import PRINCIPLE_TITLES, Principle

# The most frequent checks listed: room for the whole catalogue and a team's own checks, so
# the list is the report's (a cut at 20 hid the 21st check with findings).
TOP_CHECKS = 50
# An agent is one author: (user id, author as stored, message role).
AgentKey = tuple[int | None, str | None, str]


@dataclass
class Tally:
    replies: int = 0
    decisions: Counter[str | None] = field(default_factory=Counter)
    overrides: int = 0
    # On the group's conversations (an author's: on their own messages).
    findings: int = 0
    conversations: int = 0
    # Principle -> sum of the conversations' scores, and how many conversations scored it.
    score_sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    scored: Counter[str] = field(default_factory=Counter)
    # Principle -> conversations with at least one finding of it.
    flagged: Counter[str] = field(default_factory=Counter)
    # Promises by what they are now (and "made", "timed", "overdue"; see desk.ledger).
    commitments: Counter[str] = field(default_factory=Counter)

    def stats(self, principles: list[str]) -> dict[str, Any]:
        n = self.replies
        return {
            "replies": n,
            "allowed": self.decisions["allow"],
            "warned": self.decisions["warn"],
            "blocked_overridden": self.decisions["block"],
            "unchecked": self.decisions[None],
            "allowed_share": share(self.decisions["allow"], n),
            "warned_share": share(self.decisions["warn"], n),
            "blocked_overridden_share": share(self.decisions["block"], n),
            "overrides": self.overrides,
            "findings": self.findings,
            "findings_per_100_replies": round(100 * self.findings / n, 1) if n else None,
            "conversations": self.conversations,
            "scores": {p: self.score(p) for p in principles},
            "commitments": commitment_counts(self.commitments),
        }

    def add_conversation(self, scores: dict[str, float], named: set[str]) -> None:
        """A conversation's scores, and the principles its findings name."""
        self.conversations += 1
        for principle, value in scores.items():
            self.score_sums[principle] += value
            self.scored[principle] += 1
        self.flagged.update(named)

    def score(self, principle: str) -> float | None:
        """The mean of the conversations' scores, as the audit report's (None over none)."""
        n = self.scored[principle]
        return round(self.score_sums[principle] / n, 1) if n else None


@dataclass
class CheckTally:
    principle: str
    count: int = 0
    conversations: int = 0
    examples: list[FindingExample] = field(default_factory=list)


@dataclass
class Tallies:
    periods: list[Tally]
    total: Tally = field(default_factory=Tally)
    agents: dict[AgentKey, Tally] = field(default_factory=dict)
    teams: dict[int | None, Tally] = field(default_factory=dict)
    principle_findings: Counter[str] = field(default_factory=Counter)
    checks: dict[str, CheckTally] = field(default_factory=dict)
    truncated: bool = False

    def groups(self, agent: AgentKey, team_id: int | None) -> tuple[Tally, ...]:
        """The tallies a reply of `agent` on a ticket of `team_id` counts in."""
        return (
            self.total,
            self.agents.setdefault(agent, Tally()),
            self.teams.setdefault(team_id, Tally()),
        )


def trend(principle: str, tallies: Tallies, periods: list[Span]) -> PrincipleTrend:
    total = tallies.total
    return PrincipleTrend(
        principle=principle,
        label=label(principle),
        score=total.score(principle),
        conversations=total.scored[principle],
        flagged=total.flagged[principle],
        findings=tallies.principle_findings[principle],
        trend=[
            PeriodScore(
                period=span.label,
                score=tally.score(principle),
                conversations=tally.scored[principle],
                flagged=tally.flagged[principle],
            )
            for span, tally in zip(periods, tallies.periods, strict=True)
        ],
    )


def checks(tallies: Tallies) -> list[CheckFrequency]:
    ranked = sorted(tallies.checks.items(), key=lambda item: (-item[1].count, item[0]))
    return [
        CheckFrequency(
            check=check_id,
            principle=check.principle,
            label=label(check.principle),
            count=check.count,
            conversations=check.conversations,
            share=share(check.conversations, tallies.total.conversations),
            examples=check.examples,
        )
        for check_id, check in ranked[:TOP_CHECKS]
    ]


def commitment_counts(counts: Counter[str]) -> CommitmentCounts:
    judged = counts["kept"] + counts["broken"]
    return CommitmentCounts(
        made=counts["made"],
        timed=counts["timed"],
        open=counts["open"],
        overdue=counts["overdue"],
        kept=counts["kept"],
        broken=counts["broken"],
        untimed=counts["untimed"],
        renegotiated=counts["renegotiated"],
        kept_share=counts["kept"] / judged if judged else None,
    )


def label(principle: str) -> str:
    try:
        return PRINCIPLE_TITLES[Principle(principle)]
    except ValueError:
        return principle.replace("_", " ").capitalize()


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def clip(text: Any) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= QUOTE_CHARS else value[: QUOTE_CHARS - 1] + "…"
