"""A customer's data: everything the desk holds about them, exported or erased on request.

What counts as the customer's data is the inventory in trustdesk.desk.customer_text: export
returns every column of it, erase empties every column of it. Erase keeps what an
organisation must still be able to show (that tickets, remedies and verdicts existed, and the
audit log of who did what, which holds no customer text and is never rewritten), and then has
SQLite move the erased text out of its files (see trustdesk.store.db.purge_erased).
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.customer_text import ERASED, erase_customer_text
from trustdesk.desk.desk import Desk
from trustdesk.desk.lead_requests import lead_request_view
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import load_customer
from trustdesk.desk.views import (
    AuditEntryView,
    CommitmentView,
    ConsentView,
    CustomerView,
    MessageView,
    NotificationView,
    RemedyView,
    SurveyView,
)
from trustdesk.errors import ConflictError
from trustdesk.store.db import purge_erased
from trustdesk.store.tables import (
    AuditEntry,
    Commitment,
    Consent,
    LeadRequest,
    Notification,
    Remedy,
    Survey,
    Ticket,
)

__all__ = ["ERASED", "erase_customer", "export_customer", "get_customer"]

log = logging.getLogger("trustdesk.customers")

RowTable = type[Commitment] | type[Consent] | type[Survey] | type[Notification]


def get_customer(desk: Desk, actor: Actor, customer_id: int) -> CustomerView:
    actor.require(Permission.READ)
    with desk.transaction() as session:
        customer = load_customer(session, actor, customer_id)
        audit_log.record(session, desk, actor, "read", "customer", customer.id)
        return CustomerView.model_validate(customer)


def export_customer(desk: Desk, actor: Actor, customer_id: int) -> dict[str, Any]:
    """Everything about the customer, as JSON-ready data (a subject access request): every
    column of the customer-text inventory, and who read or changed their records."""
    actor.require(Permission.CUSTOMER_DATA)
    with desk.transaction() as session:
        customer = load_customer(session, actor, customer_id)
        tickets = []
        ticket_ids = []
        for ticket in session.scalars(
            select(Ticket).where(Ticket.customer_id == customer.id).order_by(Ticket.id)
        ):
            ticket_ids.append(ticket.id)
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
                    "notifications": _rows(session, Notification, NotificationView, ticket.id),
                }
            )
        remedies = session.scalars(
            select(Remedy).where(Remedy.customer_id == customer.id).order_by(Remedy.id)
        )
        exported = {
            "customer": _dump(CustomerView, customer),
            "tickets": tickets,
            "remedies": [_dump(RemedyView, r) for r in remedies],
            "access_log": _access_log(session, customer.id, ticket_ids),
            "exported_at": desk.now().isoformat(),
        }
        audit_log.record(session, desk, actor, "export", "customer", customer.id)
        return exported


def erase_customer(desk: Desk, actor: Actor, customer_id: int) -> CustomerView:
    actor.require(Permission.CUSTOMER_DATA)
    with desk.transaction() as session:
        customer = load_customer(session, actor, customer_id)
        if customer.erased_at is not None:
            raise ConflictError(f"customer {customer_id} was already erased")
        ticket_ids = list(
            session.scalars(select(Ticket.id).where(Ticket.customer_id == customer.id))
        )
        erase_customer_text(session, customer, ticket_ids)
        customer.erased_at = desk.now()
        audit_log.record(
            session, desk, actor, "erase", "customer", customer.id, tickets=len(ticket_ids)
        )
        erased = CustomerView.model_validate(customer)
    if not purge_erased(desk.db):
        log.warning(
            "customer %s erased, but the old text stays in the SQLite WAL file until its next "
            "checkpoint: a reader held an old snapshot",
            customer_id,
        )
    return erased


def _access_log(session: Session, customer_id: int, ticket_ids: list[int]) -> list[dict[str, Any]]:
    """Who read, exported or changed the customer and their tickets, oldest first."""
    query = (
        select(AuditEntry)
        .where(
            or_(
                and_(AuditEntry.entity == "customer", AuditEntry.entity_id == str(customer_id)),
                and_(
                    AuditEntry.entity == "ticket",
                    AuditEntry.entity_id.in_([str(i) for i in ticket_ids]),
                ),
            )
        )
        .order_by(AuditEntry.id)
    )
    return [_dump(AuditEntryView, row) for row in session.scalars(query)]


def _rows(
    session: Session, table: RowTable, view: type[BaseModel], ticket_id: int
) -> list[dict[str, Any]]:
    query = select(table).where(table.ticket_id == ticket_id).order_by(table.id)
    return [_dump(view, row) for row in session.scalars(query)]


def _dump(view: type[BaseModel], row: object) -> dict[str, Any]:
    return view.model_validate(row).model_dump(mode="json")
