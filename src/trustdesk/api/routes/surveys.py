"""Surveys: the link per resolved ticket, the public answer (no sign-in), and the results."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from trustdesk.api.deps import ActorDep, DeskDep, PathId, QueryId
from trustdesk.api.schemas import SurveyAnswer, SurveyFormView
from trustdesk.desk import surveys
from trustdesk.desk.views import SurveyLink, SurveyView

router = APIRouter(prefix="/v1", tags=["surveys"])

QUESTIONS = [
    "How satisfied are you with how we handled your request? (1-5)",
    "Were you treated fairly?",
    "Anything you would like to tell us?",
]
Token = Annotated[str, Path(min_length=10, max_length=300)]


@router.get("/tickets/{ticket_id}/survey", response_model=SurveyLink)
def survey_link(ticket_id: PathId, desk: DeskDep, actor: ActorDep) -> SurveyLink:
    """The link to send the customer once the ticket is resolved."""
    return surveys.survey_link(desk, actor, ticket_id=ticket_id)


@router.get("/surveys", response_model=list[SurveyView])
def list_surveys(
    desk: DeskDep, actor: ActorDep, ticket_id: QueryId = None, answered: bool | None = None
) -> list[SurveyView]:
    return surveys.list_surveys(desk, actor, ticket_id=ticket_id, answered=answered)


@router.get("/public/surveys/{token}", response_model=SurveyFormView)
def open_survey(token: Token, desk: DeskDep) -> SurveyFormView:
    """The survey a customer reached by link (no sign-in; reveals nothing of the ticket)."""
    form = surveys.open_survey(desk, token)
    return SurveyFormView(survey_id=form.survey_id, answered=form.answered, questions=QUESTIONS)


@router.post("/public/surveys/{token}", response_model=SurveyView, status_code=201)
def answer_survey(token: Token, body: SurveyAnswer, desk: DeskDep) -> SurveyView:
    """The customer's answer; a survey is answered once."""
    return surveys.submit_survey(
        desk,
        token,
        satisfaction=body.satisfaction,
        treated_fairly=body.treated_fairly,
        comment=body.comment,
    )
