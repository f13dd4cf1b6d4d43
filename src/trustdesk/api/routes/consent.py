"""Consent to a different solution than the one the customer asked for."""

from __future__ import annotations

from fastapi import APIRouter

from trustdesk.api.deps import ActorDep, DeskDep, PathId
from trustdesk.api.schemas import ConsentAnswer, ConsentCreate
from trustdesk.desk import consent
from trustdesk.desk.views import ConsentView

router = APIRouter(prefix="/v1", tags=["consent"])


@router.post("/tickets/{ticket_id}/consents", response_model=ConsentView, status_code=201)
def propose(ticket_id: PathId, body: ConsentCreate, desk: DeskDep, actor: ActorDep) -> ConsentView:
    """Record a proposal (and the customer's answer, when it is known)."""
    return consent.propose(
        desk,
        actor,
        ticket_id=ticket_id,
        requested=body.requested,
        proposed=body.proposed,
        answer=body.answer,
        evidence_message_id=body.evidence_message_id,
    )


@router.get("/tickets/{ticket_id}/consents", response_model=list[ConsentView])
def list_consents(ticket_id: PathId, desk: DeskDep, actor: ActorDep) -> list[ConsentView]:
    return consent.list_consents(desk, actor, ticket_id=ticket_id)


@router.post("/consents/{consent_id}/answer", response_model=ConsentView)
def record_answer(
    consent_id: PathId, body: ConsentAnswer, desk: DeskDep, actor: ActorDep
) -> ConsentView:
    """The customer's answer, with the message of theirs that shows it."""
    return consent.record_answer(
        desk, actor, consent_id, answer=body.answer, evidence_message_id=body.evidence_message_id
    )
