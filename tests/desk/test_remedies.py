"""Remedies: remediation and goodwill apart, within policy limits and each role's authority."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desk_support import Staff, new_ticket
from trustdesk.desk import remedies
from trustdesk.desk.desk import Desk
from trustdesk.errors import ConflictError, InputError, PermissionDeniedError

NOTE = "Warehouse confirmed the kettle left damaged (ops ticket W-311)."


def test_remediation_needs_the_verifying_operations_note(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    with pytest.raises(InputError) as error:
        remedies.propose_remedy(
            desk,
            staff.agent,
            ticket_id=ticket.id,
            kind="remediation",
            amount=Decimal("30"),
            reason="refund",
        )
    assert error.value.field == "verification_note"
    granted = remedies.propose_remedy(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        kind="remediation",
        amount=Decimal("29.99"),
        reason="refund of the broken kettle",
        verification_note=NOTE,
    )
    assert granted.remedy.status == "approved"
    assert granted.remedy.amount == Decimal("29.99")


def test_limits_are_per_kind_and_per_ticket(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    # Default policy: goodwill up to 50 USD per ticket.
    remedies.propose_remedy(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        kind="goodwill",
        amount=Decimal("40"),
        reason="sorry",
    )
    with pytest.raises(ConflictError) as error:
        remedies.propose_remedy(
            desk,
            staff.agent,
            ticket_id=ticket.id,
            kind="goodwill",
            amount=Decimal("20"),
            reason="sorry again",
        )
    assert "over the policy limit of 50" in str(error.value)
    with pytest.raises(InputError):
        remedies.propose_remedy(
            desk,
            staff.agent,
            ticket_id=ticket.id,
            kind="goodwill",
            amount=Decimal("5"),
            reason="x",
            currency="EUR",
        )


def test_above_the_threshold_a_lead_approves(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    proposal = remedies.propose_remedy(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        kind="remediation",
        amount=Decimal("250"),
        reason="refund of the broken sofa",
        verification_note=NOTE,
    )
    assert proposal.remedy.status == "pending_approval"
    with pytest.raises(PermissionDeniedError):
        remedies.decide_remedy(desk, staff.agent, proposal.remedy.id, approve=True)
    approved = remedies.decide_remedy(desk, staff.lead, proposal.remedy.id, approve=True)
    assert approved.status == "approved" and approved.approved_by_user_id == staff.lead.user_id
    with pytest.raises(ConflictError):
        remedies.decide_remedy(desk, staff.lead, proposal.remedy.id, approve=False)


def test_the_customers_previous_remedies_are_shown(desk: Desk, staff: Staff) -> None:
    first = new_ticket(desk, staff.agent)
    second = new_ticket(desk, staff.agent, text="The replacement kettle is broken too!")
    remedies.propose_remedy(
        desk, staff.agent, ticket_id=first.id, kind="goodwill", amount=Decimal("10"), reason="sorry"
    )
    proposal = remedies.propose_remedy(
        desk,
        staff.agent,
        ticket_id=second.id,
        kind="goodwill",
        amount=Decimal("15"),
        reason="sorry",
    )
    assert [(r.ticket_id, r.amount) for r in proposal.previous] == [(first.id, Decimal("10.00"))]
    assert proposal.limit == Decimal("50") and proposal.approval_above == Decimal("100")


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "1e400", "10000000000"])
def test_an_amount_that_is_no_sum_of_money_is_refused(
    desk: Desk, staff: Staff, amount: str
) -> None:
    ticket = new_ticket(desk, staff.agent)
    with pytest.raises(InputError) as refused:
        remedies.propose_remedy(
            desk,
            staff.agent,
            ticket_id=ticket.id,
            kind="goodwill",
            amount=Decimal(amount),
            reason="Late parcel",
        )
    assert refused.value.field == "amount"
