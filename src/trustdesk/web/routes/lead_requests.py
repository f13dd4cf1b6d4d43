"""Asking a lead: an agent hands a draft to their team's leads, who send it with a reason or
decline it with a note."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk.lead_requests import answer_lead_request, ask_lead, list_lead_requests
from trustdesk.desk.replies import check_draft
from trustdesk.desk.tickets import get_ticket
from trustdesk.desk.views import VerdictView
from trustdesk.errors import InputError
from trustdesk.web.deps import Page, PathId, SignedIn
from trustdesk.web.highlight import pieces
from trustdesk.web.routes.conversation import ticket_page_response

router = APIRouter()
Shown = Literal["pending", "sent", "declined", "all"]


@router.post("/tickets/{ticket_id}/lead-requests")
def ask(
    page: SignedIn,
    ticket_id: PathId,
    text: Annotated[str, Form(max_length=20_000)] = "",
    override_reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The reply box's "Ask a lead": its reason field becomes the note for the lead."""
    try:
        ask_lead(
            page.desk, page.actor, ticket_id=ticket_id, text=text, note=override_reason or None
        )
    except InputError as error:
        ticket = get_ticket(page.desk, page.actor, ticket_id)
        return ticket_page_response(
            page,
            ticket,
            draft=text,
            error={"field": error.field or "text", "message": error.reason},
            reason=override_reason,
            status=422,
        )
    return RedirectResponse(f"/tickets/{ticket_id}?done=asked", status_code=303)


def _queue_page(
    page: Page,
    status: Shown,
    *,
    error: dict[str, Any] | None = None,
    code: int = 200,
) -> Response:
    requests = list_lead_requests(page.desk, page.actor, status=None if status == "all" else status)
    verdicts: dict[int, VerdictView] = {}
    for item in requests:
        if item.status == "pending":
            # What the check says about the draft now (the conversation may have moved on).
            verdicts[item.id] = check_draft(
                page.desk, page.actor, ticket_id=item.ticket_id, text=item.text
            )
    data: dict[str, Any] = {"requests": requests, "status": status}
    extra = {
        "title": "Drafts to review",
        "nav": "lead_requests",
        "verdicts": verdicts,
        "draft_pieces": {
            r.id: pieces(r.text, verdicts[r.id].findings if r.id in verdicts else [])
            for r in requests
        },
        "error": error,
    }
    return page.render("lead_requests.html", data, extra=extra, status=code)


@router.get("/lead-requests")
def queue(
    page: SignedIn,
    status: Annotated[Shown, Query()] = "pending",
) -> Response:
    return _queue_page(page, status)


@router.post("/lead-requests/{request_id}/answer")
def answer(
    page: SignedIn,
    request_id: PathId,
    send: Annotated[bool, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
    text: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    try:
        # The form always carries the draft; only a reply that is sent uses it.
        edited = (text or None) if send else None
        answered = answer_lead_request(
            page.desk, page.actor, request_id, send=send, text=edited, note=note
        )
    except InputError as mistake:
        error = {"request": request_id, "field": mistake.field, "message": mistake.reason}
        return _queue_page(page, "pending", error=error, code=422)
    if answered.sent_message_id is not None:
        return RedirectResponse(
            f"/tickets/{answered.ticket_id}#message-{answered.sent_message_id}", status_code=303
        )
    return RedirectResponse("/lead-requests", status_code=303)
