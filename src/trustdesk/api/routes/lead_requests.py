"""Asking a lead: an agent sends a draft for review; a lead of the team sends it or declines."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from trustdesk.api.deps import ActorDep, DeskDep, PathId, QueryId
from trustdesk.api.schemas import LeadRequestAnswer, LeadRequestCreate
from trustdesk.desk import lead_requests
from trustdesk.desk.views import LeadRequestView

router = APIRouter(prefix="/v1", tags=["lead requests"])


@router.post(
    "/tickets/{ticket_id}/lead-requests",
    response_model=LeadRequestView,
    status_code=status.HTTP_201_CREATED,
)
def ask_lead(
    ticket_id: PathId, body: LeadRequestCreate, desk: DeskDep, actor: ActorDep
) -> LeadRequestView:
    """Ask a lead to review a draft reply (blocked, or one you are unsure of)."""
    return lead_requests.ask_lead(desk, actor, ticket_id=ticket_id, text=body.text, note=body.note)


@router.get("/lead-requests", response_model=list[LeadRequestView])
def list_lead_requests(
    desk: DeskDep,
    actor: ActorDep,
    request_status: Annotated[
        Literal["pending", "sent", "declined", "all"], Query(alias="status")
    ] = "pending",
    ticket_id: QueryId = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> list[LeadRequestView]:
    """Requests on your team's tickets: pending ones oldest first, answered ones newest first."""
    return lead_requests.list_lead_requests(
        desk,
        actor,
        status=None if request_status == "all" else request_status,
        ticket_id=ticket_id,
        limit=limit,
    )


@router.post("/lead-requests/{request_id}/answer", response_model=LeadRequestView)
def answer_lead_request(
    request_id: PathId, body: LeadRequestAnswer, desk: DeskDep, actor: ActorDep
) -> LeadRequestView:
    """A lead sends the draft (or `text` instead) with `note` as the override reason, or
    declines it with `note` for the agent; a request already answered is 409."""
    return lead_requests.answer_lead_request(
        desk, actor, request_id, send=body.send, text=body.text, note=body.note
    )
