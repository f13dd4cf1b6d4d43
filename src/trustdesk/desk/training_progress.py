"""Practice progress for leads: per person, the scenarios tried and passed, by principle.

A lead reads their team's people; admins and auditors every team's. A scenario counts as
passed once any attempt at it passed; the principles of a scenario each count it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select

from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import _team_holds as team_holds  # one rule for team tables
from trustdesk.desk.tenancy import cross_team
from trustdesk.desk.training import list_scenarios
from trustdesk.errors import PermissionDeniedError
from trustdesk.store.tables import User
from trustdesk.store.training_tables import PracticeAttempt


class PrincipleProgress(BaseModel):
    principle: str
    tried: int
    passed: int


class PersonProgress(BaseModel):
    user_id: int
    username: str
    team: str | None
    attempts: int
    tried: int
    passed: int
    last_attempt_at: datetime | None
    principles: list[PrincipleProgress]


def practice_progress(desk: Desk, actor: Actor) -> list[PersonProgress]:
    """Every agent and lead the actor may see, most scenarios passed first."""
    if not (actor.can(Permission.MANAGE_SCENARIOS) or cross_team(actor)):
        raise PermissionDeniedError("only leads, admins and auditors read the team's progress")
    trains = {s.id: [p.value for p in s.principles] for s in list_scenarios(desk, actor)}
    with desk.reading() as session:
        people = session.scalars(
            select(User)
            .where(team_holds(User.team_id, actor), User.role.in_(("agent", "lead")))
            .order_by(User.username)
        ).all()
        rows = session.execute(
            select(
                PracticeAttempt.user_id,
                PracticeAttempt.scenario_key,
                PracticeAttempt.passed,
                PracticeAttempt.created_at,
            ).where(team_holds(PracticeAttempt.team_id, actor))
        ).all()
        teams = {p.id: (p.team.name if p.team else None) for p in people}
        names = {p.id: p.username for p in people}
    attempts: dict[int, int] = defaultdict(int)
    tried: dict[int, set[str]] = defaultdict(set)
    passed: dict[int, set[str]] = defaultdict(set)
    last: dict[int, datetime] = {}
    for user_id, key, ok, at in rows:
        if user_id not in names:
            continue
        attempts[user_id] += 1
        tried[user_id].add(key)
        if ok:
            passed[user_id].add(key)
        last[user_id] = max(last.get(user_id, at), at)
    out: list[PersonProgress] = []
    for user_id, name in names.items():
        by_principle: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for key in tried[user_id]:
            for principle in trains.get(key, []):
                by_principle[principle][0] += 1
                by_principle[principle][1] += key in passed[user_id]
        out.append(
            PersonProgress(
                user_id=user_id,
                username=name,
                team=teams[user_id],
                attempts=attempts[user_id],
                tried=len(tried[user_id]),
                passed=len(passed[user_id]),
                last_attempt_at=last.get(user_id),
                principles=[
                    PrincipleProgress(principle=p, tried=t, passed=k)
                    for p, (t, k) in sorted(by_principle.items())
                ],
            )
        )
    out.sort(key=lambda row: (-row.passed, -row.tried, row.username))
    return out
