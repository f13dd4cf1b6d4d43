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


def analyse(
    output: AuditOutput,
    options: ReportOptions | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Analytics:
    options = options or ReportOptions()
    summary = output.summary
    policy = summary.get("policy") or {}
    principles = PrincipleScores()
    catalogue = FindingCatalogue(options.examples)
    worst = WorstConversations(options.worst)
    scorecards = Scorecards(options.teams)
    responsiveness = Responsiveness(policy.get("sla") or {})
    advocacy = Advocacy()
    equity = EquityColumns()
    in_part = AuditedInPart()
    conversations = messages = findings_total = 0
    decisions = {"allow": 0, "warn": 0, "block": 0}
    # (moment, as written): compared as times, since offsets differ across an archive.
    first: tuple[datetime, str] | None = None
    last: tuple[datetime, str] | None = None
    for item in output.conversations(on_progress):
        record = item.record
        # A note of the audit on itself (read in part) weighs in nothing below.
        findings, notes = split_notes(item.findings)
        in_part.add(str(record["conversation_id"]), notes)
        conversations += 1
        messages += int(record.get("messages") or 0)
        findings_total += len(findings)
        decision = str(record.get("decision") or "allow")
        decisions[decision] = decisions.get(decision, 0) + 1
        started = record.get("started")
        moment = _moment(started)
        if moment is not None and isinstance(started, str):
            first = (moment, started) if first is None or moment < first[0] else first
            last = (moment, started) if last is None or moment > last[0] else last
        score = conversation_score(record.get("scores"))
        principles.add(record.get("scores") or {}, findings, _started(record))
        catalogue.add(str(record["conversation_id"]), findings)
        worst.add(record, findings, score)
        scorecards.add(record.get("authors") or {}, findings, decision == "allow", score)
        responsiveness.add(record.get("service") or {}, int(record.get("customer_messages") or 0))
        advocacy.add(record)
        equity.add(record)
    overview = {
        "conversations": conversations,
        "messages": messages,
        "findings": findings_total,
        "findings_per_1000_messages": round(1000 * findings_total / messages, 1)
        if messages
        else 0.0,
        "skipped_records": int(summary.get("skipped_records") or 0),
        "audited_in_part": in_part.conversations,
        "verdicts": decisions,
        "first_conversation": first[1] if first else None,
        "last_conversation": last[1] if last else None,
        "policy": {"name": policy.get("name"), "revision": policy.get("revision")},
    }
    return Analytics(
        overview=overview,
        principles=principles.to_dict(options.period),
        findings=catalogue.to_dict(conversations),
        scorecards=scorecards.to_dict(options.min_group),
        responsiveness=responsiveness.to_dict(),
        equity=equity.to_dict(options.min_group, options.alpha),
        advocacy=advocacy.to_dict(),
        worst=worst.to_list(),
        audited_in_part=in_part.to_dict(),
        options={
            "min_group": options.min_group,
            "alpha": options.alpha,
            "period": options.period,
            "teams": options.teams is not None,
            "worst": options.worst,
            "examples": options.examples,
        },
    )
