"""The report's figures on the fixture, against values worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from report_fixture import MIN_GROUP, TEAMS_YAML
from support import conversation
from trustdesk.analytics.result import ReportOptions, analyse
from trustdesk.analytics.teams import load_teams
from trustdesk.engine import Engine
from trustdesk.engine.limits import Limits
from trustdesk.io.audit_output import AuditOutput
from trustdesk.io.results import AuditWriter
from trustdesk.model import Conversation, is_audit_note
from trustdesk.report import write_report


@pytest.fixture(scope="module")
def figures(audited_fixture: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    teams = tmp_path_factory.mktemp("teams") / "teams.yaml"
    teams.write_text(TEAMS_YAML, encoding="utf-8")
    options = ReportOptions(min_group=MIN_GROUP, teams=load_teams(teams))
    return analyse(AuditOutput(audited_fixture), options).to_dict()


def test_overview(figures: dict[str, Any]) -> None:
    overview = figures["overview"]
    assert overview["conversations"] == 16
    assert overview["messages"] == 49  # 3 each, and one chase
    # 5 Spanish waits past the 4-hour SLA (260-340 minutes) and 1 chase.
    assert overview["findings"] == 6
    assert overview["findings_per_1000_messages"] == 122.4
    assert overview["verdicts"] == {"allow": 10, "warn": 6, "block": 0}


def test_responsiveness(figures: dict[str, Any]) -> None:
    service = figures["responsiveness"]
    first = service["first_reply"]
    assert first["n"] == 16
    assert first["median_hours"] == 2.33  # (80 + 200) / 2 minutes
    assert first["p90_hours"] == 5.17  # between the 14th and 15th: (300 + 320) / 2 minutes
    assert first["sla_hours"] == 4.0
    assert first["within_sla_share"] == 11 / 16  # all 8 English, and 200, 220, 240 minutes
    assert sum(bucket["count"] for bucket in first["histogram"]) == 16
    assert service["updates"]["n"] == 0
    assert (service["chased"]["count"], service["chased"]["n"]) == (1, 16)


def test_principle_trend_by_week(figures: dict[str, Any]) -> None:
    principles = figures["principles"]
    assert principles["period"] == "week"
    assert principles["periods"] == ["2026-W10", "2026-W11"]
    responsiveness = next(p for p in principles["scores"] if p["principle"] == "responsiveness")
    # 6 of 16 conversations hold one warning each (65), the other 10 none (100).
    assert responsiveness["score"] == pytest.approx((6 * 65 + 10 * 100) / 16, abs=0.05)
    assert sum(point["n"] for point in responsiveness["trend"]) == 16


def test_advocacy_and_remedies(figures: dict[str, Any]) -> None:
    advocacy = figures["advocacy"]
    assert advocacy["coverage"] == 1.0
    assert advocacy["satisfaction"]["mean"] == 3.5  # (32 + 24) / 16
    assert advocacy["satisfaction"]["distribution"] == {"1": 0, "2": 2, "3": 6, "4": 6, "5": 2}
    assert advocacy["treated_fairly"]["share"] == 14 / 16
    assert advocacy["comments"][0]["conversation_id"] == "es-15"
    remedies = advocacy["remedies"]
    assert remedies["recorded"] == 4
    assert remedies["granted"]["count"] == 2
    assert remedies["by_kind"] == {"goodwill": 2}


def test_scorecards_show_counts_and_flag_small_n(figures: dict[str, Any]) -> None:
    cards = {card["name"]: card for card in figures["scorecards"]["agents"]}
    assert cards["agent:lucia"]["conversations"] == 8
    assert cards["agent:lucia"]["small_n"] is False
    assert cards["agent:lucia"]["clean_share"] == 3 / 8
    assert cards["agent:lucia"]["team"] == "Spanish desk"
    assert cards["agent:priya"]["conversations"] == 4
    assert cards["agent:priya"]["small_n"] is True
    teams = {card["name"]: card for card in figures["scorecards"]["teams"]}
    assert teams["Delivery"]["conversations"] == 8
    assert teams["Delivery"]["clean_share"] == 7 / 8


def test_findings_carry_quoted_examples_and_fixes(figures: dict[str, Any]) -> None:
    by_check = {row["check"]: row for row in figures["findings"]}
    wait = by_check["responsiveness.wait"]
    assert wait["count"] == 5
    assert len(wait["examples"]) == 3  # capped
    assert wait["examples"][0]["quote"].startswith("Hola, mi pedido")
    assert wait["suggestion"]
    assert by_check["responsiveness.chasing"]["examples"][0]["quote"] == "Hello??"


def test_findings_carry_their_confidence_and_each_check_its_mean(figures: dict[str, Any]) -> None:
    for row in figures["findings"]:
        assert 0 < row["mean_confidence"] < 1, row["check"]
        for example in row["examples"]:
            assert 0 < example["confidence"] < 1
    for worst in figures["worst"]:
        assert all(0 < f["confidence"] < 1 for f in worst["findings"])


def test_worst_conversations_are_ranked_and_capped(audited_fixture: Path) -> None:
    worst = analyse(AuditOutput(audited_fixture), ReportOptions(worst=4)).worst
    assert len(worst) == 4
    scores = [item["score"] for item in worst]
    assert scores == sorted(scores)
    assert all(item["findings"] for item in worst)


def test_the_date_range_compares_times_not_strings(tmp_path: Path) -> None:
    def conversation(cid: str, at: str) -> Conversation:
        message = {"id": "m1", "role": "customer", "at": at, "text": "Where is my order?"}
        return Conversation.parse({"id": cid, "messages": [message]})

    # 23:30 in New York is 04:30 UTC the next day: later than 01:00 UTC, though it sorts first
    # as text.
    late = conversation("ny", "2026-03-02T23:30:00-05:00")
    early = conversation("london", "2026-03-03T01:00:00+00:00")
    engine = Engine()
    with AuditWriter(tmp_path / "audit", engine.policy) as writer:
        for item in (late, early):
            writer.add(item, engine.audit(item))
    overview = analyse(AuditOutput(tmp_path / "audit"), ReportOptions()).to_dict()["overview"]
    assert overview["first_conversation"].startswith("2026-03-03T01:00")
    assert overview["last_conversation"].startswith("2026-03-02T23:30")


def test_a_conversation_audited_in_part_is_listed_apart_and_weighs_nothing(
    tmp_path: Path,
) -> None:
    # The note falls on an agent's message: it must not count against that agent either.
    engine = Engine(limits=Limits(max_messages=3, max_message_chars=40))
    raw = conversation(
        ("customer", "Hi, my parcel has not arrived."),
        ("agent", "Thanks for waiting: your parcel ships today and arrives on Friday."),
        ("customer", "Thanks!"),
        ("agent", "You're welcome."),
        id="part",
    )
    raw["messages"][1]["author"] = "agent:zed"
    part = Conversation.parse(raw)
    whole = Conversation.parse(
        conversation(("customer", "Where is my parcel?"), ("agent", "It arrives on Friday."))
    )
    audits = {c.id: engine.audit(c) for c in (part, whole)}
    with AuditWriter(tmp_path / "audit", engine.policy) as writer:
        for item in (part, whole):
            writer.add(item, audits[item.id])
    on_service = [f for a in audits.values() for f in a.findings if not is_audit_note(f)]
    assert [f.check for a in audits.values() for f in a.findings if is_audit_note(f)] == [
        "audit.truncated"
    ]
    data = analyse(AuditOutput(tmp_path / "audit"), ReportOptions(min_group=1)).to_dict()
    assert data["overview"]["findings"] == len(on_service)
    assert data["overview"]["audited_in_part"] == 1
    assert sum(row["findings"] for row in data["principles"]["scores"]) == len(on_service)
    assert "audit.truncated" not in {row["check"] for row in data["findings"]}
    zed = next(card for card in data["scorecards"]["agents"] if card["name"] == "agent:zed")
    on_zed = [f for f in on_service if (f.conversation_id, f.message_id) == ("part", "m2")]
    assert zed["findings"] == len(on_zed)
    for item in data["worst"]:
        assert "audit.truncated" not in {f["check"] for f in item["findings"]}
    assert data["audited_in_part"]["conversations"] == 1
    [listed] = data["audited_in_part"]["listed"]
    assert (listed["conversation_id"], listed["message_id"]) == ("part", "m2")
    assert (listed["messages_not_read"], listed["messages_cut"]) == (1, 1)
    # The page shows them in a section of their own, every figure the JSON's.
    write_report(tmp_path / "audit", ReportOptions(min_group=1))
    page = (tmp_path / "audit" / "report.html").read_text(encoding="utf-8")
    assert 'id="audited-in-part"' in page and "audited in part" in page


def test_the_samples_block_conversations_head_the_worst_list(tmp_path: Path) -> None:
    from trustdesk.io.archive import audit_archive
    from trustdesk.samples import sample_path

    audit_archive([str(sample_path())], tmp_path, engine=Engine())
    worst = analyse(AuditOutput(tmp_path)).worst
    decisions = [item["decision"] for item in worst]
    blocks = decisions.count("block")
    assert blocks >= 1
    # Every block conversation ranks above every conversation with only warnings.
    assert decisions[:blocks] == ["block"] * blocks
    assert "block" not in decisions[blocks:]
