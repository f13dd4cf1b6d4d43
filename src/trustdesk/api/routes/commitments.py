"""Commitments: every promise sent, the overdue ones ("customers in the dark") first."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from trustdesk.api.deps import ActorDep, DeskDep, Offset, PathId, QueryId
from trustdesk.api.schemas import CommitmentUpdate
from trustdesk.desk import commitments
from trustdesk.desk.views import CommitmentView, LedgerCounts, Page

router = APIRouter(prefix="/v1/commitments", tags=["commitments"])


@router.get("", response_model=Page[CommitmentView])
def list_commitments(
    desk: DeskDep,
    actor: ActorDep,
    commitment_status: Annotated[
        Literal["open", "kept", "broken", "untimed", "renegotiated"] | None, Query(alias="status")
    ] = None,
    ticket_id: QueryId = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    offset: Offset = 0,
) -> Page[CommitmentView]:
    """Promises on your team's tickets, each with what it is now: judged from the messages as
    an audit judges them (open until due, then kept or broken; untimed when it named no time),
    unless a person closed it."""
    return commitments.list_commitments(
        desk, actor, status=commitment_status, ticket_id=ticket_id, limit=limit, offset=offset
    )


@router.get("/counts", response_model=LedgerCounts)
def commitment_counts(desk: DeskDep, actor: ActorDep, ticket_id: QueryId = None) -> LedgerCounts:
    """The promises on your team's tickets counted now, as an audit of the same messages counts
    them (made, timed, kept, broken, open, untimed), with the overdue ones."""
    return commitments.ledger_counts(desk, actor, ticket_id=ticket_id)


@router.get("/overdue", response_model=Page[CommitmentView])
def overdue_commitments(
    desk: DeskDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    offset: Offset = 0,
) -> Page[CommitmentView]:
    """Open promises past their due time, longest overdue first: customers in the dark."""
    return commitments.list_commitments(desk, actor, overdue=True, limit=limit, offset=offset)


# Only digits match, so PATCH /overdue is a wrong method (405), not a bad id (422).
@router.patch("/{commitment_id:int}", response_model=CommitmentView)
def update_commitment(
    commitment_id: PathId, body: CommitmentUpdate, desk: DeskDep, actor: ActorDep
) -> CommitmentView:
    """Mark a promise kept or broken, or renegotiate it to a new due time."""
    return commitments.update_commitment(
        desk, actor, commitment_id, status=body.status, note=body.note, due_at=body.due_at
    )
