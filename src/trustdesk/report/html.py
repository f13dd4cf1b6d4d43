"""report.html: the analytics dict rendered with Jinja2, charts drawn as inline SVG.

The page is built only from `Analytics.to_dict()`, the same dict written to report.json, so
the two cannot disagree; figures in the page carry `data-figure` (their path in the JSON)
and `data-value` (the JSON value) so a test can hold every shown number to the JSON.
"""

from __future__ import annotations

import json
import math
from typing import Any

from markupsafe import Markup, escape

from trustdesk.analytics.result import SCORECARD_ROWS
from trustdesk.report.charts import COLOURS, Bar, Interval, bar_chart, interval_chart, trend_chart

VERDICT_COLOURS = {"allow": COLOURS["good"], "warn": COLOURS["warn"], "block": COLOURS["bad"]}


def _number(value: Any, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def _percent(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.{digits}f} %"


def _pvalue(value: float) -> str:
    return "< 0.0001" if value < 0.0001 else f"{value:.4f}"


def figure(path: str, value: Any, text: str) -> Markup:
    """A shown figure tied to its place in report.json."""
    return Markup(
        f"<span data-figure=\"{escape(path)}\" data-value='{escape(json.dumps(value))}'>"
        f"{escape(text)}</span>"
    )


def _charts(data: dict[str, Any]) -> dict[str, Any]:
    overview = data["overview"]
    verdicts = overview["verdicts"]
    total = max(overview["conversations"], 1)
    charts: dict[str, Any] = {
        "verdicts": bar_chart(
            [
                Bar(
                    k, v, f"{v:,} ({100 * v / total:.0f} %)", VERDICT_COLOURS.get(k, COLOURS["bar"])
                )
                for k, v in verdicts.items()
            ],
            "Verdict mix",
            maximum=total,
        ),
        "principles": bar_chart(
            [
                Bar(row["label"], row["score"], f"{row['score']:.1f}")
                for row in data["principles"]["scores"]
            ],
            "Mean score per principle (0-100)",
            maximum=100,
        ),
        "trends": {
            row["principle"]: trend_chart(
                [(point["period"], point["score"]) for point in row["trend"]],
                data["principles"]["periods"],
                f"{row['label']} by {data['principles']['period']}",
            )
            for row in data["principles"]["scores"]
        },
        "checks": bar_chart(
            [Bar(row["check"], row["count"], f"{row['count']:,}") for row in data["findings"]],
            "Findings per check",
        ),
    }
    reply = data["responsiveness"]["first_reply"]
    charts["first_reply"] = bar_chart(
        [
            Bar(_bucket(b["from_hours"], b["to_hours"]), b["count"], f"{b['count']:,}")
            for b in reply["histogram"]
        ],
        "First reply time",
    )
    promises = data["responsiveness"]["promises"]
    charts["promises"] = bar_chart(
        [
            Bar("kept", promises["kept"], f"{promises['kept']:,}", COLOURS["good"]),
            Bar("broken", promises["broken"], f"{promises['broken']:,}", COLOURS["bad"]),
            Bar("still open", promises["open"], f"{promises['open']:,}", COLOURS["muted"]),
            Bar("no time given", promises["untimed"], f"{promises['untimed']:,}", COLOURS["warn"]),
        ],
        "Promises made",
    )
    satisfaction = data["advocacy"]["satisfaction"]["distribution"]
    charts["satisfaction"] = bar_chart(
        [Bar(f"{k} / 5", v, f"{v:,}") for k, v in satisfaction.items()], "Survey satisfaction"
    )
    charts["equity"] = {
        (section["attribute"], measure["measure"]): interval_chart(
            [
                Interval(g["group"], g["value"], g["ci"][0], g["ci"][1], g["n"], g["eligible"])
                for g in measure["groups"]
            ],
            f"{measure['label']} by {section['label']}",
            "%" if measure["kind"] == "rate" else ("h" if measure["kind"] == "time" else ""),
        )
        for section in data["equity"]["attributes"]
        for measure in section["measures"]
    }
    return charts


def _bucket(low: float, high: float | None) -> str:
    def hours(value: float) -> str:
        return f"{value * 60:g} min" if value < 1 else f"{value:g} h"

    return f"over {hours(low)}" if high is None else f"{hours(low)} – {hours(high)}"


def render_html(data: dict[str, Any]) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("trustdesk.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _number
    env.filters["pct"] = _percent
    env.filters["pvalue"] = _pvalue
    env.globals["figure"] = figure
    template = env.get_template("report.html.j2")
    return template.render(a=data, charts=_charts(data), rows=SCORECARD_ROWS)
