"""A dilemma in the open, in a real headless Chromium: an agent raises it from a ticket and
writes in its thread, the team's lead closes it proposing a never-say phrase, an admin applies
it to the policy, and an agent of another team finds nothing; no script error, no
Content-Security-Policy violation, every field labelled."""

from __future__ import annotations

from typing import Any

from browser_support import BROWSER_TEST, UNLABELLED, shot, sign_in, signed_in_page

from desk_support import Staff, new_ticket
from live_server import serving
from trustdesk.desk.desk import Desk

pytestmark = BROWSER_TEST


def _person(browser: Any, base: str, username: str, staff: Staff, errors: list[str]) -> Any:
    return signed_in_page(browser, base, username, staff.passwords[username], errors)


def test_a_dilemma_thread_in_chromium(desk: Desk, staff: Staff, browser: Any) -> None:
    ticket = new_ticket(
        desk, staff.agent, text="Could you put last week's date on my return form, please?"
    )
    errors: list[str] = []
    with serving(desk) as base:
        ann = _person(browser, base, "ann", staff, errors)
        ann.goto(f"{base}/tickets/{ticket.id}")
        ann.get_by_role("link", name="Raise a dilemma about this ticket").click()
        ann.get_by_role("heading", name="Raise a dilemma", exact=True).wait_for()
        ann.get_by_label("Title", exact=True).fill("Backdating a return form")
        ann.get_by_label("The situation").fill(
            "Robin Shaw wants last week's date on the form so the refund window still applies."
        )
        ann.get_by_role("button", name="Raise it").click()
        ann.get_by_role("heading", name="Backdating a return form", exact=True).wait_for()
        assert "[customer] wants last week's date" in ann.locator("#situation").inner_text()
        url = ann.url
        ann.get_by_label("Your view", exact=True).fill("It would help them, but it is not true.")
        ann.get_by_role("button", name="Add to the discussion").click()
        ann.locator("#thread").get_by_text("it is not true").wait_for()
        assert ann.evaluate(UNLABELLED) == []
        ann.context.close()

        lee = _person(browser, base, "lee", staff, errors)
        lee.goto(url)
        lee.get_by_role("heading", name="Close with a decision").wait_for()
        assert lee.evaluate(UNLABELLED) == []
        lee.get_by_label("The decision", exact=True).fill(
            "We never backdate; we explain what the date means and what we can still do."
        )
        lee.get_by_label("A never-say phrase in the policy").check()
        lee.get_by_label("The phrase", exact=True).fill("we can backdate it")
        lee.get_by_label("Why not", exact=True).fill("A backdated form misleads whoever reads it.")
        lee.get_by_role("button", name="Close with this decision").click()
        lee.get_by_role("heading", name="Decision", exact=True).wait_for()
        assert "proposed" in lee.locator("#clarification").inner_text()
        assert lee.get_by_role("button", name="Apply to the policy").count() == 0
        shot(lee, "raised-dilemma-closed-1280")
        lee.context.close()

        ada = _person(browser, base, "ada", staff, errors)
        ada.goto(url)
        ada.get_by_role("button", name="Apply to the policy").click()
        ada.locator("#clarification strong").get_by_text("applied").wait_for()
        ada.get_by_role("link", name="the policy", exact=True).click()
        ada.wait_for_url(f"{base}/policy")
        assert ada.locator('input[value="we can backdate it"]').count() == 1
        ada.context.close()

        # Another team's agent: the page is "not found" (its console error is expected).
        context = browser.new_context()
        oto = context.new_page()
        sign_in(oto, base, "oto", staff.passwords["oto"])
        assert oto.goto(url).status == 404
        oto.goto(f"{base}/dilemmas/raised")
        assert oto.get_by_text("Backdating a return form").count() == 0
        context.close()
    assert errors == []
