"""Dilemmas: choose between principles in tension, say why, then compare with the team."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from trustdesk.api.deps import ActorDep, DeskDep
from trustdesk.api.schemas import SCENARIO_ID_PATTERN, DilemmaChoiceCreate
from trustdesk.desk import dilemmas
from trustdesk.desk.dilemmas import DilemmaSummary, DilemmaView

router = APIRouter(prefix="/v1", tags=["dilemmas"])
DilemmaPath = Annotated[str, Path(min_length=1, max_length=120, pattern=SCENARIO_ID_PATTERN)]


@router.get("/dilemmas", response_model=list[DilemmaSummary])
def list_dilemmas(desk: DeskDep, actor: ActorDep) -> list[DilemmaSummary]:
    """Every dilemma, with the option you chose (if any)."""
    return dilemmas.list_dilemmas(desk, actor)


@router.get("/dilemmas/{dilemma_id}", response_model=DilemmaView)
def get_dilemma(dilemma_id: DilemmaPath, desk: DeskDep, actor: ActorDep) -> DilemmaView:
    """The situation and options (which principles each serves and costs); once you have
    chosen (or if you lead), the discussion and how your team chose; leads read the reasons."""
    return dilemmas.get_dilemma(desk, actor, dilemma_id)


@router.post("/dilemmas/{dilemma_id}/choices", response_model=DilemmaView)
def choose(
    dilemma_id: DilemmaPath, body: DilemmaChoiceCreate, desk: DeskDep, actor: ActorDep
) -> DilemmaView:
    """Choose an option with your reason (once; 409 after)."""
    return dilemmas.choose(desk, actor, dilemma_id, option=body.option, reason=body.reason)
