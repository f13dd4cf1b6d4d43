"""A customer's data: exported whole, erased on request, the audit log kept."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desk_support import Staff, new_ticket
from trustdesk.desk import audit_log, customers, remedies, replies, tickets
from trustdesk.desk.desk import Desk
from trustdesk.errors import ConflictError, PermissionDeniedError

REPLY = "I am sorry, Robin. I will email you by 4pm tomorrow with the courier's answer."


def test_export_holds_everything_about_the_customer(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=REPLY)
    remedies.propose_remedy(
        desk, staff.agent, ticket_id=ticket.id, kind="goodwill", amount=Decimal("5"), reason="late"
    )
    with pytest.raises(PermissionDeniedError):
        customers.export_customer(desk, staff.agent, ticket.customer_id)
    data = customers.export_customer(desk, staff.admin, ticket.customer_id)
    json.dumps(data)  # JSON-ready as it is
    assert data["customer"]["name"] == "Robin Shaw"
    [exported] = data["tickets"]
    assert [m["role"] for m in exported["messages"]] == ["customer", "agent"]
    assert exported["commitments"][0]["text"].startswith("I will email you")
    assert data["remedies"][0]["amount"] == "5.00"


def test_erase_removes_identity_and_words_and_keeps_the_audit_log(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=REPLY)
    erased = customers.erase_customer(desk, staff.admin, ticket.customer_id)
    assert erased.erased_at is not None and erased.name is None and erased.external_id is None
    after = tickets.get_ticket(desk, staff.admin, ticket.id)
    assert after.subject == "[erased]"
    assert {m.text for m in after.messages} == {"[erased]"}
    assert {c.text for c in after.commitments} == {"[erased]"}
    exported = json.dumps(customers.export_customer(desk, staff.admin, ticket.customer_id))
    assert "Robin" not in exported and "parcel" not in exported
    actions = [e.action for e in audit_log.list_entries(desk, staff.auditor).items]
    assert "erase" in actions and "create" in actions
    with pytest.raises(ConflictError):
        customers.erase_customer(desk, staff.admin, ticket.customer_id)
