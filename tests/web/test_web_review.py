"""Asking a lead from the reply box, the lead's review queue, and the policy page."""

from __future__ import annotations

import html
import re

from desk_support import new_ticket
from trustdesk.desk.replies import send_reply
from trustdesk.desk.tickets import get_ticket
from web_support import Web

PASSWORD_DRAFT = "Could you send me your password so I can check the account?"


def test_an_agent_asks_a_lead_who_sends_an_edited_draft(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}")
    asked = ann.post(
        f"/tickets/{ticket.id}/lead-requests",
        {"text": PASSWORD_DRAFT, "override_reason": "Customer insists on checking by phone"},
    )
    assert asked.status_code == 303 and "done=asked" in asked.headers["location"]
    assert "A lead will review your draft" in ann.get(asked.headers["location"]).text

    lee = web.signed_in("lee")
    assert f"#{ticket.id} " in lee.get("/").text  # on the lead's home
    queue = lee.get("/lead-requests")
    assert "Customer insists on checking by phone" in queue.text
    assert re.search(r'<mark class="finding mark-block"', queue.text)
    request_id = int(re.search(r'action="/lead-requests/(\d+)/answer"', queue.text).group(1))  # type: ignore[union-attr]
    too_short = lee.post(f"/lead-requests/{request_id}/answer", {"send": "true", "note": "ok"})
    assert too_short.status_code == 422
    assert f'id="answer-error-{request_id}"' in too_short.text
    edited = "For your security, please never share your password; I'll call you at 3pm today."
    sent = lee.post(
        f"/lead-requests/{request_id}/answer",
        {"send": "true", "note": "Rewrote it without the password request.", "text": edited},
    )
    assert sent.status_code == 303
    message = get_ticket(web.desk, web.staff.lead, ticket.id).messages[-1]
    assert message.text == edited and message.author == "agent:lee"
    assert "sent by lee" in ann.get("/").text
    again = lee.post(
        f"/lead-requests/{request_id}/answer",
        {"send": "false", "note": "late reply", "text": edited},
    )
    assert again.status_code == 409


def test_agents_have_no_review_queue_to_answer(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}")
    ann.post(f"/tickets/{ticket.id}/lead-requests", {"text": PASSWORD_DRAFT})
    queue = ann.get("/lead-requests")
    assert "/answer" not in queue.text
    oto = web.signed_in("oto")
    assert PASSWORD_DRAFT not in oto.get("/lead-requests").text


def test_the_policy_page_shows_a_mistake_at_its_line_and_keeps_the_policy(web: Web) -> None:
    ada = web.signed_in("ada")
    page = ada.get("/policy")
    assert page.status_code == 200
    yaml = re.search(r'<textarea id="policy-yaml"[^>]*>(.*?)</textarea>', page.text, re.S).group(1)  # type: ignore[union-attr]
    original = html.unescape(yaml)
    broken = original.replace("revision:", "revision: 2026-broken\nnot_a_field: 1\n#", 1)
    refused = ada.post("/policy", {"yaml": broken})
    assert refused.status_code == 422
    assert "Not saved" in refused.text and "line" in refused.text
    assert 'class="at-fault"' in refused.text
    assert "The policy in force has not changed." in refused.text
    assert web.desk.policy.revision != "2026-broken"


def test_an_admin_saves_a_policy_that_then_judges_replies(web: Web) -> None:
    ada = web.signed_in("ada")
    page = ada.get("/policy")
    original = html.unescape(
        re.search(r'<textarea id="policy-yaml"[^>]*>(.*?)</textarea>', page.text, re.S).group(1)  # type: ignore[union-attr]
    )
    label = re.search(r"^revision:\s*(\S+)", original, re.M).group(1)  # type: ignore[union-attr]
    changed = original.replace(f"revision: {label}", "revision: web-edit-1", 1)
    changed = changed.replace(f'revision: "{label}"', "revision: web-edit-1", 1)
    saved = ada.post("/policy", {"yaml": changed})
    assert saved.status_code == 303, saved.text
    assert web.desk.policy.revision == "web-edit-1"
    listing = ada.get(saved.headers["location"]).text
    assert "web-edit-1" in listing and "The new policy is in force." in listing
    ticket = new_ticket(web.desk, web.staff.agent)
    send_reply(web.desk, web.staff.agent, ticket_id=ticket.id, text="Thanks, it is on its way.")
    message = get_ticket(web.desk, web.staff.agent, ticket.id).messages[-1]
    assert message.policy_revision == "web-edit-1"
    assert "judged by policy web-edit-1" in ada.get(f"/tickets/{ticket.id}").text


def test_only_an_admin_can_edit_the_policy(web: Web) -> None:
    lee = web.signed_in("lee")
    page = lee.get("/policy")
    assert 'id="policy-yaml"' not in page.text and "The policy in force" in page.text
    refused = lee.post("/policy", {"yaml": "revision: x"})
    assert refused.status_code == 403


def test_a_lead_declines_from_the_form_and_the_agent_sees_why(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    ann.get(f"/tickets/{ticket.id}")
    ann.post(f"/tickets/{ticket.id}/lead-requests", {"text": PASSWORD_DRAFT})
    lee = web.signed_in("lee")
    queue = lee.get("/lead-requests")
    request_id = int(re.search(r'action="/lead-requests/(\d+)/answer"', queue.text).group(1))  # type: ignore[union-attr]
    # The form always carries the draft, also when the lead declines.
    declined = lee.post(
        f"/lead-requests/{request_id}/answer",
        {"send": "false", "note": "Send the reset link instead.", "text": PASSWORD_DRAFT},
    )
    assert declined.status_code == 303
    assert len(get_ticket(web.desk, web.staff.agent, ticket.id).messages) == 1
    assert "declined by lee: “Send the reset link instead.”" in ann.get("/").text
