"""The conversation page: findings marked in the text, the live check, fixes, and sending."""

from __future__ import annotations

import re

from desk_support import FakeClock, new_ticket
from trustdesk.desk.replies import send_reply
from trustdesk.desk.tickets import get_ticket
from web_support import Web

PASSWORD_DRAFT = "Thanks for your patience. Could you send me your password so I can check?"
VAGUE_DRAFT = "Thanks for your patience. We will get back to you soon."


def _textarea(html: str) -> str:
    match = re.search(r'<textarea id="draft"[^>]*>(.*?)</textarea>', html, re.S)
    assert match
    return match.group(1)


def test_the_live_check_blocks_a_password_request_and_marks_the_span(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}")
    fragment = ann.htmx(f"/tickets/{ticket.id}/check", {"text": PASSWORD_DRAFT})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text  # a fragment, not a page
    assert "Blocked" in fragment.text
    marked = re.search(r'<mark class="finding mark-block"[^>]*>([^<]*)', fragment.text)
    assert marked and marked.group(1) == "Could you send me your password"
    assert "privacy.secret_request" in fragment.text
    assert "Apply fix 1" in fragment.text
    assert re.search(r'<span class="confidence"[^>]*>confidence 0\.\d\d</span>', fragment.text)


def test_an_empty_draft_asks_to_start_typing(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    fragment = ann.htmx(f"/tickets/{ticket.id}/check", {"text": "   "})
    assert "Start typing" in fragment.text


def test_applying_a_fix_rewrites_the_draft_and_rechecks_it(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}")
    box = ann.htmx(f"/tickets/{ticket.id}/fix", {"text": PASSWORD_DRAFT, "finding": 0})
    draft = _textarea(box.text)
    assert draft.startswith("Thanks for your patience. For your security")
    assert "password so I can check" not in draft
    assert "Blocked" not in box.text


def test_an_allowed_reply_is_sent_and_shown_in_the_thread(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}")
    text = (
        "I'm sorry your parcel is late. It reached the depot today; I'll update you by 4 pm today."
    )
    response = ann.post(f"/tickets/{ticket.id}/replies", {"text": text})
    assert response.status_code == 303, response.text
    page = ann.get(response.headers["location"])
    assert "Reply sent" in page.text or "Reply sent with warnings" in page.text
    assert "parcel is late" in page.text
    stored = get_ticket(web.desk, web.staff.agent, ticket.id)
    assert stored.messages[-1].text == text
    assert stored.messages[-1].author == "agent:ann"


def test_a_warned_reply_needs_a_reason_said_beside_the_field(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}")
    refused = ann.post(f"/tickets/{ticket.id}/replies", {"text": VAGUE_DRAFT})
    assert refused.status_code == 409
    assert 'id="override_reason"' in refused.text
    assert re.search(r'id="override_reason"[^>]*aria-invalid="true"', refused.text)
    assert _textarea(refused.text) == VAGUE_DRAFT  # nothing typed is lost
    assert len(get_ticket(web.desk, web.staff.agent, ticket.id).messages) == 1

    reason = "The courier gives no time; the customer asked to hear either way."
    sent = ann.post(
        f"/tickets/{ticket.id}/replies", {"text": VAGUE_DRAFT, "override_reason": reason}
    )
    assert sent.status_code == 303
    assert "done=warned" in sent.headers["location"]
    message = get_ticket(web.desk, web.staff.agent, ticket.id).messages[-1]
    assert message.decision == "warn"
    assert message.override_reason == reason
    page = ann.get(sent.headers["location"].split("#")[0])
    assert "Sent despite the check because" in page.text


def test_an_agent_cannot_send_a_blocked_reply_but_a_lead_can_with_a_reason(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}")
    refused = ann.post(
        f"/tickets/{ticket.id}/replies",
        {"text": PASSWORD_DRAFT, "override_reason": "I really need it to check"},
    )
    assert refused.status_code == 403
    assert "ask a lead" in refused.text
    assert _textarea(refused.text) == PASSWORD_DRAFT
    lee = web.signed_in("lee")
    lee.get(f"/tickets/{ticket.id}")
    sent = lee.post(
        f"/tickets/{ticket.id}/replies",
        {"text": PASSWORD_DRAFT, "override_reason": "Test account of our own QA team."},
    )
    assert sent.status_code == 303
    assert get_ticket(web.desk, web.staff.lead, ticket.id).messages[-1].decision == "block"


def test_a_reply_can_keep_a_promise_and_resolve_the_ticket(web: Web, clock: FakeClock) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    promise = send_reply(
        web.desk,
        web.staff.agent,
        ticket_id=ticket.id,
        text="I'm sorry about the delay. I'll update you by 4 pm today.",
    )
    commitment = promise.commitments_created[0]
    clock.advance(hours=2)
    ann = web.signed_in("ann")
    page = ann.get(f"/tickets/{ticket.id}")
    assert f'name="keeps" value="{commitment.id}"' in page.text
    sent = ann.post(
        f"/tickets/{ticket.id}/replies",
        {
            "text": "Good news: your parcel was delivered to the depot and arrives tomorrow.",
            "keeps": commitment.id,
            "resolve": "true",
        },
    )
    assert sent.status_code == 303
    after = get_ticket(web.desk, web.staff.agent, ticket.id)
    assert after.status == "resolved"
    assert after.commitments[0].status == "kept"
    page = ann.get(f"/tickets/{ticket.id}")
    assert "/survey/" in page.text  # the survey link to give the customer


def test_stored_findings_are_marked_in_the_thread(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    send_reply(
        web.desk,
        web.staff.agent,
        ticket_id=ticket.id,
        text=VAGUE_DRAFT,
        override_reason="Customer asked us to reply at once.",
    )
    page = web.signed_in("ann").get(f"/tickets/{ticket.id}")
    assert re.search(r'<mark class="finding mark-warn" tabindex="0"', page.text)
    assert "promises.vague" in page.text
    assert "judged by policy" in page.text
    assert re.search(r'<span class="confidence"[^>]*>confidence 0\.\d\d</span>', page.text)


def test_the_page_has_a_json_twin(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    data = ann.get(f"/tickets/{ticket.id}", headers={"Accept": "application/json"}).json()
    assert data["ticket"]["id"] == ticket.id
    assert data["ticket"]["messages"][0]["role"] == "customer"
    assert ann.get(f"/tickets/{ticket.id}?format=json").json() == data


def test_another_teams_ticket_is_not_found_anywhere(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent, text="Secret Support-team ticket about a parcel")
    oto = web.signed_in("oto")
    assert oto.get(f"/tickets/{ticket.id}").status_code == 404
    assert oto.get(f"/tickets/{ticket.id}/consent").status_code == 404
    assert oto.get(f"/tickets/{ticket.id}/remedies").status_code == 404
    assert "Secret Support-team" not in oto.get("/tickets").text
    assert "Secret Support-team" not in oto.get("/tickets?q=Secret").text
    assert "Secret Support-team" not in oto.get("/").text
    check = oto.htmx(f"/tickets/{ticket.id}/check", {"text": "hello"})
    assert check.status_code == 404
    sent = oto.post(f"/tickets/{ticket.id}/replies", {"text": "Hello from Billing."})
    assert sent.status_code == 404
    assert len(get_ticket(web.desk, web.staff.agent, ticket.id).messages) == 1


def test_an_auditor_reads_the_conversation_without_a_reply_box(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    aud = web.signed_in("aud")
    page = aud.get(f"/tickets/{ticket.id}")
    assert page.status_code == 200 and "My parcel has not arrived" in page.text
    assert 'id="reply-form"' not in page.text
    refused = aud.post(f"/tickets/{ticket.id}/replies", {"text": "Hello there."})
    assert refused.status_code == 403
