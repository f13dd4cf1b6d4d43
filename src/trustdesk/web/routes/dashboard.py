"""The lead dashboard: scores by principle over time, by agent and team, frequent findings,
surveys and promises, with charts drawn on the server."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from markupsafe import Markup

from trustdesk.desk.dashboard import DashboardView, dashboard
from trustdesk.errors import InputError
from trustdesk.report.charts import COLOURS, Bar, bar_chart, trend_chart
from trustdesk.web.deps import SignedIn

router = APIRouter()


def _charts(view: DashboardView) -> dict[str, Any]:
    labels = [p.label for p in view.periods]
    trends: dict[str, Markup] = {}
    for principle in view.principles:
        points = [(p.period, p.score) for p in principle.trend if p.score is not None]
        trends[principle.principle] = trend_chart(
            points, labels, f"{principle.label}: score by {view.period}"
        )
    findings = bar_chart(
        [Bar(f.check, f.count, f"{f.count}") for f in view.findings[:10]],
        "Most frequent findings",
    )
    satisfaction = bar_chart(
        [
            Bar(f"{score} of 5", count, str(count), COLOURS["good" if score >= 4 else "bar"])
            for score, count in sorted(view.surveys.satisfaction.items(), reverse=True)
        ],
        "Survey answers by satisfaction",
    )
    return {"trends": trends, "findings_chart": findings, "satisfaction_chart": satisfaction}


@router.get("/dashboard")
def dashboard_page(
    page: SignedIn,
    period: Annotated[Literal["day", "week", "month"], Query()] = "week",
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """From and to are days in the organisation's time zone, both included."""
    tz = page.desk.policy.organisation.tz
    error = None
    try:
        since = datetime.combine(start, time(0), tz) if start else None
        until = datetime.combine(end + timedelta(days=1), time(0), tz) if end else None
        view = dashboard(page.desk, page.actor, since=since, until=until, period=period)
    except (InputError, OverflowError) as mistake:  # 9999-12-31 has no next day
        error = mistake.reason if isinstance(mistake, InputError) else "dates out of range"
        view = dashboard(page.desk, page.actor, period=period)
    extra = {
        "title": "Dashboard",
        "nav": "dashboard",
        "error": error,
        "start": start,
        "end": end,
        **_charts(view),
    }
    return page.render("dashboard.html", {"dashboard": view}, extra=extra)
