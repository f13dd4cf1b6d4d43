"""What a Content-Security-Policy of `style-src 'self'` and `script-src 'self'` would refuse
is never in a page: no inline style attribute, style element or script in the desk's
templates or in the charts drawn into them. And the dashboard says what it has, not dashes."""

from __future__ import annotations

import re
from importlib import resources

from trustdesk.api.headers import CONTENT_SECURITY_POLICY
from trustdesk.report.charts import Bar, bar_chart, trend_chart
from web_support import Web

# An inline style attribute, a <style> element, an inline <script> (one with no src) or an
# event handler attribute: each needs 'unsafe-inline', which the desk's policy does not give.
INLINE = re.compile(r"\sstyle\s*=|<style[\s>]|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=", re.I)


def test_the_policy_allows_no_inline_style_or_script() -> None:
    assert "style-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_no_template_of_the_desk_holds_inline_style_or_script() -> None:
    templates = resources.files("trustdesk.web") / "templates"
    found = {
        item.name: INLINE.findall(item.read_text(encoding="utf-8"))
        for item in templates.iterdir()
        if item.name.endswith(".html")
    }
    assert found and {name: hits for name, hits in found.items() if hits} == {}


def test_the_charts_drawn_into_pages_hold_no_inline_style() -> None:
    drawn = [
        bar_chart([Bar("promises.vague", 3, "3")], "Findings"),
        trend_chart([("2026-W49", 92.3), ("2026-W50", 95.6)], ["2026-W49", "2026-W50"], "T"),
        trend_chart([], ["2026-W49"], "Empty"),
    ]
    assert all(not INLINE.search(str(chart)) for chart in drawn)


def test_a_trend_has_axes_and_a_value_for_each_period() -> None:
    chart = str(
        trend_chart([("2026-W49", 92.3), ("2026-W50", 95.6)], ["2026-W49", "2026-W50"], "T")
    )
    axes = re.findall(r'<text class="axis"[^>]*>([^<]*)</text>', chart)
    assert axes == ["100", "80", "2026-W49", "2026-W50"]
    assert re.findall(r'<text class="value"[^>]*>([^<]*)</text>', chart) == ["92", "96"]


def test_a_dashboard_with_no_survey_says_so_instead_of_dashes(web: Web) -> None:
    page = web.signed_in("lee").get("/dashboard").text
    assert "No survey answered in this range" in page
    assert "— of 5" not in page and "— felt treated fairly" not in page
