"""Consent: proposing a different solution than the one the customer asked for, and their answer.

The desk blocks a reply that acts on a substitution ("I've issued store credit instead") unless
the ticket holds the customer's recorded yes. The record names what was asked, what was
proposed, the answer, when, and the customer message that shows it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.customer_text import at_rest
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import load_ticket, on_visible_ticket
from trustdesk.desk.views import ConsentView
from trustdesk.errors import ConflictError, InputError
from trustdesk.store.tables import Consent, Message

Answer = Literal["pending", "accepted", "declined"]


def propose(
    desk: Desk,
    actor: Actor,
    *,
    ticket_id: int,
    requested: str,
    proposed: str,
    answer: Answer = "pending",
    evidence_message_id: int | None = None,
) -> ConsentView:
    """Record a proposal (and the answer, when it is already known)."""
    actor.require(Permission.WRITE)
    if not requested.strip() or not proposed.strip():
        raise InputError("say what the customer asked for and what is proposed instead")
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id)
        now = desk.now()
        consent = Consent(
            ticket_id=ticket.id,
            requested=at_rest(desk, requested.strip()),
            proposed=at_rest(desk, proposed.strip()),
            answer="pending",
            recorded_by_user_id=actor.user_id,
            created_at=now,
        )
        session.add(consent)
        session.flush()
        if answer != "pending":
            _answer(session, consent, answer, evidence_message_id, now)
        if not ticket.requested:
            ticket.requested = consent.requested
        audit_log.record(session, desk, actor, "create", "consent", consent.id, answer=answer)
        return ConsentView.model_validate(consent)


def record_answer(
    desk: Desk,
    actor: Actor,
    consent_id: int,
    *,
    answer: Literal["accepted", "declined"],
    evidence_message_id: int | None = None,
) -> ConsentView:
    actor.require(Permission.WRITE)
    with desk.transaction() as session:
        consent, _ = on_visible_ticket(
            session, actor, session.get(Consent, consent_id), f"no consent record {consent_id}"
        )
        if consent.answer != "pending":
            raise ConflictError(
                f"the customer already answered ({consent.answer}); record a new proposal"
            )
        _answer(session, consent, answer, evidence_message_id, desk.now())
        audit_log.record(session, desk, actor, "update", "consent", consent.id, answer=answer)
        return ConsentView.model_validate(consent)


def _answer(
    session: Session, consent: Consent, answer: Answer, evidence: int | None, now: datetime
) -> None:
    if evidence is not None:
        message = session.get(Message, evidence)
        if message is None or message.ticket_id != consent.ticket_id:
            raise InputError(
                f"message {evidence} is not on this ticket", field="evidence_message_id"
            )
        if message.role != "customer":
            raise InputError(
                "the evidence of an answer is the customer's own message",
                field="evidence_message_id",
            )
    consent.answer = answer
    consent.answered_at = now
    consent.evidence_message_id = evidence


def list_consents(desk: Desk, actor: Actor, *, ticket_id: int) -> list[ConsentView]:
    actor.require(Permission.READ)
    with desk.reading() as session:
        load_ticket(session, actor, ticket_id)
        rows = session.scalars(
            select(Consent).where(Consent.ticket_id == ticket_id).order_by(Consent.id)
        )
        return [ConsentView.model_validate(row) for row in rows]
