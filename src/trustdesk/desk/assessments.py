"""Assessments: a lead assigns scenarios to pass and situational-judgement items to answer.

An assessment belongs to the lead's team and is for the whole team or for some of its people,
with an optional due time. A scenario counts once a reply to it passes after the assessment
was set; an item is answered once, and the answer shows the best option and why each option
is better or worse. Leads (and admins, auditors) see everyone's results and the statistics of
each item (`trustdesk.training.judgement`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import _team_holds as team_holds  # one rule for team tables
from trustdesk.desk.tenancy import cross_team, may_see, owning_team
from trustdesk.desk.training import list_scenarios
from trustdesk.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from trustdesk.store.tables import User
from trustdesk.store.training_tables import Assessment, JudgementAnswer, PracticeAttempt
from trustdesk.training.judgement import Answer, item_statistics, judgement_item
from trustdesk.training.reliability import (
    PrincipleReliability,
    principle_reliability,
    principle_scores,
    scale_reliability,
)

MAX_ENTRIES = 100
# The name of the whole assessment's scale in its statistics.
OVERALL = "all principles"


class OptionView(BaseModel):
    id: str
    text: str
    # Shown once the item is answered.
    why: str | None = None
    best: bool | None = None


class ItemView(BaseModel):
    id: str
    principles: list[str]
    situation: str
    options: list[OptionView]
    chosen: str | None = None


class ScenarioStatus(BaseModel):
    id: str
    title: str
    passed: bool


class PrincipleScoreView(BaseModel):
    principle: str
    answered: int
    correct: int


class PersonResult(BaseModel):
    user_id: int
    username: str
    scenarios_passed: int
    items_answered: int
    items_correct: int
    complete: bool
    # The judgement items' score per principle they train.
    principles: list[PrincipleScoreView] = []


class ItemStatisticsView(BaseModel):
    item: str
    answers: int
    difficulty: float | None
    discrimination: float | None
    chosen: dict[str, int]


class PrincipleReliabilityView(BaseModel):
    principle: str
    items: int
    # People who answered every item of the principle: the answers behind alpha.
    people: int
    alpha: float | None
    reason: str | None


class AssessmentStatistics(BaseModel):
    items: list[ItemStatisticsView]
    principles: list[PrincipleReliabilityView]
    # Alpha of all the assessment's items taken as one scale ("all principles").
    overall: PrincipleReliabilityView


class AssessmentSummary(BaseModel):
    id: int
    title: str
    due_at: datetime | None
    created_at: datetime
    scenarios: int
    items: int
    assignees: list[int]


class AssessmentView(AssessmentSummary):
    scenario_list: list[ScenarioStatus]
    item_list: list[ItemView]
    mine: PersonResult | None
    results: list[PersonResult]


def _may_lead(actor: Actor) -> bool:
    return actor.can(Permission.MANAGE_SCENARIOS) or cross_team(actor)


def create_assessment(
    desk: Desk,
    actor: Actor,
    *,
    title: str,
    scenario_ids: list[str],
    item_ids: list[str],
    assignees: list[int] | None = None,
    due_at: datetime | None = None,
) -> AssessmentView:
    """Assign scenarios and items to the actor's team (or to some of its people)."""
    actor.require(Permission.MANAGE_SCENARIOS)
    title = title.strip()
    if not title:
        raise InputError("the title is empty", field="title")
    if not scenario_ids and not item_ids:
        raise InputError("give at least one scenario or judgement item", field="scenario_ids")
    if len(scenario_ids) + len(item_ids) > MAX_ENTRIES:
        raise InputError(f"at most {MAX_ENTRIES} scenarios and items", field="scenario_ids")
    known = {s.id for s in list_scenarios(desk, actor)}
    for scenario_id in scenario_ids:
        if scenario_id not in known:
            raise InputError(f"no scenario {scenario_id!r}", field="scenario_ids")
    for item_id in item_ids:
        judgement_item(item_id)
    people = sorted(set(assignees or []))
    with desk.transaction() as session:
        if people:
            found = session.scalars(
                select(User.id).where(User.id.in_(people), team_holds(User.team_id, actor))
            ).all()
            missing = sorted(set(people) - set(found))
            if missing or (actor.team_id is None and not cross_team(actor)):
                raise InputError(f"no person {missing[0]} in your team", field="assignees")
        row = Assessment(
            team_id=owning_team(actor),
            title=title,
            scenario_keys=list(dict.fromkeys(scenario_ids)),
            item_keys=list(dict.fromkeys(item_ids)),
            assignees=people,
            due_at=due_at,
            created_by_user_id=actor.user_id,
            created_at=desk.now(),
        )
        session.add(row)
        session.flush()
        audit_log.record(session, desk, actor, "create", "assessment", row.id)
        assessment_id = row.id
    return get_assessment(desk, actor, assessment_id)


def _visible(session: Session, actor: Actor, assessment_id: int) -> Assessment:
    """The assessment, if the actor's team holds it and it is set for them (or they lead):
    otherwise NotFound, so another team's ids are not confirmed to exist."""
    row = session.get(Assessment, assessment_id)
    if row is None or not may_see(actor, row.team_id):
        raise NotFoundError(f"no assessment {assessment_id}")
    if not _may_lead(actor) and row.assignees and actor.user_id not in row.assignees:
        raise NotFoundError(f"no assessment {assessment_id}")
    return row


def list_assessments(desk: Desk, actor: Actor) -> list[AssessmentSummary]:
    """Newest first: those set for you (agents), your team's (leads), every team's (admins)."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        rows = session.scalars(
            select(Assessment)
            .where(team_holds(Assessment.team_id, actor))
            .order_by(Assessment.id.desc())
        ).all()
        return [
            _summary(row)
            for row in rows
            if _may_lead(actor) or not row.assignees or actor.user_id in row.assignees
        ]


def get_assessment(desk: Desk, actor: Actor, assessment_id: int) -> AssessmentView:
    actor.require(Permission.READ)
    titles = {s.id: s.title for s in list_scenarios(desk, actor)}
    with desk.reading() as session:
        row = _visible(session, actor, assessment_id)
        people = _people(session, row)
        passed = _passed(session, row)
        answers = _answers(session, row)
        mine_chosen = {a.item: a.option for a in answers if a.person == actor.user_id}
        results = [_result(row, user_id, name, passed, answers) for user_id, name in people]
        mine = next((r for r in results if r.user_id == actor.user_id), None)
        summary = _summary(row)
        mine_passed = passed.get(actor.user_id or -1, set())
        return AssessmentView(
            **summary.model_dump(),
            scenario_list=[
                ScenarioStatus(id=key, title=titles.get(key, key), passed=key in mine_passed)
                for key in row.scenario_keys
            ],
            item_list=[_item_view(key, mine_chosen.get(key)) for key in row.item_keys],
            mine=mine,
            results=results if _may_lead(actor) else [],
        )


def answer_items(
    desk: Desk, actor: Actor, assessment_id: int, answers: dict[str, str]
) -> AssessmentView:
    """Record the actor's choices (each item once); the view then shows the best options."""
    actor.require(Permission.READ)
    if not answers:
        raise InputError("no answer given", field="answers")
    with desk.transaction() as session:
        row = _visible(session, actor, assessment_id)
        if row.assignees and actor.user_id not in row.assignees:
            raise PermissionDeniedError("this assessment is not set for you")
        done = set(
            session.scalars(
                select(JudgementAnswer.item_key).where(
                    JudgementAnswer.assessment_id == row.id,
                    JudgementAnswer.user_id == actor.user_id,
                )
            ).all()
        )
        for item_id, option_id in answers.items():
            if item_id not in row.item_keys:
                raise InputError(f"the assessment has no item {item_id!r}", field="answers")
            item = judgement_item(item_id)
            if option_id not in {o.id for o in item.options}:
                raise InputError(f"item {item_id!r} has no option {option_id!r}", field="answers")
            if item_id in done:
                raise ConflictError(f"item {item_id!r} is already answered")
            session.add(
                JudgementAnswer(
                    team_id=row.team_id,
                    assessment_id=row.id,
                    user_id=actor.user_id,
                    item_key=item_id,
                    option_key=option_id,
                    correct=option_id == item.best,
                    created_at=desk.now(),
                )
            )
    return get_assessment(desk, actor, assessment_id)


def assessment_statistics(desk: Desk, actor: Actor, assessment_id: int) -> list[dict[str, Any]]:
    """Difficulty, discrimination and option counts of each item, over everyone's answers."""
    return [s.model_dump() for s in full_statistics(desk, actor, assessment_id).items]


def full_statistics(desk: Desk, actor: Actor, assessment_id: int) -> AssessmentStatistics:
    """Each item's statistics, and Cronbach's alpha of each principle's items with the
    number of people behind it (or why it is not shown)."""
    if not _may_lead(actor):
        raise PermissionDeniedError("only leads, admins and auditors read item statistics")
    with desk.reading() as session:
        row = _visible(session, actor, assessment_id)
        answers = _answers(session, row)
        item_keys = list(row.item_keys)
    trains = _trains(item_keys)
    return AssessmentStatistics(
        items=[
            ItemStatisticsView(
                item=s.item,
                answers=s.answers,
                difficulty=s.difficulty,
                discrimination=s.discrimination,
                chosen=s.chosen,
            )
            for s in item_statistics(answers, item_keys)
        ],
        principles=[_reliability_view(r) for r in principle_reliability(answers, trains)],
        overall=_reliability_view(scale_reliability(answers, item_keys, OVERALL)),
    )


def _reliability_view(row: PrincipleReliability) -> PrincipleReliabilityView:
    return PrincipleReliabilityView(
        principle=row.principle,
        items=row.items,
        people=row.people,
        alpha=row.alpha,
        reason=row.reason,
    )


def _trains(item_keys: list[str]) -> dict[str, list[str]]:
    return {key: [p.value for p in judgement_item(key).principles] for key in item_keys}


def _summary(row: Assessment) -> AssessmentSummary:
    return AssessmentSummary(
        id=row.id,
        title=row.title,
        due_at=row.due_at,
        created_at=row.created_at,
        scenarios=len(row.scenario_keys),
        items=len(row.item_keys),
        assignees=row.assignees,
    )


def _people(session: Session, row: Assessment) -> list[tuple[int, str]]:
    query = select(User.id, User.username).order_by(User.username)
    if row.assignees:
        query = query.where(User.id.in_(row.assignees))
    else:
        query = query.where(User.team_id == row.team_id, User.role.in_(("agent", "lead")))
    return [(user_id, name) for user_id, name in session.execute(query).all()]


def _passed(session: Session, row: Assessment) -> dict[int, set[str]]:
    if not row.scenario_keys:
        return {}
    found: dict[int, set[str]] = {}
    for user_id, key in session.execute(
        select(PracticeAttempt.user_id, PracticeAttempt.scenario_key).where(
            PracticeAttempt.scenario_key.in_(row.scenario_keys),
            PracticeAttempt.passed.is_(True),
            PracticeAttempt.created_at >= row.created_at,
            PracticeAttempt.team_id.is_(None)
            if row.team_id is None
            else PracticeAttempt.team_id == row.team_id,
        )
    ).all():
        if user_id is not None:
            found.setdefault(user_id, set()).add(key)
    return found


def _answers(session: Session, row: Assessment) -> list[Answer]:
    return [
        Answer(person=user_id, item=item, option=option, correct=correct)
        for user_id, item, option, correct in session.execute(
            select(
                JudgementAnswer.user_id,
                JudgementAnswer.item_key,
                JudgementAnswer.option_key,
                JudgementAnswer.correct,
            ).where(JudgementAnswer.assessment_id == row.id)
        ).all()
    ]


def _result(
    row: Assessment,
    user_id: int,
    name: str,
    passed: dict[int, set[str]],
    answers: list[Answer],
) -> PersonResult:
    own = [a for a in answers if a.person == user_id]
    scenarios = len(passed.get(user_id, set()))
    scores = principle_scores(own, _trains(list(row.item_keys)))
    return PersonResult(
        user_id=user_id,
        username=name,
        scenarios_passed=scenarios,
        items_answered=len(own),
        items_correct=sum(a.correct for a in own),
        complete=scenarios == len(row.scenario_keys) and len(own) == len(row.item_keys),
        principles=[
            PrincipleScoreView(principle=s.principle, answered=s.answered, correct=s.correct)
            for s in sorted(scores, key=lambda s: s.principle)
        ],
    )


def _item_view(item_id: str, chosen: str | None) -> ItemView:
    item = judgement_item(item_id)
    answered = chosen is not None
    return ItemView(
        id=item.id,
        principles=[p.value for p in item.principles],
        situation=item.situation,
        options=[
            OptionView(
                id=o.id,
                text=o.text,
                why=o.why if answered else None,
                best=o.best if answered else None,
            )
            for o in item.options
        ],
        chosen=chosen,
    )
