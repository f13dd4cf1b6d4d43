"""Consent: a reply acting on a substitution is blocked until the customer's yes is recorded."""

from __future__ import annotations

import pytest

from desk_support import Staff, new_ticket
from trustdesk.desk import consent, replies, tickets
from trustdesk.desk.desk import Desk
from trustdesk.errors import ConflictError, InputError, ReplyRefusedError

ASKED = "The kettle arrived broken. I want a refund please."
SUBSTITUTION = "I have issued you store credit instead of a refund."


def test_a_substitution_without_recorded_consent_is_blocked(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent, text=ASKED)
    with pytest.raises(ReplyRefusedError) as refused:
        replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=SUBSTITUTION)
    assert refused.value.needs == "lead_override"
    [finding] = refused.value.verdict.findings  # type: ignore[attr-defined]
    assert finding.check == "autonomy.no_consent" and finding.severity == "block"
    assert "No consent from the customer is recorded" in finding.explanation


def test_recorded_consent_lets_the_reply_through(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent, text=ASKED)
    proposal = consent.propose(
        desk, staff.agent, ticket_id=ticket.id, requested="refund", proposed="store credit + 10%"
    )
    assert proposal.answer == "pending"
    message, _ = tickets.add_customer_message(
        desk, staff.agent, ticket_id=ticket.id, text="Store credit is fine for me."
    )
    answered = consent.record_answer(
        desk, staff.agent, proposal.id, answer="accepted", evidence_message_id=message.id
    )
    assert answered.answer == "accepted" and answered.evidence_message_id == message.id
    sent = replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=SUBSTITUTION)
    assert sent.verdict.decision == "allow"
    with pytest.raises(ConflictError):
        consent.record_answer(desk, staff.agent, proposal.id, answer="declined")


def test_a_declined_proposal_still_blocks(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent, text=ASKED)
    consent.propose(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        requested="refund",
        proposed="store credit",
        answer="declined",
    )
    with pytest.raises(ReplyRefusedError):
        replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=SUBSTITUTION)


def test_the_evidence_is_the_customers_own_message(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent, text=ASKED)
    reply = replies.send_reply(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        text="Would you like store credit instead of a refund? Either is fine with us.",
    )
    proposal = consent.propose(
        desk, staff.agent, ticket_id=ticket.id, requested="refund", proposed="store credit"
    )
    with pytest.raises(InputError):
        consent.record_answer(
            desk,
            staff.agent,
            proposal.id,
            answer="accepted",
            evidence_message_id=reply.message.id,
        )
    assert consent.list_consents(desk, staff.agent, ticket_id=ticket.id)[0].answer == "pending"
