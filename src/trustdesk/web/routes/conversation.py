"""The conversation page: the thread with its findings, and a reply box that checks as you type."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from trustdesk.checks.fixes import edit_for, has_fix
from trustdesk.desk.ownership import teammates
from trustdesk.desk.replies import check_draft, send_reply
from trustdesk.desk.roles import Permission
from trustdesk.desk.surveys import survey_link
from trustdesk.desk.tickets import TicketStatus, get_ticket, update_ticket
from trustdesk.desk.views import FindingView, TicketView, VerdictView
from trustdesk.errors import ConflictError, InputError, PermissionDeniedError, ReplyRefusedError
from trustdesk.model import Principle, Verdict
from trustdesk.web.deps import Page, PathId, SignedIn
from trustdesk.web.highlight import pieces

router = APIRouter()
Draft = Annotated[str, Form(max_length=20_000)]


def _verdict_context(text: str, verdict: VerdictView | None) -> dict[str, Any]:
    findings = verdict.findings if verdict else []
    return {
        "draft": text,
        "verdict": verdict,
        "draft_pieces": pieces(text, findings),
        "fixes": [has_fix(f.data) for f in findings],
    }


def ticket_page_response(
    page: Page,
    ticket: TicketView,
    *,
    draft: str = "",
    verdict: VerdictView | None = None,
    error: dict[str, str] | None = None,
    notice: str | None = None,
    reason: str = "",
    status: int = 200,
) -> Response:
    link = None
    if ticket.survey is not None:
        link = survey_link(page.desk, page.actor, ticket_id=ticket.id).url
    extra = {
        "title": f"#{ticket.id} {ticket.subject}",
        "nav": "inbox",
        "message_pieces": {m.id: pieces(m.text, m.findings) for m in ticket.messages},
        "error": error,
        "notice": notice,
        "survey_url": link,
        "reason": reason,
        "may_assign": page.actor.can(Permission.WRITE),
        "teammates": teammates(page.desk, page.actor) if page.actor.can(Permission.WRITE) else [],
        "me_id": page.actor.user_id,
        # For a lead's "Make a practice scenario" form.
        "principles": [p.value for p in Principle],
        **_verdict_context(draft, verdict),
    }
    data = {"ticket": ticket}
    return page.render("ticket.html", data, extra=extra, status=status)


@router.get("/tickets/{ticket_id}")
def ticket_page(
    page: SignedIn,
    ticket_id: PathId,
) -> Response:
    ticket = get_ticket(page.desk, page.actor, ticket_id)
    notice = {
        "sent": "Reply sent.",
        "warned": "Reply sent with warnings; your reason is kept with it.",
        "asked": "A lead will review your draft; your home page shows their answer.",
        "status": f"Ticket marked {ticket.status}.",
    }.get(page.request.query_params.get("done", ""))
    return ticket_page_response(page, ticket, notice=notice)


@router.post("/tickets/{ticket_id}/check")
def check(
    page: SignedIn,
    ticket_id: PathId,
    text: Draft = "",
) -> Response:
    verdict = (
        check_draft(page.desk, page.actor, ticket_id=ticket_id, text=text) if text.strip() else None
    )
    data = {"ticket_id": ticket_id, **_verdict_context(text, verdict)}
    return page.render("_verdict.html", data)


@router.post("/tickets/{ticket_id}/fix")
def apply_fix(
    page: SignedIn,
    ticket_id: PathId,
    finding: Annotated[int, Form(ge=0, le=1000)],
    text: Draft = "",
    override_reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Apply one finding's suggested fix to the draft, and check the result at once."""
    verdict = (
        check_draft(page.desk, page.actor, ticket_id=ticket_id, text=text) if text.strip() else None
    )
    if verdict is not None and finding < len(verdict.findings):
        chosen: FindingView = verdict.findings[finding]
        edit = edit_for(text, chosen.start, chosen.end, chosen.data)
        if edit is not None:
            text = edit.apply(text)
            verdict = check_draft(page.desk, page.actor, ticket_id=ticket_id, text=text)
    ticket = get_ticket(page.desk, page.actor, ticket_id)
    data = {"ticket": ticket, "reason": override_reason, **_verdict_context(text, verdict)}
    return page.render("_reply_box.html", data)


@router.post("/tickets/{ticket_id}/replies")
def send(
    page: SignedIn,
    ticket_id: PathId,
    text: Draft,
    override_reason: Annotated[str, Form(max_length=2000)] = "",
    keeps: Annotated[list[int] | None, Form()] = None,
    resolve: Annotated[bool, Form()] = False,
) -> Response:
    try:
        result = send_reply(
            page.desk,
            page.actor,
            ticket_id=ticket_id,
            text=text,
            override_reason=override_reason or None,
            keeps=keeps or (),
            resolve=resolve,
        )
    except (ReplyRefusedError, InputError, ConflictError, PermissionDeniedError) as refused:
        verdict = None
        if isinstance(refused, ReplyRefusedError) and isinstance(refused.verdict, Verdict):
            verdict = VerdictView.model_validate(refused.verdict.to_dict())
        elif text.strip():
            verdict = check_draft(page.desk, page.actor, ticket_id=ticket_id, text=text)
        blocked = isinstance(refused, PermissionDeniedError) or (
            getattr(refused, "needs", "") == "lead_override"
        )
        field = getattr(refused, "field", None) or ("text" if blocked else "override_reason")
        ticket = get_ticket(page.desk, page.actor, ticket_id)
        return ticket_page_response(
            page,
            ticket,
            draft=text,
            verdict=verdict,
            error={"field": field, "message": getattr(refused, "reason", None) or str(refused)},
            reason=override_reason,
            status=403 if isinstance(refused, PermissionDeniedError) else 422 if blocked else 409,
        )
    done = "warned" if result.verdict.decision != "allow" else "sent"
    return RedirectResponse(
        f"/tickets/{ticket_id}?done={done}#message-{result.message.id}", status_code=303
    )


@router.post("/tickets/{ticket_id}/status")
def change_status(
    ticket_id: PathId,
    page: SignedIn,
    status: Annotated[TicketStatus, Form()],
) -> Response:
    update_ticket(page.desk, page.actor, ticket_id, status=status)
    return RedirectResponse(f"/tickets/{ticket_id}?done=status", status_code=303)


@router.post("/tickets/{ticket_id}/needs")
def record_needs(
    ticket_id: PathId,
    page: SignedIn,
    requested: Annotated[str, Form(max_length=2000)] = "",
    diagnosed_need: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """What the customer asked for and what they need: the basis of a consent question."""
    update_ticket(
        page.desk,
        page.actor,
        ticket_id,
        requested=requested.strip() or None,
        diagnosed_need=diagnosed_need.strip() or None,
    )
    return RedirectResponse(f"/tickets/{ticket_id}#needs", status_code=303)
