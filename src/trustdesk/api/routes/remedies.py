"""Remedies: remediation and goodwill, within the policy's limits and each role's authority."""

from __future__ import annotations

from fastapi import APIRouter

from trustdesk.api.deps import ActorDep, DeskDep, PathId
from trustdesk.api.schemas import RemedyCreate, RemedyDecision
from trustdesk.desk import remedies
from trustdesk.desk.views import RemedyProposal, RemedyView

router = APIRouter(prefix="/v1", tags=["remedies"])


@router.post("/tickets/{ticket_id}/remedies", response_model=RemedyProposal, status_code=201)
def propose_remedy(
    ticket_id: PathId, body: RemedyCreate, desk: DeskDep, actor: ActorDep
) -> RemedyProposal:
    """Record a remedy; the answer lists the customer's previous remedies beside it."""
    return remedies.propose_remedy(
        desk,
        actor,
        ticket_id=ticket_id,
        kind=body.kind,
        amount=body.amount,
        currency=body.currency,
        reason=body.reason,
        verification_note=body.verification_note,
    )


@router.get("/tickets/{ticket_id}/remedies", response_model=list[RemedyView])
def list_remedies(ticket_id: PathId, desk: DeskDep, actor: ActorDep) -> list[RemedyView]:
    return remedies.list_remedies(desk, actor, ticket_id=ticket_id)


@router.post("/remedies/{remedy_id}/decision", response_model=RemedyView)
def decide_remedy(
    remedy_id: PathId, body: RemedyDecision, desk: DeskDep, actor: ActorDep
) -> RemedyView:
    """A lead approves or rejects a remedy above the approval threshold."""
    return remedies.decide_remedy(desk, actor, remedy_id, approve=body.approve)
