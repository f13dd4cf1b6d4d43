"""Dilemmas in the desk: a person chooses and says why; then sees the discussion and how the
team chose. Leads (admins, auditors) also read the team's reasons. Choices stay in the team."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import _team_holds as team_holds  # one rule for team tables
from trustdesk.desk.tenancy import cross_team, owning_team
from trustdesk.errors import ConflictError, InputError
from trustdesk.store.training_tables import DilemmaChoice
from trustdesk.training.dilemmas import Dilemma, dilemma, dilemmas

MAX_REASON_CHARS = 2_000


class DilemmaOptionView(BaseModel):
    id: str
    text: str
    serves: list[str]
    costs: list[str]
    # How many of the team chose it (shown once you have chosen, and to leads).
    chosen_by: int | None = None


class TeamReason(BaseModel):
    username: str | None
    option: str
    reason: str


class DilemmaSummary(BaseModel):
    id: str
    title: str
    principles: list[str]
    mine: str | None


class DilemmaView(DilemmaSummary):
    situation: str
    options: list[DilemmaOptionView]
    my_reason: str | None
    discussion: str | None
    reasons: list[TeamReason]


def _may_lead(actor: Actor) -> bool:
    return actor.can(Permission.MANAGE_SCENARIOS) or cross_team(actor)


def list_dilemmas(desk: Desk, actor: Actor) -> list[DilemmaSummary]:
    actor.require(Permission.READ)
    with desk.reading() as session:
        mine = dict(
            session.execute(
                select(DilemmaChoice.dilemma_key, DilemmaChoice.option_key).where(
                    DilemmaChoice.user_id == actor.user_id
                )
            ).all()
        )
    return [
        DilemmaSummary(
            id=d.id, title=d.title, principles=[p.value for p in d.principles], mine=mine.get(d.id)
        )
        for d in dilemmas()
    ]


def get_dilemma(desk: Desk, actor: Actor, dilemma_id: str) -> DilemmaView:
    actor.require(Permission.READ)
    item = dilemma(dilemma_id)
    with desk.reading() as session:
        rows = session.scalars(
            select(DilemmaChoice)
            .where(DilemmaChoice.dilemma_key == item.id, team_holds(DilemmaChoice.team_id, actor))
            .order_by(DilemmaChoice.id)
        ).all()
        own = next((r for r in rows if r.user_id == actor.user_id), None)
        reasons = [
            TeamReason(
                username=r.user.username if r.user else None, option=r.option_key, reason=r.reason
            )
            for r in rows
        ]
        counts = Counter(r.option_key for r in rows)
    return _view(item, own, counts, reasons, actor)


def _view(
    item: Dilemma,
    own: DilemmaChoice | None,
    counts: Counter[str],
    reasons: list[TeamReason],
    actor: Actor,
) -> DilemmaView:
    open_to_me = own is not None or _may_lead(actor)
    return DilemmaView(
        id=item.id,
        title=item.title,
        principles=[p.value for p in item.principles],
        mine=own.option_key if own else None,
        my_reason=own.reason if own else None,
        situation=item.situation,
        options=[
            DilemmaOptionView(
                id=o.id,
                text=o.text,
                serves=[p.value for p in o.serves],
                costs=[p.value for p in o.costs],
                chosen_by=counts.get(o.id, 0) if open_to_me else None,
            )
            for o in item.options
        ],
        discussion=item.discussion if open_to_me else None,
        reasons=reasons if _may_lead(actor) else [],
    )


def choose(desk: Desk, actor: Actor, dilemma_id: str, *, option: str, reason: str) -> DilemmaView:
    """Record the actor's choice and reason (once); the view then shows the discussion and
    how the team chose."""
    actor.require(Permission.READ)
    item = dilemma(dilemma_id)
    if option not in {o.id for o in item.options}:
        raise InputError(f"the dilemma has no option {option!r}", field="option")
    reason = reason.strip()
    if not reason:
        raise InputError(
            "say why you chose it: the reason is what the team learns from", field="reason"
        )
    if len(reason) > MAX_REASON_CHARS:
        raise InputError(f"the reason is over {MAX_REASON_CHARS} characters", field="reason")
    try:
        with desk.transaction() as session:
            taken = session.scalar(
                select(DilemmaChoice.id).where(
                    DilemmaChoice.user_id == actor.user_id, DilemmaChoice.dilemma_key == item.id
                )
            )
            if taken is not None:
                raise ConflictError("you have already chosen on this dilemma")
            session.add(
                DilemmaChoice(
                    team_id=owning_team(actor),
                    user_id=actor.user_id,
                    dilemma_key=item.id,
                    option_key=option,
                    reason=reason,
                    created_at=desk.now(),
                )
            )
    except IntegrityError:  # two submissions at once: the second finds the first's row
        raise ConflictError("you have already chosen on this dilemma") from None
    return get_dilemma(desk, actor, dilemma_id)
