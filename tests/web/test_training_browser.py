"""Training in a real headless Chromium: a lead sets an assessment, an agent answers its
judgement items, the lead reads the results and the practice progress page, and turns a real
ticket into a practice scenario; no script error, no unlabelled control."""

from __future__ import annotations

from typing import Any

from browser_support import BROWSER_TEST, UNLABELLED, shot, signed_in_page

from desk_support import Staff, new_ticket
from live_server import serving
from trustdesk.desk import training
from trustdesk.desk.desk import Desk

pytestmark = BROWSER_TEST


def _person(browser: Any, base: str, username: str, staff: Staff, errors: list[str]) -> Any:
    return signed_in_page(browser, base, username, staff.passwords[username], errors)


def test_an_assessment_and_the_progress_page_in_chromium(
    desk: Desk, staff: Staff, browser: Any
) -> None:
    scenario = training.list_scenarios(desk, staff.agent)[0]
    errors: list[str] = []
    with serving(desk) as base:
        lee = _person(browser, base, "lee", staff, errors)
        lee.goto(f"{base}/assessments")
        lee.get_by_label("Title", exact=True).fill("Onboarding week 1")
        lee.get_by_label("Scenarios to pass").select_option(scenario.id)
        items = lee.get_by_label("Judgement items to answer")
        first_items = items.locator("option").evaluate_all("os => os.slice(0, 2).map(o => o.value)")
        items.select_option(first_items)
        lee.get_by_role("button", name="Set the assessment").click()
        lee.get_by_role("heading", name="Onboarding week 1", exact=True).wait_for()
        assessment_url = lee.url
        # Two practice rounds of the agent's: the second passes the assessment's scenario, and
        # the progress page has attempts to draw.
        training.practise(desk, staff.agent, scenario_id=scenario.id, reply="We'll look into it.")
        passed = training.practise(
            desk, staff.agent, scenario_id=scenario.id, reply=scenario.exemplary[0].text
        )
        assert passed.attempt.passed

        ann = _person(browser, base, "ann", staff, errors)
        ann.goto(f"{base}/assessments")
        ann.get_by_role("link", name="Onboarding week 1").click()
        ann.get_by_role("heading", name="What would you do?").wait_for()
        for item in first_items:
            ann.locator(f"input[name='item:{item}']").first.check()
        assert ann.evaluate(UNLABELLED) == []
        ann.get_by_role("button", name="Send my answers").click()
        ann.get_by_role("heading", name="What would you do?").wait_for()
        # Answered once: the options are closed and the best one is shown.
        assert ann.locator(f"input[name='item:{first_items[0]}']").first.is_disabled()
        shot(ann, "assessment-answered-1280")

        lee.goto(assessment_url)
        row = lee.locator("tr[data-person='ann']")
        row.wait_for()
        assert "1 of 1" in row.inner_text()  # the scenario passed in practice
        assert "answered (of 2)" in row.inner_text()

        lee.goto(f"{base}/practice")
        lee.get_by_role("link", name="Progress").first.click()
        lee.get_by_role("heading", name="Practice progress", exact=True).wait_for()
        assert lee.locator("svg").count() >= 1
        assert "ann" in lee.locator("main").inner_text()
        assert lee.evaluate(UNLABELLED) == []
        shot(lee, "progress-1280")
    assert errors == []


def test_a_lead_turns_a_ticket_into_a_scenario_in_chromium(
    desk: Desk, staff: Staff, browser: Any
) -> None:
    ticket = new_ticket(
        desk,
        staff.agent,
        text="Hi, I'm Robin Shaw, robin.shaw@example.com. My refund still hasn't arrived.",
    )
    errors: list[str] = []
    with serving(desk) as base:
        lee = _person(browser, base, "lee", staff, errors)
        lee.goto(f"{base}/tickets/{ticket.id}")
        lee.get_by_label("Title of the scenario").fill("A refund that has not arrived")
        lee.get_by_label("Principles it trains", exact=False).select_option("transparency")
        lee.get_by_role("button", name="Make a practice scenario").click()
        lee.get_by_role("heading", name="A refund that has not arrived").wait_for()
        text = lee.locator("main").inner_text()
        assert "My refund still hasn't arrived" in text
        assert "robin.shaw@example.com" not in text and "Robin Shaw" not in text
        assert lee.evaluate(UNLABELLED) == []
    assert errors == []
