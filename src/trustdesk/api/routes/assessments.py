"""Assessments: scenarios and situational-judgement items a lead sets for the team."""

from __future__ import annotations

from fastapi import APIRouter, status

from trustdesk.api.deps import ActorDep, DeskDep, PathId
from trustdesk.api.schemas import (
    AssessmentCreate,
    JudgementAnswers,
    JudgementItemSummary,
)
from trustdesk.desk import assessments
from trustdesk.desk.assessments import (
    AssessmentStatistics,
    AssessmentSummary,
    AssessmentView,
    ItemStatisticsView,
)
from trustdesk.training.judgement import judgement_items

router = APIRouter(prefix="/v1", tags=["assessments"])


@router.get("/judgement-items", response_model=list[JudgementItemSummary])
def list_judgement_items(actor: ActorDep) -> list[JudgementItemSummary]:
    """The situational-judgement items an assessment can hold (their keys are not shown)."""
    del actor  # signed in only
    return [
        JudgementItemSummary(
            id=item.id, principles=[p.value for p in item.principles], situation=item.situation
        )
        for item in judgement_items()
    ]


@router.get("/assessments", response_model=list[AssessmentSummary])
def list_assessments(desk: DeskDep, actor: ActorDep) -> list[AssessmentSummary]:
    """Newest first: those set for you (agents), your team's (leads), every team's (admins)."""
    return assessments.list_assessments(desk, actor)


@router.post("/assessments", response_model=AssessmentView, status_code=status.HTTP_201_CREATED)
def create_assessment(body: AssessmentCreate, desk: DeskDep, actor: ActorDep) -> AssessmentView:
    """Set scenarios to pass and judgement items to answer for your team or some of its people
    (leads and admins)."""
    return assessments.create_assessment(
        desk,
        actor,
        title=body.title,
        scenario_ids=body.scenario_ids,
        item_ids=body.item_ids,
        assignees=body.assignees,
        due_at=body.due_at,
    )


@router.get("/assessments/{assessment_id}", response_model=AssessmentView)
def get_assessment(assessment_id: PathId, desk: DeskDep, actor: ActorDep) -> AssessmentView:
    """The scenarios (passed or not), the items (with the best option and why once answered),
    your result; leads also get everyone's."""
    return assessments.get_assessment(desk, actor, assessment_id)


@router.post("/assessments/{assessment_id}/answers", response_model=AssessmentView)
def answer(
    assessment_id: PathId, body: JudgementAnswers, desk: DeskDep, actor: ActorDep
) -> AssessmentView:
    """Answer judgement items (each once; 409 for one already answered)."""
    return assessments.answer_items(desk, actor, assessment_id, body.answers)


@router.get("/assessments/{assessment_id}/item-statistics", response_model=list[ItemStatisticsView])
def item_statistics(
    assessment_id: PathId, desk: DeskDep, actor: ActorDep
) -> list[ItemStatisticsView]:
    """Per item: answers, difficulty (share choosing the best option), discrimination (the
    point-biserial correlation with the rest score) and how often each option was chosen."""
    return assessments.full_statistics(desk, actor, assessment_id).items


@router.get("/assessments/{assessment_id}/statistics", response_model=AssessmentStatistics)
def statistics(assessment_id: PathId, desk: DeskDep, actor: ActorDep) -> AssessmentStatistics:
    """The item statistics, and per principle Cronbach's alpha of its items over the people
    who answered them all (`people`): shown from 2 items and 5 people, else `reason` says
    why not (leads, admins and auditors)."""
    return assessments.full_statistics(desk, actor, assessment_id)
