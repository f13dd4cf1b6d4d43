"""Dilemmas in the open: raise one for your team, discuss it, and (leads) close it with a
decision that can become a policy clarification or a team scenario.

Registered before the shipped dilemmas' routes, so `/v1/dilemmas/raised` is this list and never
a shipped dilemma's id (trustdesk.training.dilemmas refuses that id).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from trustdesk.api.deps import ActorDep, DeskDep, PathId
from trustdesk.api.schemas import (
    ClarificationAnswer,
    DilemmaCommentCreate,
    RaisedDilemmaClose,
    RaisedDilemmaCreate,
)
from trustdesk.desk import raised_dilemmas
from trustdesk.desk.raised_dilemmas import RaisedDilemmaSummary, RaisedDilemmaView, Status
from trustdesk.errors import InputError

router = APIRouter(prefix="/v1/dilemmas/raised", tags=["dilemmas"])


@router.get("", response_model=list[RaisedDilemmaSummary])
def list_raised(
    desk: DeskDep,
    actor: ActorDep,
    status: Annotated[Status | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[RaisedDilemmaSummary]:
    """The dilemmas raised in your team (every team's for admins and auditors), open first."""
    return raised_dilemmas.list_raised(desk, actor, status=status, limit=limit)


@router.post("", response_model=RaisedDilemmaView, status_code=status.HTTP_201_CREATED)
def raise_dilemma(body: RaisedDilemmaCreate, desk: DeskDep, actor: ActorDep) -> RaisedDilemmaView:
    """Raise a dilemma for your team, on a ticket you can see or in general (personal data is
    taken out of the text)."""
    return raised_dilemmas.raise_dilemma(
        desk, actor, title=body.title, situation=body.situation, ticket_id=body.ticket_id
    )


@router.get("/{dilemma_id}", response_model=RaisedDilemmaView)
def get_raised(dilemma_id: PathId, desk: DeskDep, actor: ActorDep) -> RaisedDilemmaView:
    """The dilemma, its thread and, once closed, the decision and what came of it."""
    return raised_dilemmas.get_raised(desk, actor, dilemma_id)


@router.post(
    "/{dilemma_id}/comments", response_model=RaisedDilemmaView, status_code=status.HTTP_201_CREATED
)
def comment(
    dilemma_id: PathId, body: DilemmaCommentCreate, desk: DeskDep, actor: ActorDep
) -> RaisedDilemmaView:
    """Add to the thread of an open dilemma (409 once it is closed)."""
    return raised_dilemmas.comment(desk, actor, dilemma_id, text=body.text)


@router.post("/{dilemma_id}/close", response_model=RaisedDilemmaView)
def close(
    dilemma_id: PathId, body: RaisedDilemmaClose, desk: DeskDep, actor: ActorDep
) -> RaisedDilemmaView:
    """Close with a decision (leads of the team, admins; once): optionally a policy
    clarification to propose (an admin's is applied at once) or a team scenario to make."""
    return raised_dilemmas.close(
        desk,
        actor,
        dilemma_id,
        decision=body.decision,
        clarification=body.clarification,
        revision=body.revision,
        scenario=body.scenario,
    )


@router.post("/{dilemma_id}/clarification", response_model=RaisedDilemmaView)
def answer_clarification(
    dilemma_id: PathId, body: ClarificationAnswer, desk: DeskDep, actor: ActorDep
) -> RaisedDilemmaView:
    """An admin applies the proposed clarification (a new policy revision) or declines it with
    a note."""
    if body.apply:
        return raised_dilemmas.apply_clarification(desk, actor, dilemma_id, revision=body.revision)
    if body.note is None:
        raise InputError("say why the clarification is declined", field="note")
    return raised_dilemmas.decline_clarification(desk, actor, dilemma_id, note=body.note)
