"""The web desk in a real headless Chromium: an agent's day, end to end, at two widths.

Screenshots of the main pages go to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

from typing import Any

from browser_support import BROWSER_TEST, UNLABELLED, shot, sign_in

from desk_support import FakeClock, Staff, new_ticket
from live_server import serving
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn

pytestmark = BROWSER_TEST


def test_an_agents_day_in_the_desk(
    desk: Desk, staff: Staff, clock: FakeClock, browser: Any
) -> None:
    ticket = new_ticket(
        desk,
        staff.agent,
        text="I can't log in to my account and my order hasn't arrived. Can you help?",
    )
    new_ticket(
        desk,
        staff.agent,
        text="My blender broke after a week. I want a refund, please.",
        customer=CustomerIn(external_id="cus-2", name="Kim Park"),
    )
    requests: list[str] = []
    errors: list[str] = []
    with serving(desk) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        # A script error or a resource the page's policy refused shows up here.
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        sign_in(page, base, "ann", staff.passwords["ann"])
        shot(page, "home-1280")

        # The inbox, by keyboard: j moves to the first ticket, Enter opens it.
        page.goto(f"{base}/tickets")
        shot(page, "inbox-1280")
        page.keyboard.press("j")
        assert page.evaluate("document.activeElement.dataset.row !== undefined")
        page.get_by_role("link", name=f"#{ticket.id} ").click()
        page.wait_for_url(f"{base}/tickets/{ticket.id}")

        # A draft asking for a password is blocked as it is typed, the span marked.
        draft = page.get_by_label("Your reply (checked as you type)")
        draft.fill("Sorry about that. Could you send me your password so I can check?")
        page.locator("#verdict .badge-block").wait_for()
        mark = page.locator("#verdict mark.finding.mark-block")
        assert mark.first.inner_text().startswith("Could you send me your password")
        mark.first.focus()
        assert page.locator("#verdict mark.finding .tip").first.is_visible()
        shot(page, "conversation-blocked-1280")

        # A reload (or signing in again after the session ran out) keeps what was typed.
        page.reload()
        page.locator("#verdict .badge-block").wait_for()
        assert "your password" in draft.input_value()

        # One click applies the suggested fix, and the draft is checked again.
        page.get_by_role("button", name="Apply fix 1").click()
        page.locator("#verdict .badge-allow").wait_for()
        assert "never share your password" in draft.input_value()

        # A vague promise warns; it goes out with a reason, which is kept.
        # The fix swapped in a new reply box: type once htmx has wired it up.
        page.wait_for_function(
            "document.querySelector('#draft')['htmx-internal-data'] !== undefined"
        )
        draft.fill("Sorry about that. We will get back to you soon.")
        page.locator("#verdict .badge-warn").wait_for()
        page.get_by_label("Reason to send despite a warning").fill(
            "The courier has not given us a time yet."
        )
        page.get_by_role("button", name="Send", exact=True).click()
        page.get_by_text("Reply sent with warnings").wait_for()
        assert page.get_by_text("Sent despite the check because").is_visible()

        # Consent: a different solution is proposed and the customer's answer recorded.
        page.get_by_role("link", name="Propose a different solution").click()
        page.get_by_label("What the customer asked for").fill("a refund")
        page.get_by_label("What you propose instead").fill("a replacement sent today")
        page.get_by_label("Accepted").check()
        page.get_by_role("button", name="Record").click()
        page.locator(".answer-accepted").wait_for()
        shot(page, "consent-1280")

        # The warned reply named no time: the board counts it as such, and four days on the
        # customer, still owed the update, is past the SLA on the ticket and in the inbox.
        clock.advance(days=4)
        sign_in(page, base, "ann", staff.passwords["ann"])  # the session has expired since
        page.goto(f"{base}/commitments")
        assert "1 named no time" in page.locator("#promise-counts").inner_text()
        shot(page, "commitments-1280")
        page.goto(f"{base}/tickets/{ticket.id}")
        waiting = page.locator("p.waiting")
        assert "the update we promised" in waiting.inner_text()
        assert "past the SLA" in waiting.inner_text()

        page.goto(f"{base}/tickets/{ticket.id}/remedies")
        shot(page, "remedies-1280")
        context.close()
    # Every asset came from the desk itself, and nothing failed in the page.
    assert requests and all(url.startswith(base) for url in requests)
    assert errors == []


def test_the_main_pages_fit_a_phone(desk: Desk, staff: Staff, browser: Any) -> None:
    ticket = new_ticket(desk, staff.agent)
    with serving(desk) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        sign_in(page, base, "lee", staff.passwords["lee"])
        for name, path in (
            ("home", "/"),
            ("inbox", "/tickets"),
            ("conversation", f"/tickets/{ticket.id}"),
            ("commitments", "/commitments"),
            ("remedies", f"/tickets/{ticket.id}/remedies"),
            ("consent", f"/tickets/{ticket.id}/consent"),
            ("reviews", "/lead-requests"),
            ("dashboard", "/dashboard"),
            ("policy", "/policy"),
        ):
            page.goto(f"{base}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
            assert page.evaluate(UNLABELLED) == [], path
            shot(page, f"{name}-390")
        # Every control can be reached by keyboard and shows where the focus is.
        page.goto(f"{base}/tickets/{ticket.id}")
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        context.close()


def test_a_leads_review_dashboard_and_policy(desk: Desk, staff: Staff, browser: Any) -> None:
    ticket = new_ticket(desk, staff.agent)
    with serving(desk) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        # The agent hands a blocked draft to a lead.
        sign_in(page, base, "ann", staff.passwords["ann"])
        page.goto(f"{base}/tickets/{ticket.id}")
        page.get_by_label("Your reply (checked as you type)").fill(
            "Could you read me the one-time code we just texted you?"
        )
        page.locator("#verdict .badge-block").wait_for()
        page.get_by_role("button", name="Ask a lead").click()
        page.get_by_text("A lead will review your draft").wait_for()
        page.get_by_role("button", name="Sign out").click()

        # The lead sees it, marked, and declines it with a note.
        sign_in(page, base, "lee", staff.passwords["lee"])
        page.get_by_role("link", name="Reviews").click()
        assert page.locator("article.review mark.finding").count() >= 1
        shot(page, "reviews-1280")
        page.get_by_label("Your note").fill("Never ask for the code; send the secure link.")
        page.get_by_role("button", name="Decline").click()
        page.get_by_text("No draft is waiting for a lead.").wait_for()

        page.get_by_role("link", name="Dashboard").click()
        assert page.locator("svg.chart").count() >= 1
        shot(page, "dashboard-1280")
        page.get_by_role("button", name="Sign out").click()

        # The admin's policy edit with a mistake is refused at its line.
        sign_in(page, base, "ada", staff.passwords["ada"])
        page.goto(f"{base}/policy")
        page.get_by_text("Edit the text (every setting").click()
        editor = page.get_by_label("Policy (YAML)")
        editor.fill(editor.input_value() + "\nnot_a_setting: true\n")
        page.get_by_role("button", name="Check and save", exact=True).click()
        page.locator("#policy-error").wait_for()
        assert "not_a_setting" in page.locator("#policy-error").inner_text()
        shot(page, "policy-error-1280")
        context.close()
