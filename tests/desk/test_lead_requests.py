"""Asking a lead: an agent's draft goes to a lead of the team, who sends it (maybe edited, with
their note as the reason) or declines it, once."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from desk_support import Staff, new_ticket
from trustdesk.desk import audit_log, auth, customers, lead_requests, replies, tickets
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.roles import SYSTEM, Actor, Role
from trustdesk.desk.views import ReplyResult
from trustdesk.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)

BLOCKED = "Please send me your password so I can check the account."
VAGUE = "Sorry about that. We will get back to you soon."
GOOD = (
    "I am sorry your parcel is late. I have asked the courier to trace it and I will email "
    "you by 4pm tomorrow with what they find."
)
ASK = "The customer wants to know why the account is locked; how do I verify them?"
ANSWER = "We never ask for a password: I verified the account by e-mail instead."


def _ask(desk: Desk, staff: Staff, text: str = BLOCKED) -> tuple[int, int]:
    ticket = new_ticket(desk, staff.agent)
    request = lead_requests.ask_lead(desk, staff.agent, ticket_id=ticket.id, text=text, note=ASK)
    return ticket.id, request.id


def _other_lead(desk: Desk) -> Actor:
    user = auth.create_user(
        desk, SYSTEM, username="bea", password="bea-password-1", role=Role.LEAD, team="Billing"
    )
    return Actor(user.id, "bea", Role.LEAD, user.team_id)


def test_an_agent_asks_and_the_lead_sends_an_edited_reply(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    asked = lead_requests.ask_lead(
        desk, staff.agent, ticket_id=ticket.id, text=BLOCKED, note=f"  {ASK}  "
    )
    assert asked.status == "pending" and asked.decision == "block"
    assert asked.note == ASK and asked.text == BLOCKED
    assert asked.requested_by == "ann" and asked.requested_by_user_id == staff.agent.user_id
    assert asked.ticket_id == ticket.id and asked.ticket_subject == ticket.subject
    assert asked.resolved_at is None and asked.sent_message_id is None
    assert [r.id for r in lead_requests.list_lead_requests(desk, staff.lead)] == [asked.id]

    answered = lead_requests.answer_lead_request(
        desk, staff.lead, asked.id, send=True, text=GOOD, note=ANSWER
    )
    assert answered.status == "sent" and answered.lead_note == ANSWER
    assert answered.resolved_by == "lee" and answered.resolved_at is not None
    after = tickets.get_ticket(desk, staff.agent, ticket.id)
    sent = after.messages[-1]
    assert answered.sent_message_id == sent.id
    assert sent.text == GOOD and sent.author == "agent:lee" and sent.decision == "allow"
    assert after.open_commitments == 1
    assert lead_requests.list_lead_requests(desk, staff.lead) == []
    assert [r.id for r in lead_requests.list_lead_requests(desk, staff.agent, status="sent")] == [
        asked.id
    ]
    actions = [
        (e.action, e.detail.get("status"))
        for e in audit_log.list_entries(desk, staff.auditor, entity="lead_request").items
    ]
    assert actions == [("update", "sent"), ("create", None)]


@pytest.mark.parametrize(("draft", "decision"), [(BLOCKED, "block"), (VAGUE, "warn")])
def test_the_lead_sends_the_draft_as_it_is_with_their_note_as_the_reason(
    desk: Desk, staff: Staff, draft: str, decision: str
) -> None:
    ticket_id, request_id = _ask(desk, staff, draft)
    answered = lead_requests.answer_lead_request(
        desk, staff.lead, request_id, send=True, note=ANSWER
    )
    [_, sent] = tickets.get_ticket(desk, staff.lead, ticket_id).messages
    assert sent.id == answered.sent_message_id and sent.text == draft
    assert sent.decision == decision and sent.override_reason == ANSWER


def test_an_unsure_agent_may_ask_about_an_allowed_draft(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    asked = lead_requests.ask_lead(desk, staff.agent, ticket_id=ticket.id, text=GOOD)
    assert asked.decision == "allow" and asked.note is None


def test_a_lead_declines_with_a_note_and_nothing_is_sent(desk: Desk, staff: Staff) -> None:
    ticket_id, request_id = _ask(desk, staff)
    with pytest.raises(InputError) as error:
        lead_requests.answer_lead_request(
            desk, staff.lead, request_id, send=False, text=GOOD, note=ANSWER
        )
    assert error.value.field == "text"
    declined = lead_requests.answer_lead_request(
        desk, staff.lead, request_id, send=False, note="Ask the customer to reset it online."
    )
    assert declined.status == "declined" and declined.sent_message_id is None
    assert declined.lead_note == "Ask the customer to reset it online."
    assert len(tickets.get_ticket(desk, staff.agent, ticket_id).messages) == 1


@pytest.mark.parametrize("first", [True, False], ids=["sent", "declined"])
def test_a_request_is_answered_once(desk: Desk, staff: Staff, first: bool) -> None:
    _, request_id = _ask(desk, staff)
    lead_requests.answer_lead_request(desk, staff.lead, request_id, send=first, note=ANSWER)
    for send in (True, False):
        with pytest.raises(ConflictError, match="already answered"):
            lead_requests.answer_lead_request(desk, staff.admin, request_id, send=send, note=ANSWER)


def test_a_note_saying_why_is_required(desk: Desk, staff: Staff) -> None:
    _, request_id = _ask(desk, staff)
    for note in ("", "ok", " " * 10):
        with pytest.raises(InputError) as error:
            lead_requests.answer_lead_request(desk, staff.lead, request_id, send=True, note=note)
        assert error.value.field == "note"
    [pending] = lead_requests.list_lead_requests(desk, staff.lead)
    assert pending.id == request_id


def test_who_may_ask_and_who_may_answer(desk: Desk, staff: Staff) -> None:
    ticket_id, request_id = _ask(desk, staff)
    with pytest.raises(PermissionDeniedError, match="only a lead"):
        lead_requests.answer_lead_request(desk, staff.agent, request_id, send=True, note=ANSWER)
    with pytest.raises(PermissionDeniedError):
        lead_requests.ask_lead(desk, staff.auditor, ticket_id=ticket_id, text=BLOCKED)
    answered = lead_requests.answer_lead_request(
        desk, staff.admin, request_id, send=False, note=ANSWER
    )
    assert answered.resolved_by == "ada"


def test_requests_are_seen_by_the_tickets_team_only(desk: Desk, staff: Staff) -> None:
    ticket_id, request_id = _ask(desk, staff)
    billing_lead = _other_lead(desk)
    with pytest.raises(NotFoundError):
        lead_requests.ask_lead(desk, staff.other_agent, ticket_id=ticket_id, text=BLOCKED)
    assert lead_requests.list_lead_requests(desk, staff.other_agent) == []
    assert lead_requests.list_lead_requests(desk, billing_lead, status=None) == []
    with pytest.raises(NotFoundError):
        lead_requests.list_lead_requests(desk, staff.other_agent, ticket_id=ticket_id)
    with pytest.raises(NotFoundError):
        lead_requests.answer_lead_request(desk, billing_lead, request_id, send=True, note=ANSWER)
    with pytest.raises(NotFoundError):
        lead_requests.answer_lead_request(desk, staff.lead, 987_654, send=True, note=ANSWER)
    for everyone in (staff.admin, staff.auditor, staff.agent):
        assert [r.id for r in lead_requests.list_lead_requests(desk, everyone)] == [request_id]
    # Billing's own requests are Billing's.
    billing = new_ticket(
        desk, staff.other_agent, customer=CustomerIn(external_id="cus-2"), text="Charged twice?"
    )
    own = lead_requests.ask_lead(desk, staff.other_agent, ticket_id=billing.id, text=VAGUE)
    assert [r.id for r in lead_requests.list_lead_requests(desk, billing_lead)] == [own.id]
    assert [r.id for r in lead_requests.list_lead_requests(desk, staff.lead)] == [request_id]
    assert [
        r.id for r in lead_requests.list_lead_requests(desk, staff.admin, ticket_id=billing.id)
    ] == [own.id]


def test_the_queue_is_oldest_first_and_answers_newest_first(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    ids = [
        lead_requests.ask_lead(desk, staff.agent, ticket_id=ticket.id, text=text).id
        for text in (BLOCKED, VAGUE, GOOD)
    ]
    assert [r.id for r in lead_requests.list_lead_requests(desk, staff.lead)] == ids
    for request_id in ids:
        lead_requests.answer_lead_request(desk, staff.lead, request_id, send=False, note=ANSWER)
    everything = lead_requests.list_lead_requests(desk, staff.lead, status=None)
    assert [r.id for r in everything] == ids[::-1]
    assert len(lead_requests.list_lead_requests(desk, staff.lead, status=None, limit=2)) == 2


def test_a_send_that_fails_marks_nothing(
    desk: Desk, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket_id, request_id = _ask(desk, staff)

    def broken(*_: object) -> None:
        raise RuntimeError("the commitments could not be recorded")

    monkeypatch.setattr(replies, "refresh", broken)
    with pytest.raises(RuntimeError):
        lead_requests.answer_lead_request(
            desk, staff.lead, request_id, send=True, text=GOOD, note=ANSWER
        )
    [pending] = lead_requests.list_lead_requests(desk, staff.lead)
    assert pending.id == request_id and pending.status == "pending"
    assert len(tickets.get_ticket(desk, staff.lead, ticket_id).messages) == 1
    monkeypatch.undo()
    answered = lead_requests.answer_lead_request(
        desk, staff.lead, request_id, send=True, text=GOOD, note=ANSWER
    )
    assert answered.status == "sent"


def test_an_empty_draft_is_refused(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    with pytest.raises(InputError) as error:
        lead_requests.ask_lead(desk, staff.agent, ticket_id=ticket.id, text="  ")
    assert error.value.field == "text"
    _, request_id = _ask(desk, staff)
    with pytest.raises(InputError):
        lead_requests.answer_lead_request(
            desk, staff.lead, request_id, send=True, text="", note=ANSWER
        )


def test_a_customers_export_and_erase_cover_the_requests(desk: Desk, staff: Staff) -> None:
    ticket_id, request_id = _ask(desk, staff)
    lead_requests.answer_lead_request(desk, staff.lead, request_id, send=False, note=ANSWER)
    customer_id = tickets.get_ticket(desk, staff.admin, ticket_id).customer_id
    exported = customers.export_customer(desk, staff.admin, customer_id)
    [request] = exported["tickets"][0]["lead_requests"]
    assert request["text"] == BLOCKED and request["lead_note"] == ANSWER
    customers.erase_customer(desk, staff.admin, customer_id)
    [erased] = lead_requests.list_lead_requests(desk, staff.admin, status=None)
    assert erased.text == erased.note == erased.lead_note == customers.ERASED


def test_leads_answering_at_once_send_one_reply(
    desk: Desk, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket_id, request_id = _ask(desk, staff)
    store_reply = replies.store_reply

    def slow(*args: Any, **kwargs: Any) -> ReplyResult:
        time.sleep(0.2)  # every answer reads the request before the first one commits
        return store_reply(*args, **kwargs)

    monkeypatch.setattr(replies, "store_reply", slow)

    def answer(send: bool) -> str:
        try:
            return lead_requests.answer_lead_request(
                desk, staff.lead, request_id, send=send, note=ANSWER
            ).status
        except ConflictError:
            return "conflict"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(answer, [True] * 6))
    assert sorted(outcomes) == ["conflict"] * 5 + ["sent"]
    assert len(tickets.get_ticket(desk, staff.lead, ticket_id).messages) == 2
