"""The inbox, consent, remedies, promises board and the public survey form."""

from __future__ import annotations

import re

from desk_support import FakeClock, new_ticket
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.replies import send_reply
from trustdesk.desk.surveys import submit_survey, survey_link
from trustdesk.desk.tickets import get_ticket, update_ticket
from web_support import Web, csrf_of


def test_the_inbox_marks_customers_waiting_past_the_sla(web: Web, clock: FakeClock) -> None:
    late = new_ticket(web.desk, web.staff.agent, text="Where is my refund? It's been weeks.")
    clock.advance(days=3)
    fresh = new_ticket(
        web.desk,
        web.staff.agent,
        text="How do I change my delivery address?",
        customer=CustomerIn(external_id="cus-2", name="Kim"),
    )
    page = web.signed_in("ann").get("/tickets")
    rows = page.text.split("<tbody>")[1]
    assert rows.index(f"#{late.id} ") < rows.index(f"#{fresh.id} ")  # longest waiting first
    late_row = rows.split(f"#{late.id} ")[1].split("</tr>")[0]
    assert "Past SLA" in late_row  # said in words, not only by colour
    fresh_row = rows.split(f"#{fresh.id} ")[1].split("</tr>")[0]
    assert "Past SLA" not in fresh_row


def test_the_inbox_filters_and_searches_and_answers_htmx_with_rows(web: Web) -> None:
    refund = new_ticket(web.desk, web.staff.agent, text="I want a refund for the broken kettle")
    other = new_ticket(
        web.desk,
        web.staff.agent,
        text="Can I change my password?",
        customer=CustomerIn(external_id="cus-2"),
    )
    update_ticket(web.desk, web.staff.agent, other.id, status="closed")
    ann = web.signed_in("ann")
    found = ann.get("/tickets?q=kettle").text
    assert f"#{refund.id} " in found and f"#{other.id} " not in found
    closed = ann.get("/tickets?status=closed").text
    assert f"#{other.id} " in closed and f"#{refund.id} " not in closed
    rows = ann.client.get("/tickets?q=kettle", headers={"HX-Request": "true"})
    assert rows.text.lstrip().startswith('<div id="ticket-rows"')
    twin = ann.get("/tickets?q=kettle&format=json").json()
    assert [t["id"] for t in twin["tickets"]["items"]] == [refund.id]


def test_a_new_ticket_can_be_opened_from_the_desk(web: Web) -> None:
    ann = web.signed_in("ann")
    ann.get("/tickets/new")
    response = ann.post(
        "/tickets",
        {"name": "Sam Lee", "channel": "phone", "text": "Caller says the router keeps dropping."},
    )
    assert response.status_code == 303
    ticket_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert get_ticket(web.desk, web.staff.agent, ticket_id).channel == "phone"
    empty = ann.post("/tickets", {"text": "   "})
    assert empty.status_code == 422
    assert "empty" in empty.text


def test_consent_is_proposed_then_answered_and_unblocks_the_reply(web: Web) -> None:
    ticket = new_ticket(
        web.desk, web.staff.agent, text="My blender broke after a week. I want a refund, please."
    )
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}/consent")
    proposed = ann.post(
        f"/tickets/{ticket.id}/consent",
        {"requested": "a refund", "proposed": "a replacement blender", "answer": "pending"},
    )
    assert proposed.status_code == 303
    page = ann.get(f"/tickets/{ticket.id}/consent")
    assert "waiting for the customer" in page.text
    consent_id = int(re.search(r'action="/consents/(\d+)/answer"', page.text).group(1))  # type: ignore[union-attr]
    answered = ann.post(f"/consents/{consent_id}/answer", {"answer": "accepted"})
    assert answered.status_code == 303
    page = ann.get(f"/tickets/{ticket.id}/consent")
    assert "accepted" in page.text
    assert get_ticket(web.desk, web.staff.agent, ticket.id).consents[0].answer == "accepted"
    missing = ann.post(f"/tickets/{ticket.id}/consent", {"requested": "", "proposed": ""})
    assert missing.status_code == 422
    assert "say what the customer asked for" in missing.text


def test_remedies_show_limits_and_history_and_keep_kinds_apart(web: Web) -> None:
    first = new_ticket(web.desk, web.staff.agent, text="You charged me twice for one order.")
    second = new_ticket(web.desk, web.staff.agent, text="The courier left my parcel in the rain.")
    ann = web.signed_in("ann")
    page = ann.get(f"/tickets/{first.id}/remedies")
    assert "Remediation" in page.text and "Goodwill" in page.text
    assert "wait for a lead" in page.text  # an agent's authority
    no_note = ann.post(
        f"/tickets/{first.id}/remedies",
        {"kind": "remediation", "amount": "30", "reason": "double charge"},
    )
    assert no_note.status_code == 422
    assert re.search(r'id="verification_note"[^>]*aria-invalid="true"', no_note.text)
    assert 'value="30"' in no_note.text  # what was typed is kept
    done = ann.post(
        f"/tickets/{first.id}/remedies",
        {
            "kind": "remediation",
            "amount": "30",
            "reason": "double charge",
            "verification_note": "Payments confirmed the duplicate charge",
        },
    )
    assert done.status_code == 303
    bad = ann.post(
        f"/tickets/{first.id}/remedies", {"kind": "goodwill", "amount": "lots", "reason": "x"}
    )
    assert bad.status_code == 422
    assert "as a number" in bad.text
    history = ann.get(f"/tickets/{second.id}/remedies").text.split("all tickets")[1]
    assert "double charge" in history


def test_the_board_puts_overdue_promises_first(web: Web, clock: FakeClock) -> None:
    early = new_ticket(web.desk, web.staff.agent)
    send_reply(
        web.desk,
        web.staff.agent,
        ticket_id=early.id,
        text="I'm sorry about this. I'll update you by 2 pm today.",
    )
    later = new_ticket(web.desk, web.staff.agent, customer=CustomerIn(external_id="cus-2"))
    clock.advance(hours=5)
    send_reply(
        web.desk,
        web.staff.agent,
        ticket_id=later.id,
        text="I'm sorry about this. I'll update you by 5 pm tomorrow.",
    )
    page = web.signed_in("ann").get("/commitments").text
    overdue, upcoming = page.split("Coming up")
    assert "Overdue by" in overdue and f"#{early.id}" in overdue
    assert f"#{later.id}" in upcoming and "Overdue by" not in upcoming


def test_the_public_survey_form_takes_one_answer(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    update_ticket(web.desk, web.staff.agent, ticket.id, status="resolved")
    link = survey_link(web.desk, web.staff.agent, ticket_id=ticket.id)
    customer = web.browser()
    page = customer.get(f"/survey/{link.token}")
    assert page.status_code == 200
    assert "Sign out" not in page.text and ticket.subject not in page.text
    forged = customer.client.post(
        f"/survey/{link.token}", data={"satisfaction": 1}, follow_redirects=False
    )
    assert forged.status_code == 403
    missing = customer.post(f"/survey/{link.token}", {"comment": "ok"})
    assert missing.status_code == 422
    thanks = customer.post(
        f"/survey/{link.token}",
        {"satisfaction": 4, "treated_fairly": "yes", "comment": "Quick and kind."},
    )
    assert "Thank you" in thanks.text
    survey = get_ticket(web.desk, web.staff.agent, ticket.id).survey
    assert survey is not None and survey.satisfaction == 4 and survey.treated_fairly is True
    again = customer.post(f"/survey/{link.token}", {"satisfaction": 1})
    assert "already answered" in again.text
    assert get_ticket(web.desk, web.staff.agent, ticket.id).survey.satisfaction == 4  # type: ignore[union-attr]
    assert customer.get("/survey/not-a-real-token-at-all").status_code == 404
    assert csrf_of(page.text)


def test_the_dashboard_shows_scores_findings_and_surveys(web: Web, clock: FakeClock) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    send_reply(
        web.desk,
        web.staff.agent,
        ticket_id=ticket.id,
        text="Thanks for your patience. We will get back to you soon.",
        override_reason="No time from the courier yet.",
        resolve=True,
    )
    link = survey_link(web.desk, web.staff.agent, ticket_id=ticket.id)
    submit_survey(web.desk, link.token, satisfaction=2, treated_fairly=False, comment="Vague.")
    lee = web.signed_in("lee")
    page = lee.get("/dashboard")
    assert page.status_code == 200
    assert "Reliable promises" in page.text
    assert page.text.count('<svg class="chart') >= 3
    assert "promises.vague" in page.text and "get back to you soon" in page.text
    assert "<q>Vague.</q>" in page.text
    twin = lee.get("/dashboard?format=json").json()
    assert twin["dashboard"]["totals"]["replies"] == 1
    assert twin["dashboard"]["surveys"]["answered"] == 1
    # Another team's agent sees none of it.
    other = web.signed_in("oto").get("/dashboard?format=json").json()
    assert other["dashboard"]["totals"]["replies"] == 0
    assert "get back to you soon" not in web.signed_in("oto").get("/dashboard").text


def test_a_hostile_amount_is_refused_in_place(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}/remedies")
    for amount in ("1e400", "Infinity", "NaN", "99999999999999"):
        refused = ann.post(
            f"/tickets/{ticket.id}/remedies",
            {"kind": "goodwill", "amount": amount, "reason": "Late parcel"},
        )
        assert refused.status_code == 422, amount
        assert re.search(r'id="amount"[^>]*aria-invalid="true"', refused.text), amount
    assert get_ticket(web.desk, web.staff.agent, ticket.id).remedies == []


def test_the_dashboard_takes_a_range_of_days(web: Web) -> None:
    lee = web.signed_in("lee")
    ranged = lee.get("/dashboard?from=2026-02-02&to=2026-03-01&period=week&format=json").json()
    assert ranged["dashboard"]["since"].startswith("2026-02-02T00:00:00")
    assert ranged["dashboard"]["until"].startswith("2026-03-02T00:00:00")
    backwards = lee.get("/dashboard?from=2026-03-01&to=2026-02-01")
    assert backwards.status_code == 200
    assert "Showing the latest periods instead." in backwards.text


def test_the_home_counts_every_waiting_customer_and_lists_the_longest(
    web: Web, clock: FakeClock
) -> None:
    for number in range(12):
        new_ticket(
            web.desk,
            web.staff.agent,
            text=f"Order {number} has not arrived.",
            customer=CustomerIn(external_id=f"cus-{number}"),
        )
    clock.advance(days=3)
    home = web.signed_in("ann").get("/").text
    assert re.search(r'<span class="big">12</span> waiting past the SLA', home)
    listed = home.split("Longest waiting")[1].split("Customers in the dark")[0]
    assert listed.count("<li>") == 10
