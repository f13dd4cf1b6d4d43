"""The desk's forms at the ends of the calendar: a clear message, never a 500."""

from __future__ import annotations

from desk_support import new_ticket
from trustdesk.desk.replies import send_reply
from trustdesk.desk.tickets import get_ticket
from web_support import Web


def test_a_dashboard_range_ending_on_the_last_day_of_the_calendar_is_a_message(
    web: Web,
) -> None:
    lee = web.signed_in("lee")
    page = lee.get("/dashboard?from=9999-12-31&to=9999-12-31")
    assert page.status_code == 200
    assert "dates out of range" in page.text


def test_a_promise_renegotiated_to_the_first_year_is_refused(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    promise = send_reply(
        web.desk,
        web.staff.agent,
        ticket_id=ticket.id,
        text="I'm sorry about the delay. I'll update you by 4 pm today.",
    )
    commitment = promise.commitments_created[0]
    ann = web.signed_in("ann")
    ann.get("/commitments")
    response = ann.post(
        f"/commitments/{commitment.id}",
        {"status": "renegotiated", "note": "Customer asked", "due_at": "0001-01-01T00:00"},
    )
    assert response.status_code == 422
    assert "time out of range" in response.text
    after = get_ticket(web.desk, web.staff.agent, ticket.id)
    assert after.commitments[0].status == "open"
