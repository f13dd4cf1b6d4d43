"""One analytics result for one audit output folder, computed in a single streaming pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from trustdesk.analytics.advocacy import Advocacy
from trustdesk.analytics.coverage import AuditedInPart, split_notes
from trustdesk.analytics.equity import ALPHA, MIN_GROUP, EquityColumns
from trustdesk.analytics.findings import FindingCatalogue, WorstConversations
from trustdesk.analytics.principles import Period, PrincipleScores
from trustdesk.analytics.responsiveness import Responsiveness
from trustdesk.analytics.scorecards import Scorecards
from trustdesk.engine.scoring import overall_score
from trustdesk.io.audit_output import AuditOutput

REPORT_FORMAT = 1
# The HTML lists at most this many agents and teams (report.json holds them all).
SCORECARD_ROWS = 100


@dataclass(frozen=True)
class ReportOptions:
    min_group: int = MIN_GROUP
    alpha: float = ALPHA
    period: Period | Literal["auto"] = "auto"
    teams: dict[str, str] | None = None
    worst: int = 50
    examples: int = 3


@dataclass(frozen=True)
class Analytics:
    """Every figure of the report. report.json is `to_dict()`; report.html renders the same dict."""

    overview: dict[str, Any]
    principles: dict[str, Any]
    findings: list[dict[str, Any]]
    scorecards: dict[str, Any]
    responsiveness: dict[str, Any]
    equity: dict[str, Any]
    advocacy: dict[str, Any]
    worst: list[dict[str, Any]]
    options: dict[str, Any] = field(default_factory=dict)
    # Conversations read only in part (an audit.truncated note each), apart from the findings.
    audited_in_part: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT,
            "options": self.options,
            "overview": self.overview,
            "principles": self.principles,
            "findings": self.findings,
            "scorecards": self.scorecards,
            "responsiveness": self.responsiveness,
            "equity": self.equity,
            "advocacy": self.advocacy,
            "worst": self.worst,
            "audited_in_part": self.audited_in_part,
        }


def _moment(value: Any) -> datetime | None:
    """An ISO time as an aware datetime (UTC when it has no offset), or None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _started(record: dict[str, Any]) -> datetime | None:
    """The day the conversation started, on its own clock (for the trend by week or month)."""
    moment = _moment(record.get("started"))
    if moment is None:
        return None
    return moment.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)


def conversation_score(scores: Any) -> float:
    """A conversation's overall score: its worst principle's (see `engine.scoring`)."""
    return overall_score(scores if isinstance(scores, dict) else None)


class ReportFold:
    """The report's figures over a run of conversations, gathered in one pass. The folds of
    consecutive parts of an audit, merged in order, equal the fold of the whole (how a
    cluster reports on an audit's partitions, see `trustdesk.scale.report`)."""

    def __init__(self, options: ReportOptions, sla: dict[str, Any]) -> None:
        self.principles = PrincipleScores()
        self.catalogue = FindingCatalogue(options.examples)
        self.worst = WorstConversations(options.worst)
        self.scorecards = Scorecards(options.teams)
        self.responsiveness = Responsiveness(sla)
        self.advocacy = Advocacy()
        self.equity = EquityColumns()
        self.in_part = AuditedInPart()
        self.conversations = self.messages = self.findings = 0
        self.decisions = {"allow": 0, "warn": 0, "block": 0}
        # (moment, as written): compared as times, since offsets differ across an archive.
        self.first: tuple[datetime, str] | None = None
        self.last: tuple[datetime, str] | None = None

    def add(self, record: dict[str, Any], all_findings: list[dict[str, Any]]) -> None:
        # A note of the audit on itself (read in part) weighs in nothing below.
        findings, notes = split_notes(all_findings)
        self.in_part.add(str(record["conversation_id"]), notes)
        self.conversations += 1
        self.messages += int(record.get("messages") or 0)
        self.findings += len(findings)
        decision = str(record.get("decision") or "allow")
        self.decisions[decision] = self.decisions.get(decision, 0) + 1
        started = record.get("started")
        moment = _moment(started)
        if moment is not None and isinstance(started, str):
            self._span((moment, started), (moment, started))
        score = conversation_score(record.get("scores"))
        self.principles.add(record.get("scores") or {}, findings, _started(record))
        self.catalogue.add(str(record["conversation_id"]), findings)
        self.worst.add(record, findings, score)
        self.scorecards.add(record.get("authors") or {}, findings, decision == "allow", score)
        self.responsiveness.add(
            record.get("service") or {}, int(record.get("customer_messages") or 0)
        )
        self.advocacy.add(record)
        self.equity.add(record)

    def _span(self, first: tuple[datetime, str] | None, last: tuple[datetime, str] | None) -> None:
        """The earliest and latest start, the first met of equal moments."""
        if first is not None and (self.first is None or first[0] < self.first[0]):
            self.first = first
        if last is not None and (self.last is None or last[0] > self.last[0]):
            self.last = last

    def merge(self, later: ReportFold) -> ReportFold:
        """This fold with that of the conversations right after these added."""
        self.principles.merge(later.principles)
        self.catalogue.merge(later.catalogue)
        self.worst.merge(later.worst)
        self.scorecards.merge(later.scorecards)
        self.responsiveness.merge(later.responsiveness)
        self.advocacy.merge(later.advocacy)
        self.equity.merge(later.equity)
        self.in_part.merge(later.in_part)
        self.conversations += later.conversations
        self.messages += later.messages
        self.findings += later.findings
        for decision, count in later.decisions.items():
            self.decisions[decision] = self.decisions.get(decision, 0) + count
        self._span(later.first, later.last)
        return self

    def analytics(self, summary: dict[str, Any], options: ReportOptions) -> Analytics:
        policy = summary.get("policy") or {}
        conversations, messages, findings = self.conversations, self.messages, self.findings
        overview = {
            "conversations": conversations,
            "messages": messages,
            "findings": findings,
            "findings_per_1000_messages": round(1000 * findings / messages, 1) if messages else 0.0,
            "skipped_records": int(summary.get("skipped_records") or 0),
            "audited_in_part": self.in_part.conversations,
            "verdicts": self.decisions,
            "first_conversation": self.first[1] if self.first else None,
            "last_conversation": self.last[1] if self.last else None,
            "policy": {"name": policy.get("name"), "revision": policy.get("revision")},
        }
        return Analytics(
            overview=overview,
            principles=self.principles.to_dict(options.period),
            findings=self.catalogue.to_dict(conversations),
            scorecards=self.scorecards.to_dict(options.min_group),
            responsiveness=self.responsiveness.to_dict(),
            equity=self.equity.to_dict(options.min_group, options.alpha),
            advocacy=self.advocacy.to_dict(),
            worst=self.worst.to_list(),
            audited_in_part=self.in_part.to_dict(),
            options={
                "min_group": options.min_group,
                "alpha": options.alpha,
                "period": options.period,
                "teams": options.teams is not None,
                "worst": options.worst,
                "examples": options.examples,
            },
        )


def sla_of(summary: dict[str, Any]) -> dict[str, Any]:
    """The service levels of the policy an audit ran under, as its summary records them."""
    policy = summary.get("policy") or {}
    return dict(policy.get("sla") or {})


def analyse(
    output: AuditOutput,
    options: ReportOptions | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Analytics:
    options = options or ReportOptions()
    fold = ReportFold(options, sla_of(output.summary))
    for item in output.conversations(on_progress):
        fold.add(item.record, item.findings)
    return fold.analytics(output.summary, options)
