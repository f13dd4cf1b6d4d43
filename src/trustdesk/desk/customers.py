"""A customer's data: everything the desk holds about them, exported or erased on request.

Erasing removes the identity and the words (messages, promises, proposals, drafts sent to a
lead for review, survey comments)
and keeps what an organisation must still be able to show: that tickets, remedies and
verdicts existed, and the audit log of who did what, which is never rewritten.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.lead_requests import lead_request_view
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import load_customer
from trustdesk.desk.views import (
    CommitmentView,
    ConsentView,
    CustomerView,
    MessageView,
    RemedyView,
    SurveyView,
)
from trustdesk.errors import ConflictError
from trustdesk.store.tables import (
    Commitment,
    Consent,
    LeadRequest,
    Message,
    Remedy,
    Survey,
    Ticket,
)

ERASED = "[erased]"


def get_customer(desk: Desk, actor: Actor, customer_id: int) -> CustomerView:
    actor.require(Permission.READ)
    with desk.transaction() as session:
        customer = load_customer(session, actor, customer_id)
        audit_log.record(session, desk, actor, "read", "customer", customer.id)
        return CustomerView.model_validate(customer)


def export_customer(desk: Desk, actor: Actor, customer_id: int) -> dict[str, Any]:
    """Everything about the customer, as JSON-ready data (a subject access request)."""
    actor.require(Permission.CUSTOMER_DATA)
    with desk.transaction() as session:
        customer = load_customer(session, actor, customer_id)
        tickets = []
        for ticket in session.scalars(
            select(Ticket).where(Ticket.customer_id == customer.id).order_by(Ticket.id)
        ):
            tickets.append(
                {
                    "id": ticket.id,
                    "external_id": ticket.external_id,
                    "subject": ticket.subject,
                    "status": ticket.status,
                    "channel": ticket.channel,
                    "requested": ticket.requested,
                    "diagnosed_need": ticket.diagnosed_need,
                    "created_at": ticket.created_at.isoformat(),
                    "messages": [_dump(MessageView, m) for m in ticket.messages],
                    "commitments": _rows(session, Commitment, CommitmentView, ticket.id),
                    "consents": _rows(session, Consent, ConsentView, ticket.id),
                    "surveys": _rows(session, Survey, SurveyView, ticket.id),
                    "lead_requests": [
                        lead_request_view(row).model_dump(mode="json")
                        for row in session.scalars(
                            select(LeadRequest)
                            .where(LeadRequest.ticket_id == ticket.id)
                            .order_by(LeadRequest.id)
                        )
                    ],
                }
            )
        remedies = session.scalars(
            select(Remedy).where(Remedy.customer_id == customer.id).order_by(Remedy.id)
        )
        audit_log.record(session, desk, actor, "export", "customer", customer.id)
        return {
            "customer": _dump(CustomerView, customer),
            "tickets": tickets,
            "remedies": [_dump(RemedyView, r) for r in remedies],
            "exported_at": desk.now().isoformat(),
        }


def erase_customer(desk: Desk, actor: Actor, customer_id: int) -> CustomerView:
    actor.require(Permission.CUSTOMER_DATA)
    with desk.transaction() as session:
        customer = load_customer(session, actor, customer_id)
        if customer.erased_at is not None:
            raise ConflictError(f"customer {customer_id} was already erased")
        ticket_ids = list(
            session.scalars(select(Ticket.id).where(Ticket.customer_id == customer.id))
        )
        for ticket in session.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids))):
            ticket.subject = ERASED
            ticket.requested = ERASED if ticket.requested else None
            ticket.diagnosed_need = ERASED if ticket.diagnosed_need else None
            ticket.external_id = None
        for message in session.scalars(select(Message).where(Message.ticket_id.in_(ticket_ids))):
            # Replies quote the customer; findings quote the replies: all of it goes.
            message.text = ERASED
            message.external_id = None
            message.findings = [
                {**f, "quote": ERASED, "start": 0, "end": 0} for f in message.findings
            ]
        for commitment in session.scalars(
            select(Commitment).where(Commitment.ticket_id.in_(ticket_ids))
        ):
            commitment.text = ERASED
        for consent in session.scalars(select(Consent).where(Consent.ticket_id.in_(ticket_ids))):
            consent.requested = consent.proposed = ERASED
        for survey in session.scalars(select(Survey).where(Survey.ticket_id.in_(ticket_ids))):
            survey.comment = None
        for request in session.scalars(
            select(LeadRequest).where(LeadRequest.ticket_id.in_(ticket_ids))
        ):
            request.text = ERASED
            request.note = ERASED if request.note else None
            request.lead_note = ERASED if request.lead_note else None
        for remedy in session.scalars(select(Remedy).where(Remedy.customer_id == customer.id)):
            remedy.reason = ERASED
            remedy.verification_note = None
        customer.name = customer.email = customer.external_id = None
        customer.segment = {}
        customer.preferences = {}
        customer.language = None
        customer.erased_at = desk.now()
        audit_log.record(
            session, desk, actor, "erase", "customer", customer.id, tickets=len(ticket_ids)
        )
        return CustomerView.model_validate(customer)


def _rows(
    session: Session,
    table: type[Commitment] | type[Consent] | type[Survey],
    view: type[BaseModel],
    ticket_id: int,
) -> list[dict[str, Any]]:
    query = select(table).where(table.ticket_id == ticket_id).order_by(table.id)
    return [_dump(view, row) for row in session.scalars(query)]


def _dump(view: type[BaseModel], row: object) -> dict[str, Any]:
    return view.model_validate(row).model_dump(mode="json")
