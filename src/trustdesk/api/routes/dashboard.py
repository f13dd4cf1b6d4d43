"""The lead dashboard: scores by principle over time, agents, teams, findings, surveys, promises."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from trustdesk.api.deps import ActorDep, DeskDep
from trustdesk.api.schemas import Moment
from trustdesk.desk import dashboard as use_case
from trustdesk.desk.dashboard import MAX_EXAMPLES, DashboardPeriod, DashboardView

router = APIRouter(prefix="/v1", tags=["dashboard"])


@router.get("/dashboard", response_model=DashboardView)
def dashboard(
    desk: DeskDep,
    actor: ActorDep,
    since: Annotated[
        Moment | None,
        Query(description="Start of the range (default: eleven periods before the current)."),
    ] = None,
    until: Annotated[
        Moment | None,
        Query(description="End of the range, excluded (default: the end of the current period)."),
    ] = None,
    period: DashboardPeriod = "week",
    examples: Annotated[int, Query(ge=0, le=MAX_EXAMPLES)] = 3,
) -> DashboardView:
    """The replies of your team (every team for admins and auditors) in [since, until)."""
    return use_case.dashboard(
        desk, actor, since=since, until=until, period=period, examples=examples
    )
