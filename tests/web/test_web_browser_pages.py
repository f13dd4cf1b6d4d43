"""The inbox's columns and assignment, people management and the policy form with its diff, in
a real headless Chromium, with no script error or Content-Security-Policy violation."""

from __future__ import annotations

from typing import Any

from browser_support import BROWSER_TEST, UNLABELLED, shot, sign_in

from desk_support import FakeClock, Staff, new_ticket
from live_server import serving
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.replies import send_reply
from trustdesk.desk.tickets import get_ticket

pytestmark = BROWSER_TEST


def _watch(page: Any) -> list[str]:
    """Console errors: a script error, or anything the Content-Security-Policy refused."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_inbox_columns_and_assignment(
    desk: Desk, staff: Staff, clock: FakeClock, browser: Any
) -> None:
    late = new_ticket(
        desk,
        staff.agent,
        text="Buenos dias:\nMi pedido no ha llegado y nadie me contesta.",
        customer=CustomerIn(external_id="cus-1", name="Lucía Gómez"),
    )
    send_reply(
        desk,
        staff.lead,
        ticket_id=late.id,
        text="Please send me your password so I can look.",
        override_reason="Testing what the inbox shows",
    )
    waiting = new_ticket(
        desk,
        staff.agent,
        text="Hi,\nHow do I change my delivery address?",
        customer=CustomerIn(external_id="cus-2", name="Kim Park"),
    )
    clock.advance(days=3)
    with serving(desk) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors = _watch(page)
        sign_in(page, base, "ann", staff.passwords["ann"])
        page.goto(f"{base}/tickets")
        headers = page.locator("table.tickets thead th").all_inner_texts()
        assert headers[:7] == [
            "Ticket",
            "Customer",
            "Owner",
            "Priority",
            "Findings",
            "State",
            "Waiting",
        ]
        row = page.locator(f'tr[data-ticket="{late.id}"]')
        assert "Mi pedido no ha llegado" in row.inner_text()
        assert "Lucía Gómez" in row.inner_text()
        assert "1 block" in row.locator("td[data-label=Findings]").inner_text()
        assert "high" in row.locator("td[data-label=Priority]").inner_text().lower()
        shot(page, "inbox-columns-1280")

        # Take it, then hand it to a teammate.
        row.get_by_role("button", name="Assign to me").click()
        page.wait_for_load_state()
        row = page.locator(f'tr[data-ticket="{late.id}"]')
        assert "ann" in row.locator("td[data-label=Owner]").inner_text()
        assert get_ticket(desk, staff.admin, late.id).owner_user_id == staff.agent.user_id
        row.get_by_label(f"Give ticket {late.id} to").select_option(label="lee")
        row.get_by_role("button", name="Give").click()
        page.wait_for_load_state()
        assert get_ticket(desk, staff.admin, late.id).owner_user_id == staff.lead.user_id

        # Filters and sorts ask for the rows only, and the URL can be bookmarked.
        page.get_by_label("Findings").select_option("block")
        page.wait_for_url("**findings=block**")
        assert page.locator("table.tickets tbody tr").count() == 1
        page.get_by_label("Sort by").select_option("priority")
        page.wait_for_url("**sort=priority**")
        context.close()

        # At phone width every ticket's Past SLA mark is on screen, nothing scrolls sideways.
        phone = browser.new_context(viewport={"width": 390, "height": 844})
        page = phone.new_page()
        errors += _watch(page)
        sign_in(page, base, "ann", staff.passwords["ann"])
        page.goto(f"{base}/tickets")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.evaluate(UNLABELLED) == []
        flag = page.locator(f'tr[data-ticket="{waiting.id}"] .flag-late')
        box = flag.bounding_box()
        assert flag.is_visible() and box is not None and box["x"] + box["width"] <= 390
        shot(page, "inbox-columns-390")
        phone.close()
    assert errors == []


def test_an_admin_manages_people_in_the_page(desk: Desk, staff: Staff, browser: Any) -> None:
    with serving(desk) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors = _watch(page)
        sign_in(page, base, "ada", staff.passwords["ada"])
        page.get_by_role("link", name="People").click()
        page.get_by_label("New team").fill("Returns")
        page.get_by_role("button", name="Create team").click()
        page.get_by_text("Team created.").wait_for()

        page.get_by_label("User name").fill("rui")
        page.get_by_label("Name shown").fill("Rui Costa")
        page.get_by_label("Role", exact=True).select_option("lead")
        page.get_by_label("Team (a new name creates it)").fill("Returns")
        page.get_by_role("button", name="Add person").click()
        page.get_by_text("User rui created as lead.").wait_for()
        assert "shown only now" in page.locator("#messages").inner_text()
        row = page.locator('tr[data-user="rui"]')
        assert row.get_by_label("Team of rui").input_value() == "Returns"

        row.get_by_label("Role of rui").select_option("agent")
        row.get_by_role("button", name="Change role").click()
        page.get_by_text("Role changed.").wait_for()
        row = page.locator('tr[data-user="rui"]')
        assert row.get_by_label("Role of rui").input_value() == "agent"
        row.get_by_role("button", name="Deactivate").click()
        page.get_by_text("User deactivated").wait_for()
        assert "deactivated" in page.locator('tr[data-user="rui"]').inner_text()
        assert page.evaluate(UNLABELLED) == []
        shot(page, "people-1280")
        context.close()
    assert errors == []


def test_the_policy_form_saves_a_revision_and_shows_the_diff(
    desk: Desk, staff: Staff, browser: Any
) -> None:
    with serving(desk) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors = _watch(page)
        sign_in(page, base, "ada", staff.passwords["ada"])
        page.goto(f"{base}/policy")
        assert page.evaluate(UNLABELLED) == []
        page.get_by_label("A new label for this revision").fill("2026-12-form")
        page.get_by_label("First response").fill("2h")
        page.get_by_label("Severity of respect.rude").select_option("block")
        page.get_by_role("button", name="Check and save as a new revision").click()
        page.get_by_text("The new policy is in force.").wait_for()
        assert desk.policy.revision == "2026-12-form"

        page.get_by_role("link", name="what changed").first.click()
        page.wait_for_url("**/policy/diff**")
        added = page.locator(".diff-add").all_inner_texts()
        assert any("first_response: 2h" in line for line in added)
        assert any("severity: block" in line for line in added)
        assert any(
            "first_response: 4h" in line for line in page.locator(".diff-remove").all_inner_texts()
        )
        shot(page, "policy-diff-1280")
        # An admin's pages fit a phone too: the form's tables scroll inside their box.
        page.set_viewport_size({"width": 390, "height": 844})
        for path in ("/policy", "/people", "/policy/diff"):
            page.goto(f"{base}{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        context.close()
    assert errors == []
