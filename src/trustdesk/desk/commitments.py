"""Commitments: every promise a sent reply made, until it is kept, renegotiated or broken.

An open commitment past its due time is a customer left in the dark; `overdue` lists them,
longest overdue first, and the scheduler reminds the team before and after they fall due.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import select

from trustdesk.desk import audit_log
from trustdesk.desk.customer_text import at_rest
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import on_visible_ticket, visible_tickets
from trustdesk.desk.tickets import MAX_PAGE
from trustdesk.desk.views import CommitmentView, Page
from trustdesk.errors import ConflictError, InputError
from trustdesk.store.tables import Commitment, Ticket

CommitmentStatus = Literal["open", "kept", "broken", "renegotiated"]


def list_commitments(
    desk: Desk,
    actor: Actor,
    *,
    status: CommitmentStatus | None = None,
    overdue: bool = False,
    ticket_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page[CommitmentView]:
    """Commitments on the actor's tickets; `overdue` keeps the open ones past due, oldest first."""
    actor.require(Permission.READ)
    limit = max(1, min(limit, MAX_PAGE))
    now = desk.now()
    with desk.reading() as session:
        query = visible_tickets(
            select(Commitment).join(Ticket, Commitment.ticket_id == Ticket.id), actor
        )
        if ticket_id is not None:
            query = query.where(Commitment.ticket_id == ticket_id)
        if overdue:
            query = query.where(Commitment.status == "open", Commitment.due_at < now)
        elif status is not None:
            query = query.where(Commitment.status == status)
        query = query.order_by(Commitment.due_at.is_(None), Commitment.due_at, Commitment.id)
        rows = list(session.scalars(query.offset(offset).limit(limit + 1)).unique())
        items = [_view(row, now) for row in rows[:limit]]
        return Page(items=items, offset=offset, limit=limit, more=len(rows) > limit)


def update_commitment(
    desk: Desk,
    actor: Actor,
    commitment_id: int,
    *,
    status: Literal["kept", "broken", "renegotiated"],
    note: str | None = None,
    due_at: datetime | None = None,
) -> CommitmentView:
    """Close a commitment as kept or broken, or renegotiate it to a new due time.

    Renegotiating means the customer was told of a new time: it closes this commitment and
    opens a new one due then, so the record shows both the original promise and the new one.
    """
    actor.require(Permission.WRITE)
    if status == "renegotiated":
        if due_at is None:
            raise InputError("a renegotiated commitment needs the new due time", field="due_at")
        if due_at.tzinfo is None:
            raise InputError("give the due time with its UTC offset", field="due_at")
    with desk.transaction() as session:
        row, _ = on_visible_ticket(
            session, actor, session.get(Commitment, commitment_id), f"no commitment {commitment_id}"
        )
        if row.status != "open":
            raise ConflictError(f"commitment {commitment_id} is already {row.status}")
        now = desk.now()
        row.status = status
        row.note = at_rest(desk, note)
        row.closed_at = now
        if status == "renegotiated" and due_at is not None:
            session.add(
                Commitment(
                    ticket_id=row.ticket_id,
                    message_id=row.message_id,
                    text=row.text,
                    kind=row.kind,
                    due_at=due_at,
                    due_from_sla=False,
                    status="open",
                    note=f"renegotiated from commitment {row.id}",
                    created_at=now,
                )
            )
        audit_log.record(session, desk, actor, "update", "commitment", row.id, status=status)
        return _view(row, now)


def _view(row: Commitment, now: datetime) -> CommitmentView:
    view = CommitmentView.model_validate(row)
    view.overdue = row.status == "open" and row.due_at is not None and row.due_at < now
    return view
