"""After `make demo` (the bundled samples imported into a fresh desk, moved to recent weeks),
the home page, the queue, the promises board, the dashboard, the API and the audit report say
the same thing about the same conversations at the same moment."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desk_support import FakeClock
from trustdesk.cli.desk import _moved_to_recent_weeks
from trustdesk.desk import auth
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.roles import SYSTEM, Actor, Role
from trustdesk.io import read_conversations
from trustdesk.io.archive import audit_archive
from trustdesk.model import Conversation
from trustdesk.report.write import write_report
from trustdesk.samples import sample_path
from trustdesk.service_level.waits import needs_reply
from web_support import Web

# A Monday some months after the samples were written; `make demo` moves each sample forward
# by whole weeks so that it ends in the week before.
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SPOKEN = ("customer", "agent", "bot")


@pytest.fixture
def demo(web: Web, clock: FakeClock) -> list[Conversation]:
    clock.moment = NOW
    team = auth.ensure_team(web.desk, "Support")
    importer = Actor(user_id=None, username="import", role=Role.ADMIN, team_id=team)
    samples = list(read_conversations(str(sample_path()), strict=True))
    moved = _moved_to_recent_weeks(samples, NOW)
    import_conversations(web.desk, importer, moved)
    return moved


def _owed_a_reply(web: Web, conversations: list[Conversation]) -> set[str]:
    """The conversations whose last spoken message is a customer's that needs a reply."""
    owed = set()
    level = web.desk.engine.service_level
    for conversation in conversations:
        spoken = [m for m in conversation.messages if m.role.value in SPOKEN]
        last = spoken[-1]
        analysis = web.desk.engine.analyse(last)
        if last.role.value == "customer" and needs_reply(analysis, level.closing_max_words):
            owed.add(conversation.id)
    return owed


def _json(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_the_home_page_counts_the_customers_owed_a_reply(
    web: Web, demo: list[Conversation]
) -> None:
    lead = web.signed_in("lee")
    home = _json(lead.get("/?format=json"))
    owed = _owed_a_reply(web, demo)
    assert owed and home["queue"]["states"]["waiting_on_us"] == len(owed)
    listed = _json(lead.get("/tickets?state=waiting_on_us&format=json"))["tickets"]["items"]
    assert {t["external_id"] for t in listed} == owed
    page = lead.get("/").text
    assert f'<span class="big">{len(owed)}</span> customers waiting for an answer' in page


def test_a_confirmed_fix_is_solved_and_a_new_complaint_waits_from_itself(
    web: Web, demo: list[Conversation]
) -> None:
    lead = web.signed_in("lee")
    # One page per state: the whole inbox is longer than a page, in an order ties may change.
    by_id = {
        t["external_id"]: t
        for state in ("solved", "waiting_on_us")
        for t in _json(lead.get(f"/tickets?state={state}&format=json"))["tickets"]["items"]
    }
    # Ends "got the email and I'm back in. thanks".
    locked = by_id["account-locked-password-request"]
    assert (locked["state"], locked["waiting_since"], locked["waiting_past_sla"]) == (
        "solved",
        None,
        False,
    )
    # "ok thanks", then two days later "still no return label ...": the wait is from then.
    returns = by_id["returns-label-broken-promise"]
    [conversation] = [c for c in demo if c.id == "returns-label-broken-promise"]
    complaint = conversation.messages[-1]
    assert complaint.text.startswith("still no return label")
    assert returns["state"] == "waiting_on_us"
    assert datetime.fromisoformat(returns["waiting_since"]) == complaint.at
    # The banner, the queue and the live check measure the same wait.
    ticket = _json(lead.get(f"/tickets/{returns['id']}?format=json"))["ticket"]
    assert ticket["waited"] == returns["waited"]
    assert (
        f"The customer has waited <strong>{returns['waited']}</strong>"
        in lead.get(f"/tickets/{returns['id']}").text
    )
    draft = web.desk.engine.check_reply(
        conversation, "Here is your return label.", now=NOW, role="agent"
    )
    waits = [f for f in draft.findings if f.check == "responsiveness.wait"]
    assert [f.data["waited_seconds"] for f in waits] == [returns["waited_seconds"]]
    assert returns["waited"] in waits[0].explanation


def test_promises_agree_everywhere_with_the_audit(
    web: Web, demo: list[Conversation], tmp_path: Path
) -> None:
    # The audit report of the same conversations, judged at the same moment.
    archive = tmp_path / "samples.jsonl"
    archive.write_text(
        "".join(json.dumps(c.model_dump(mode="json", exclude_none=True)) + "\n" for c in demo),
        encoding="utf-8",
    )
    out = tmp_path / "audit"
    audit_archive([str(archive)], out, engine=web.desk.engine, now=NOW)
    report = write_report(out).analytics.to_dict()["responsiveness"]
    audited = report["promises"]
    assert audited["made"] > 20 and audited["kept"] and audited["broken"] and audited["open"]

    lead = web.signed_in("lee")
    token = auth.create_token(web.desk, SYSTEM, name="test", username="lee").token
    api = {"Authorization": f"Bearer {token}"}
    listed = _json(lead.client.get("/v1/commitments?limit=200", headers=api))["items"]
    engine_made = [c for c in listed if c["source"] == "engine"]
    by_status = Counter(c["status"] for c in engine_made)
    ledger = {
        "made": len(engine_made),
        "timed": len(engine_made) - by_status["untimed"],
        "kept": by_status["kept"],
        "broken": by_status["broken"],
        "open": by_status["open"],
    }
    figures = ("made", "timed", "kept", "broken", "open")
    assert ledger == {key: audited[key] for key in figures}
    counts = _json(lead.client.get("/v1/commitments/counts", headers=api))
    assert {key: counts[key] for key in figures} == ledger
    board = _json(lead.get("/commitments?format=json"))["counts"]
    assert board == counts
    dashboard = _json(lead.client.get("/v1/dashboard", headers=api))["commitments"]
    assert {key: dashboard[key] for key in figures} == ledger
    assert dashboard["overdue"] == counts["overdue"]

    # Where the conversations stood: the report's counts are the queue's.
    home = _json(lead.get("/?format=json"))
    assert report["states"] == home["queue"]["states"]
    assert report["waiting_past_sla"] == home["queue"]["past_sla"]


def test_importing_the_samples_again_adds_no_promise(web: Web, demo: list[Conversation]) -> None:
    token = auth.create_token(web.desk, SYSTEM, name="test", username="lee").token
    api = {"Authorization": f"Bearer {token}"}
    client = web.browser().client
    before = _json(client.get("/v1/commitments?limit=200", headers=api))["items"]
    team = auth.ensure_team(web.desk, "Support")
    importer = Actor(user_id=None, username="import", role=Role.ADMIN, team_id=team)
    again = import_conversations(web.desk, importer, demo)
    assert again.messages_added == 0
    after = _json(client.get("/v1/commitments?limit=200", headers=api))["items"]
    assert after == before
