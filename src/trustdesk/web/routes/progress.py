"""Practice progress: per team and person, scenarios passed, the principles where practice
replies fail, improvement over attempts and live findings before and after practice, with
charts drawn on the server (each bar with its value written beside it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from markupsafe import Markup

from trustdesk.desk.training_report import ProgressSummary, progress_report
from trustdesk.report.charts import COLOURS, Bar, bar_chart
from trustdesk.web.deps import SignedIn

router = APIRouter()


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def charts(summary: ProgressSummary, name: str) -> dict[str, Markup]:
    """The three charts of a person or team: pass rate by attempt number, failing principles,
    live findings per reply before and after practice."""
    steps = bar_chart(
        [
            Bar(
                s.label,
                (s.pass_rate or 0.0) * 100,
                f"{_percent(s.pass_rate)} of {s.attempts}",
                COLOURS["good"],
            )
            for s in summary.by_attempt
        ],
        f"{name}: pass rate by attempt number",
        maximum=100,
    )
    failing = bar_chart(
        [
            Bar(
                f.principle.replace("_", " "),
                (f.rate or 0.0) * 100,
                f"{f.failed} of {f.attempts}",
                COLOURS["bad"],
            )
            for f in summary.failing[:10]
        ],
        f"{name}: practice replies flagged, by principle",
        maximum=100,
    )
    live_bars: list[Bar] = []
    for link in summary.live:
        label = link.principle.replace("_", " ")
        for when, rate, colour in (
            ("before", link.before, COLOURS["muted"]),
            ("after", link.after, COLOURS["bar"]),
        ):
            text = (
                f"{rate.rate:.2f} ({rate.replies} replies)"
                if rate.rate is not None
                else "no replies"
            )
            live_bars.append(Bar(f"{label}, {when}", rate.rate or 0.0, text, colour))
    live = bar_chart(live_bars, f"{name}: live findings per reply before and after practice")
    return {"steps": steps, "failing": failing, "live": live}


@router.get("/progress")
def progress_page(
    page: SignedIn,
    user_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> Response:
    """Teams and people the reader may see (an agent: themselves), one person's charts when
    chosen (or when there is only one)."""
    report = progress_report(page.desk, page.actor)
    chosen = next((p for p in report.people if p.user_id == user_id), None)
    if chosen is None and len(report.people) == 1:
        chosen = report.people[0]
    extra: dict[str, Any] = {
        "title": "Practice progress",
        "nav": "practice",
        "chosen": chosen,
        "person_charts": charts(chosen, chosen.username) if chosen else None,
        "team_charts": {
            (team.team or "no team"): charts(team, team.team or "No team")
            for team in report.teams
            if len(report.people) > 1
        },
        "percent": _percent,
    }
    return page.render("progress.html", {"progress": report}, extra=extra)
