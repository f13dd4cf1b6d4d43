"""Tickets: storing the customer's words (without their secrets), finding and reading them."""

from __future__ import annotations

import pytest

from desk_support import FakeClock, Staff, new_ticket
from trustdesk.desk import audit_log, tickets
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.errors import InputError, NotFoundError, PermissionDeniedError


def test_a_ticket_keeps_the_customer_and_the_first_message(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(
        desk,
        staff.agent,
        customer=CustomerIn(
            external_id="cus-7",
            name="Robin",
            language="en",
            segment={"tier": "gold"},
            preferences={"marketing": False},
        ),
        channel="chat",
        requested="a refund",
    )
    assert ticket.status == "open"
    assert ticket.customer.segment == {"tier": "gold"}
    assert ticket.customer.preferences == {"marketing": False}
    assert [m.role for m in ticket.messages] == ["customer"]
    assert ticket.waiting_since == desk.now()
    assert ticket.subject.startswith("My parcel has not arrived")


def test_card_numbers_and_passwords_are_redacted_before_storing(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(
        desk,
        staff.agent,
        text="Card 4111 1111 1111 1111 was charged twice. My password is Tr0ub4dor&3, fix it!",
    )
    stored = ticket.messages[0]
    assert "4111" not in stored.text and "Tr0ub4dor" not in stored.text
    assert "4111" not in ticket.subject
    assert "[card number removed]" in stored.text and "[password removed]" in stored.text
    assert stored.redactions == ["card", "password"]


def test_redaction_can_be_switched_off(desk: Desk, staff: Staff) -> None:
    desk.settings = desk.settings.model_copy(update={"redact_secrets": False})
    ticket = new_ticket(desk, staff.agent, text="My card 4111 1111 1111 1111 was declined.")
    assert "4111 1111 1111 1111" in ticket.messages[0].text


def test_the_same_external_id_twice_changes_nothing(desk: Desk, staff: Staff) -> None:
    first, created = tickets.create_ticket(
        desk, staff.agent, customer=CustomerIn(), text="Hello?", external_id="zd-1"
    )
    again, created_again = tickets.create_ticket(
        desk, staff.agent, customer=CustomerIn(), text="Hello again?", external_id="zd-1"
    )
    assert created and not created_again
    assert again.id == first.id and len(again.messages) == 1
    _, added = tickets.add_customer_message(
        desk, staff.agent, ticket_id=first.id, text="Anyone?", external_id="zd-1-2"
    )
    _, added_again = tickets.add_customer_message(
        desk, staff.agent, ticket_id=first.id, text="Anyone?", external_id="zd-1-2"
    )
    assert added and not added_again
    assert len(tickets.get_ticket(desk, staff.agent, first.id).messages) == 2


def test_listing_filters_searches_and_puts_the_longest_waiting_first(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    older = new_ticket(desk, staff.agent, text="Where is my parcel 1?")
    clock.advance(hours=1)
    newer = new_ticket(desk, staff.agent, text="My invoice shows the wrong address.")
    listed = tickets.list_tickets(desk, staff.agent)
    assert [t.id for t in listed.items] == [older.id, newer.id]
    found = tickets.list_tickets(desk, staff.agent, search="invoice")
    assert [t.id for t in found.items] == [newer.id]
    # Percent signs are searched for literally, not as wildcards.
    assert tickets.list_tickets(desk, staff.agent, search="%").items == []
    tickets.update_ticket(desk, staff.agent, older.id, status="resolved")
    assert [t.id for t in tickets.list_tickets(desk, staff.agent, status="open").items] == [
        newer.id
    ]
    page = tickets.list_tickets(desk, staff.agent, limit=1)
    assert page.more and len(page.items) == 1


def test_waiting_past_the_sla_is_marked(desk: Desk, staff: Staff, clock: FakeClock) -> None:
    ticket = new_ticket(desk, staff.agent)
    assert not tickets.list_tickets(desk, staff.agent).items[0].waiting_past_sla
    clock.advance(hours=5)  # the default first-response SLA is 4 business hours
    listed = tickets.list_tickets(desk, staff.agent, waiting=True).items
    assert [t.id for t in listed] == [ticket.id]
    assert listed[0].waiting_past_sla


def test_another_teams_ticket_is_invisible(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    with pytest.raises(NotFoundError):
        tickets.get_ticket(desk, staff.other_agent, ticket.id)
    assert tickets.list_tickets(desk, staff.other_agent).items == []
    # Admins and auditors see every team.
    assert tickets.get_ticket(desk, staff.auditor, ticket.id).id == ticket.id


def test_every_read_is_in_the_audit_log(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    tickets.get_ticket(desk, staff.lead, ticket.id)
    entries = audit_log.list_entries(desk, staff.auditor, entity="ticket").items
    assert [(e.actor, e.action) for e in entries] == [("lee", "read"), ("ann", "create")]


def test_an_auditor_reads_but_cannot_write(desk: Desk, staff: Staff) -> None:
    with pytest.raises(PermissionDeniedError):
        new_ticket(desk, staff.auditor)
    with pytest.raises(PermissionDeniedError):
        audit_log.list_entries(desk, staff.agent)


def test_a_customer_message_reopens_a_resolved_ticket(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    tickets.update_ticket(desk, staff.agent, ticket.id, status="resolved")
    tickets.add_customer_message(desk, staff.agent, ticket_id=ticket.id, text="It broke again.")
    reopened = tickets.get_ticket(desk, staff.agent, ticket.id)
    assert reopened.status == "open" and reopened.waiting_since is not None


@pytest.mark.parametrize("text", ["", "   ", "x" * 200_001])
def test_empty_or_huge_messages_are_refused(desk: Desk, staff: Staff, text: str) -> None:
    with pytest.raises(InputError):
        new_ticket(desk, staff.agent, text=text)
    assert tickets.list_tickets(desk, staff.admin).items == []


def test_a_subject_skips_a_bare_greeting(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent, text="Hi,\n\nMy order 4471 arrived broken.")
    assert ticket.subject == "My order 4471 arrived broken."
    greeting_only = new_ticket(
        desk, staff.agent, text="Hello", customer=CustomerIn(external_id="cus-9")
    )
    assert greeting_only.subject == "Hello"
