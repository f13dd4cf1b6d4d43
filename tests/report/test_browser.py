"""report.html in a real headless Chromium: every chart draws, and nothing is fetched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report_fixture import MIN_GROUP
from trustdesk.analytics.result import ReportOptions
from trustdesk.report import write_report

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def test_every_chart_draws_and_no_request_leaves_the_page(
    audited_fixture: Path, tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    folder = tmp_path / "audit"
    shutil.copytree(audited_fixture, folder)
    html = write_report(folder, ReportOptions(min_group=MIN_GROUP)).html
    url = html.resolve().as_uri()
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url)
            # Open every folded section so its charts are laid out.
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            charts = page.locator("svg.chart")
            count = charts.count()
            assert count >= 8
            for index in range(count):
                chart = charts.nth(index)
                box = chart.bounding_box()
                assert box is not None and box["width"] > 0 and box["height"] > 0, index
                assert chart.locator(".mark").count() > 0, index
            assert page.title() == "trustdesk audit report"
            # The filter hides the worst conversations that do not match.
            page.fill("#filter", "es-15")
            visible = page.locator("details.worst:not([hidden])")
            assert visible.count() == 1
        finally:
            browser.close()
    assert requests == [url]
