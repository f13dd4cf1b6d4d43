"""The dashboard and the audit report score the same conversations with the same code: the
bundled samples imported into a fresh desk and audited by the engine at the same moment give
the same principle scores (overall, by team, by week) and the same counts of findings."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desk_support import FakeClock, Staff
from trustdesk.cli.desk import _moved_to_recent_weeks
from trustdesk.desk import auth
from trustdesk.desk.dashboard import dashboard
from trustdesk.desk.desk import Desk
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.roles import Actor, Role
from trustdesk.io import read_conversations
from trustdesk.io.archive import audit_archive
from trustdesk.model import Conversation
from trustdesk.report.write import write_report
from trustdesk.samples import load_samples, sample_path

# A Monday some months after the samples were written, as `make demo` moves them.
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _samples() -> list[Conversation]:
    return _moved_to_recent_weeks(list(read_conversations(str(sample_path()), strict=True)), NOW)


def _import_and_audit(
    desk: Desk, clock: FakeClock, conversations: list[Conversation], folder: Path
) -> dict[str, Any]:
    """The conversations imported into the desk's team Support, and the report of an audit
    of the same conversations by the desk's engine at the desk's moment."""
    clock.moment = NOW
    team = auth.ensure_team(desk, "Support")
    importer = Actor(user_id=None, username="import", role=Role.ADMIN, team_id=team)
    import_conversations(desk, importer, conversations)
    archive = folder / "samples.jsonl"
    archive.write_text(
        "".join(
            json.dumps(c.model_dump(mode="json", exclude_none=True)) + "\n" for c in conversations
        ),
        encoding="utf-8",
    )
    audit_archive([str(archive)], folder / "audit", engine=desk.engine, now=NOW)
    return write_report(folder / "audit").analytics.to_dict()


def test_the_dashboard_scores_and_counts_findings_as_the_report_does(
    desk: Desk, staff: Staff, clock: FakeClock, tmp_path: Path
) -> None:
    report = _import_and_audit(desk, clock, _samples(), tmp_path)
    view = dashboard(desk, staff.lead)

    reported = {row["principle"]: row for row in report["principles"]["scores"]}
    shown = {p.principle: p for p in view.principles}
    assert list(shown) == list(reported)
    assert {k: p.score for k, p in shown.items()} == {k: r["score"] for k, r in reported.items()}
    assert {k: p.findings for k, p in shown.items()} == {
        k: r["findings"] for k, r in reported.items()
    }
    conversations = report["overview"]["conversations"]
    assert view.totals.conversations == conversations == len(load_samples())
    assert all(p.conversations == conversations for p in shown.values())
    # The customers' messages hold findings too (a wait past the SLA, a chaser, a question
    # left unanswered), and a promise due before now and not kept is broken now.
    assert {k: p.findings for k, p in shown.items()}["responsiveness"] > 0
    checks = {c["check"]: c["count"] for c in report["findings"]}
    assert {c.check: c.count for c in view.findings} == checks
    assert checks["promises.broken"] == report["responsiveness"]["promises"]["broken"]
    assert view.totals.findings == report["overview"]["findings"]
    by_conversation = {c["check"]: c["conversations"] for c in report["findings"]}
    assert {c.check: c.conversations for c in view.findings} == by_conversation
    # One team holds every ticket: its scores are the totals'.
    [team] = view.teams
    assert team.scores == view.totals.scores == {k: r["score"] for k, r in reported.items()}


def test_week_by_week_the_trend_is_the_reports(
    desk: Desk, staff: Staff, clock: FakeClock, tmp_path: Path
) -> None:
    # The report dates a conversation by its first timed message and leaves one with no time
    # out of its trend; the desk dates that one by its import. The timed samples only, then.
    timed = [c for c in _samples() if any(m.at for m in c.messages)]
    report = _import_and_audit(desk, clock, timed, tmp_path)
    view = dashboard(desk, staff.lead, period="week")
    reported = {
        row["principle"]: {t["period"]: (t["score"], t["n"]) for t in row["trend"]}
        for row in report["principles"]["scores"]
    }
    shown = {
        p.principle: {t.period: (t.score, t.conversations) for t in p.trend if t.conversations}
        for p in view.principles
    }
    assert shown == reported
    assert len(next(iter(shown.values()))) >= 2


def test_an_agent_is_scored_on_the_conversations_they_wrote_in(
    desk: Desk, staff: Staff, clock: FakeClock, tmp_path: Path
) -> None:
    samples = _samples()
    _import_and_audit(desk, clock, samples, tmp_path)
    view = dashboard(desk, staff.lead)
    wrote_in = Counter(
        author
        for c in samples
        for author in {m.author for m in c.messages if m.role.value in ("agent", "bot")}
    )
    assert {a.author: a.conversations for a in view.agents} == dict(wrote_in)
    assert sum(a.findings for a in view.agents) <= view.totals.findings


@pytest.mark.parametrize("period", ["day", "month"])
def test_every_period_adds_up_to_the_range(
    desk: Desk, staff: Staff, clock: FakeClock, tmp_path: Path, period: str
) -> None:
    _import_and_audit(desk, clock, _samples(), tmp_path)
    view = dashboard(desk, staff.lead, period=period)  # type: ignore[arg-type]
    assert (
        sum(p.conversations for p in view.periods)
        == view.totals.conversations
        == len(load_samples())
    )
