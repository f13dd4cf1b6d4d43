"""The lead dashboard: scores by principle over time, by agent and team, frequent findings,
surveys and promises, with charts drawn on the server."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from markupsafe import Markup

from trustdesk.desk.dashboard import dashboard
from trustdesk.desk.dashboard_views import DashboardView
from trustdesk.report.charts import COLOURS, Bar, bar_chart, sparkline
from trustdesk.web.deps import SignedIn

router = APIRouter()


def _charts(view: DashboardView) -> dict[str, Any]:
    labels = [p.label for p in view.periods]
    trends: dict[str, Markup] = {}
    for principle in view.principles:
        points = [(p.period, p.score) for p in principle.trend if p.score is not None]
        trends[principle.principle] = sparkline(
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
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
) -> Response:
    view = dashboard(page.desk, page.actor, since=since, until=until, period=period)
    extra = {"title": "Dashboard", "nav": "dashboard", **_charts(view)}
    return page.render("dashboard.html", {"dashboard": view}, extra=extra)
