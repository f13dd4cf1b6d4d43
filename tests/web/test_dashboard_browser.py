"""The dashboard of the demo data, and the audit report, in a real headless Chromium: every
table fits a laptop's width, the trends have axes and values, no Content-Security-Policy
violation, and the report reads at a phone's width without scrolling sideways."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from browser_support import ARTIFACTS, BROWSER_TEST

from desk_support import FakeClock, Staff
from live_server import serving
from trustdesk.cli.desk import _moved_to_recent_weeks
from trustdesk.desk import auth
from trustdesk.desk.desk import Desk
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.roles import Actor, Role
from trustdesk.io import read_conversations
from trustdesk.io.archive import audit_archive
from trustdesk.report.write import write_report
from trustdesk.samples import sample_path

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

pytestmark = BROWSER_TEST

# Tables wider than the box that holds them (they would scroll or be clipped).
OVERFLOWING = """
Array.from(document.querySelectorAll('.table-wrap'))
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .map(box => (box.closest('section') || box).querySelector('h2, h1')?.textContent || '?')
"""
# Every violation of the page's Content-Security-Policy, as the browser reports them.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + (e.sample || e.blockedURI)));
"""


def _load_samples(desk: Desk, clock: FakeClock) -> None:
    clock.moment = NOW
    team = auth.ensure_team(desk, "Support")
    importer = Actor(user_id=None, username="import", role=Role.ADMIN, team_id=team)
    samples = list(read_conversations(str(sample_path()), strict=True))
    import_conversations(desk, importer, _moved_to_recent_weeks(samples, NOW))


def test_the_dashboard_fits_a_laptop_with_no_csp_violation(
    desk: Desk, staff: Staff, clock: FakeClock, browser: Any
) -> None:
    _load_samples(desk, clock)
    with serving(desk) as base:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.add_init_script(LISTEN)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/sign-in")
        page.get_by_label("User name").fill("lee")
        page.get_by_label("Password").fill(staff.passwords["lee"])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/")
        for path in ("/", "/dashboard", "/dashboard?period=day", "/commitments"):
            page.goto(f"{base}{path}")
            assert page.evaluate(OVERFLOWING) == [], path
            assert page.evaluate("window.__violations") == [], path
        # The pages that run the most script: the inbox and a conversation with its live check.
        for path in ("/tickets", "/tickets/1"):
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__violations") == [], path
        page.goto(f"{base}/dashboard")
        # Each trend is drawn with its axis labels and its values, not bare dots.
        trend = page.locator("svg.trend").first
        assert trend.locator("text.axis").count() >= 2
        assert trend.locator("text.value").count() >= 1
        text = page.locator("main").inner_text()
        assert "— of 5" not in text and "— felt treated fairly" not in text
        assert "No survey answered in this range" in text
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard-demo-1366.png"), full_page=True)
        assert not [e for e in errors if "Content Security Policy" in e], errors
        context.close()


def test_the_report_reads_on_a_phone(desk: Desk, browser: Any, tmp_path: Path) -> None:
    archive = tmp_path / "samples.jsonl"
    samples = list(read_conversations(str(sample_path()), strict=True))
    archive.write_text(
        "".join(json.dumps(c.model_dump(mode="json", exclude_none=True)) + "\n" for c in samples),
        encoding="utf-8",
    )
    audit_archive([str(archive)], tmp_path / "audit", engine=desk.engine)
    write_report(tmp_path / "audit")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto((tmp_path / "audit" / "report.html").as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    context.close()
