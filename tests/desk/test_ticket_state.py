"""A ticket's state follows its messages, as an audit reads them; a declared status (an agent
solving or reopening it, the helpdesk's export) has the last word until the next message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desk_support import FakeClock, Staff, new_ticket
from trustdesk.desk import replies, tickets
from trustdesk.desk.desk import Desk
from trustdesk.desk.imports import import_conversations
from trustdesk.model import Conversation

ANSWER = "I've sent a reset link to the email address on your account."


def _state(desk: Desk, staff: Staff, ticket_id: int) -> tuple[str, str, bool]:
    view = tickets.get_ticket(desk, staff.agent, ticket_id)
    return view.state, view.status, view.waiting_since is not None


def test_a_customers_confirmation_solves_the_ticket(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    ticket = new_ticket(desk, staff.agent, text="I'm locked out of my account. Can you help?")
    assert _state(desk, staff, ticket.id) == ("waiting_on_us", "open", True)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=ANSWER)
    assert _state(desk, staff, ticket.id) == ("waiting_on_customer", "pending", False)
    clock.advance(minutes=6)
    tickets.add_customer_message(
        desk, staff.agent, ticket_id=ticket.id, text="got the email and I'm back in. thanks"
    )
    assert _state(desk, staff, ticket.id) == ("solved", "resolved", False)
    # A new question reopens it, waiting from that question.
    clock.advance(hours=1)
    asked = tickets.add_customer_message(
        desk, staff.agent, ticket_id=ticket.id, text="One more thing: can I change my email?"
    )[0]
    view = tickets.get_ticket(desk, staff.agent, ticket.id)
    assert (view.state, view.status, view.waiting_since) == ("waiting_on_us", "open", asked.at)


def test_ok_thanks_is_no_question_and_the_wait_starts_at_the_next_one(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=ANSWER)
    clock.advance(minutes=2)
    tickets.add_customer_message(desk, staff.agent, ticket_id=ticket.id, text="ok thanks")
    assert _state(desk, staff, ticket.id) == ("solved", "resolved", False)
    clock.advance(days=2)
    later = tickets.add_customer_message(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        text="still no email in my inbox, and I checked spam.",
    )[0]
    view = tickets.get_ticket(desk, staff.agent, ticket.id)
    assert view.state == "waiting_on_us" and view.waiting_since == later.at
    assert view.waited is not None and view.waited.startswith("less than a minute")


def test_an_agent_solves_and_reopens(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=ANSWER)
    tickets.update_ticket(desk, staff.agent, ticket.id, status="resolved")
    assert _state(desk, staff, ticket.id) == ("solved", "resolved", False)
    # A thank-you keeps it solved; reopening makes it the team's again.
    tickets.add_customer_message(desk, staff.agent, ticket_id=ticket.id, text="thanks!")
    assert _state(desk, staff, ticket.id) == ("solved", "resolved", False)
    tickets.update_ticket(desk, staff.agent, ticket.id, status="open")
    assert _state(desk, staff, ticket.id) == ("open", "open", False)


def _export(status: str | None, *extra: dict[str, Any]) -> Conversation:
    data: dict[str, Any] = {
        "id": "zd-900",
        "messages": [
            {
                "id": "1",
                "role": "customer",
                "at": "2026-03-02T09:00:00Z",
                "text": "My card was charged twice. Why?",
            },
            {
                "id": "2",
                "role": "agent",
                "at": "2026-03-02T09:20:00Z",
                "text": "It was a duplicate authorisation: it drops off within 3 days.",
            },
            *extra,
        ],
    }
    if status is not None:
        data["status"] = status
    return Conversation.parse(data)


def test_an_import_carries_the_helpdesks_status(desk: Desk, staff: Staff) -> None:
    import_conversations(desk, staff.admin, [_export("solved")])
    [ticket] = tickets.list_tickets(desk, staff.admin).items
    assert (ticket.state, ticket.status, ticket.status_declared) == ("solved", "resolved", True)
    # The next export says it is open again, with no new message: the status follows it.
    import_conversations(desk, staff.admin, [_export("open")])
    [ticket] = tickets.list_tickets(desk, staff.admin).items
    assert (ticket.state, ticket.status) == ("open", "open")
    # A later export without a status and with a new question: the messages decide.
    question = {
        "id": "3",
        "role": "customer",
        "at": "2026-03-03T09:00:00Z",
        "text": "It is still there today. When exactly does it go?",
    }
    import_conversations(desk, staff.admin, [_export(None, question)])
    [ticket] = tickets.list_tickets(desk, staff.admin).items
    assert (ticket.state, ticket.status, ticket.status_declared) == (
        "waiting_on_us",
        "open",
        False,
    )


def test_a_holding_reply_leaves_the_update_owed_past_the_sla(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    ticket = new_ticket(desk, staff.agent, text="Why was I charged twice?")
    sent = replies.send_reply(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        text="I'm sorry about that. Let me check with billing and get back to you.",
        override_reason="Billing has not answered yet.",
    )
    view = tickets.get_ticket(desk, staff.agent, ticket.id)
    assert (view.state, view.waiting_since) == ("open", sent.message.at)
    # The update SLA is 24 business hours: a week later the update is overdue.
    clock.advance(days=7)
    [listed] = tickets.list_tickets(desk, staff.agent, waiting=True).items
    assert listed.waiting_past_sla and listed.sla_due_at is not None
    assert listed.sla_due_at < clock.moment < listed.sla_due_at + timedelta(days=7)
    counts = tickets.queue_counts(desk, staff.agent)
    assert (counts.states["open"], counts.waiting, counts.past_sla) == (1, 1, 1)
