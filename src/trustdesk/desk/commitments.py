"""Commitments: every promise a reply made (the ledger of trustdesk.desk.ledger), judged
from the messages until a person closes it as kept, broken or renegotiated.

A promise past its due time with no word from us since is a customer left in the dark;
`overdue` lists them, longest overdue first, and the scheduler reminds the team before and
after they fall due. `ledger_counts` adds them up as an audit of the same messages counts
its promises (made, timed, kept, broken, open).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import func, select

from trustdesk.desk import audit_log
from trustdesk.desk.customer_text import at_rest
from trustdesk.desk.desk import Desk
from trustdesk.desk.ledger import (
    TRACKED,
    add_counts,
    commitment_view,
    overdue_expression,
    status_expression,
)
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import on_visible_ticket, visible_tickets
from trustdesk.desk.tickets import MAX_PAGE
from trustdesk.desk.views import CommitmentView, LedgerCounts, Page
from trustdesk.errors import ConflictError, InputError
from trustdesk.store.tables import Commitment, Ticket

CommitmentStatus = Literal["open", "kept", "broken", "untimed", "renegotiated"]


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
    grace = desk.engine.service_level.promise_grace
    with desk.reading() as session:
        query = visible_tickets(
            select(Commitment).join(Ticket, Commitment.ticket_id == Ticket.id), actor
        )
        if ticket_id is not None:
            query = query.where(Commitment.ticket_id == ticket_id)
        if overdue:
            query = query.where(overdue_expression(now))
        elif status is not None:
            query = query.where(status_expression(now, grace) == status)
        query = query.order_by(Commitment.due_at.is_(None), Commitment.due_at, Commitment.id)
        rows = list(session.scalars(query.offset(offset).limit(limit + 1)).unique())
        items = [commitment_view(row, now, grace) for row in rows[:limit]]
        return Page(items=items, offset=offset, limit=limit, more=len(rows) > limit)


def ledger_counts(desk: Desk, actor: Actor, *, ticket_id: int | None = None) -> LedgerCounts:
    """The promises on the actor's tickets, judged now, counted as an audit counts them."""
    actor.require(Permission.READ)
    now = desk.now()
    status = status_expression(now, desk.engine.service_level.promise_grace)
    counts = LedgerCounts()
    with desk.reading() as session:
        visible = visible_tickets(select(Ticket.id), actor)
        if ticket_id is not None:
            visible = visible.where(Ticket.id == ticket_id)
        mine = Commitment.ticket_id.in_(visible.scalar_subquery())
        query = select(status, Commitment.source, func.count()).where(mine)
        for found, source, number in session.execute(query.group_by(status, Commitment.source)):
            add_counts(counts, found, source, int(number))
        late = select(func.count()).select_from(Commitment).where(mine, overdue_expression(now))
        counts.overdue = int(session.scalar(late) or 0)
    return counts


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
        if row.status not in TRACKED:
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
                    source="person",
                    # Nothing sent since it was agreed: broken unless we write by then.
                    settles_as="broken",
                    note=f"renegotiated from commitment {row.id}",
                    created_at=now,
                )
            )
        audit_log.record(session, desk, actor, "update", "commitment", row.id, status=status)
        return commitment_view(row, now, desk.engine.service_level.promise_grace)
