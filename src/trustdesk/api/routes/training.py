"""Practice: the scenarios, a trainee's replies to them, and scenarios made from real tickets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from trustdesk.api.deps import ActorDep, DeskDep, PathId
from trustdesk.api.schemas import (
    SCENARIO_ID_PATTERN,
    PracticeCreate,
    ScenarioDetail,
    ScenarioFromTicket,
    ScenarioSummary,
)
from trustdesk.desk import training, training_progress, training_report
from trustdesk.desk.training import AttemptView, PracticeResult
from trustdesk.desk.training_progress import PersonProgress
from trustdesk.desk.training_report import ProgressReport
from trustdesk.model import Principle
from trustdesk.training import Scenario

router = APIRouter(prefix="/v1", tags=["practice"])
ScenarioPath = Annotated[str, Path(min_length=1, max_length=120, pattern=SCENARIO_ID_PATTERN)]


def _summary(scenario: Scenario) -> ScenarioSummary:
    return ScenarioSummary(
        id=scenario.id,
        title=scenario.title,
        principles=[p.value for p in scenario.principles],
        situation=scenario.situation,
        requires=[r.label for r in scenario.requires],
        origin=scenario.origin,
    )


@router.get("/scenarios", response_model=list[ScenarioSummary])
def list_scenarios(
    desk: DeskDep, actor: ActorDep, principle: Annotated[Principle | None, Query()] = None
) -> list[ScenarioSummary]:
    """The shipped scenarios and your team's own (optionally those training `principle`)."""
    return [
        _summary(s)
        for s in training.list_scenarios(desk, actor)
        if principle is None or principle in s.principles
    ]


@router.get("/scenarios/{scenario_id}", response_model=ScenarioDetail)
def get_scenario(scenario_id: ScenarioPath, desk: DeskDep, actor: ActorDep) -> ScenarioDetail:
    """A scenario to practise: the situation and the conversation up to the moment of reply."""
    scenario = training.find_scenario(desk, actor, scenario_id)
    return ScenarioDetail(
        **_summary(scenario).model_dump(),
        conversation=scenario.conversation.model_dump(mode="json", exclude_none=True),
    )


@router.post("/scenarios", response_model=ScenarioSummary, status_code=status.HTTP_201_CREATED)
def add_scenario(body: Scenario, desk: DeskDep, actor: ActorDep) -> ScenarioSummary:
    """Add a scenario for your team (leads and admins), in the scenario file format."""
    return _summary(training.add_scenario(desk, actor, body))


@router.post(
    "/tickets/{ticket_id}/scenarios",
    response_model=ScenarioSummary,
    status_code=status.HTTP_201_CREATED,
)
def scenario_from_ticket(
    ticket_id: PathId, body: ScenarioFromTicket, desk: DeskDep, actor: ActorDep
) -> ScenarioSummary:
    """Turn a real ticket into a scenario (leads and admins): its history up to a customer
    message, personal data taken out, the reply really sent kept as what happened."""
    scenario = training.scenario_from_ticket(
        desk,
        actor,
        ticket_id=ticket_id,
        message_id=body.message_id,
        scenario_id=body.id,
        title=body.title,
        principles=body.principles,
        situation=body.situation,
        good_reply=body.good_reply,
        exemplary=body.exemplary,
    )
    return _summary(scenario)


@router.post("/practice", response_model=PracticeResult, status_code=status.HTTP_201_CREATED)
def practise(body: PracticeCreate, desk: DeskDep, actor: ActorDep) -> PracticeResult:
    """Reply to a scenario: the engine's verdict under the desk's policy with its evidence,
    what the reply covered, and the exemplary reply. The attempt is kept."""
    return training.practise(desk, actor, scenario_id=body.scenario_id, reply=body.reply)


@router.get("/practice/progress", response_model=list[PersonProgress])
def practice_progress(desk: DeskDep, actor: ActorDep) -> list[PersonProgress]:
    """Per person of your team (leads) or every team (admins, auditors): scenarios tried and
    passed, by principle."""
    return training_progress.practice_progress(desk, actor)


@router.get("/practice/report", response_model=ProgressReport)
def practice_report(
    desk: DeskDep,
    actor: ActorDep,
    user_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> ProgressReport:
    """Progress per person and team: scenarios passed, the principles where practice replies
    most often fail, pass rate and findings by attempt number, the first attempt beside the
    latest, and each principle's finding rate in the person's real replies before and after
    their first practice of it (with the replies behind each rate; a correlation, not proof).
    Agents get their own; leads their team's; admins and auditors everyone's."""
    return training_report.progress_report(desk, actor, user_id=user_id)


@router.get("/practice", response_model=list[AttemptView])
def list_attempts(
    desk: DeskDep,
    actor: ActorDep,
    scenario_id: Annotated[str | None, Query(max_length=120)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AttemptView]:
    """Attempts, newest first: your own (agents), your team's (leads), every team's (admins
    and auditors)."""
    return training.list_attempts(desk, actor, scenario_id=scenario_id, limit=limit)
