"""A practice round in a real headless Chromium: open a scenario, reply, read the verdict (swapped
in by htmx), pass with a better reply; no script error or Content-Security-Policy violation."""

from __future__ import annotations

from typing import Any

from browser_support import BROWSER_TEST, UNLABELLED, shot, sign_in

from desk_support import Staff
from live_server import serving
from trustdesk.desk.desk import Desk

pytestmark = BROWSER_TEST


def test_a_practice_round_in_chromium(desk: Desk, staff: Staff, browser: Any) -> None:
    errors: list[str] = []
    with serving(desk) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        sign_in(page, base, "ann", staff.passwords["ann"])
        page.get_by_role("link", name="Practice", exact=True).click()
        page.get_by_label("Principle", exact=True).select_option("promises")
        page.get_by_role("button", name="Show", exact=True).click()
        page.get_by_role(
            "link", name='A request that tempts a vague "we\'ll get back to you"'
        ).click()
        page.get_by_text("Our team account has been locked").wait_for()

        reply = page.get_by_label("Your reply", exact=True)
        reply.fill("Thanks. We will get back to you as soon as possible.")
        page.get_by_role("button", name="Check my reply").click()
        page.get_by_role("heading", name="Not passed yet", exact=True).wait_for()
        assert page.locator("#practice-result mark.finding").count() >= 1
        assert "promises.vague" in page.locator("#practice-result").inner_text()
        assert page.locator("#practice-result .exemplary").is_visible()
        shot(page, "practice-warn-1280")

        reply.fill(
            "Thank you for updating the card. I have sent it to the finance team now, and I "
            "will update you by 2pm today."
        )
        page.get_by_role("button", name="Check my reply").click()
        page.get_by_role("heading", name="Passed", exact=True).wait_for()
        assert page.evaluate(UNLABELLED) == []
        page.get_by_role("link", name="← All scenarios").click()
        page.get_by_text("You have passed 1 scenario.").wait_for()
        context.close()
    assert errors == []
