"""Consent: propose a different solution than the one asked for, and record the answer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import consent
from trustdesk.desk.tickets import get_ticket
from trustdesk.errors import ConflictError, InputError
from trustdesk.web.deps import Page, PathId, SignedIn

router = APIRouter()
Answer = Literal["pending", "accepted", "declined"]


def _page(
    page: Page,
    ticket_id: int,
    *,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    ticket = get_ticket(page.desk, page.actor, ticket_id)
    data: dict[str, Any] = {"ticket_id": ticket.id, "consents": ticket.consents}
    extra = {
        "title": f"Consent on #{ticket.id}",
        "nav": "inbox",
        "ticket": ticket,
        "form": form or {"requested": ticket.requested or "", "proposed": ""},
        "error": error,
        "customer_messages": [m for m in ticket.messages if m.role == "customer"],
    }
    return page.render("consent.html", data, extra=extra, status=status)


@router.get("/tickets/{ticket_id}/consent")
def consent_page(
    page: SignedIn,
    ticket_id: PathId,
) -> Response:
    return _page(page, ticket_id)


@router.post("/tickets/{ticket_id}/consent")
def propose(
    page: SignedIn,
    ticket_id: PathId,
    requested: Annotated[str, Form(max_length=2000)] = "",
    proposed: Annotated[str, Form(max_length=2000)] = "",
    answer: Annotated[Answer, Form()] = "pending",
    evidence_message_id: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
) -> Response:
    try:
        consent.propose(
            page.desk,
            page.actor,
            ticket_id=ticket_id,
            requested=requested,
            proposed=proposed,
            answer=answer,
            evidence_message_id=evidence_message_id if answer != "pending" else None,
        )
    except (InputError, ConflictError) as error:
        form = {"requested": requested, "proposed": proposed}
        message = getattr(error, "reason", None) or str(error)
        return _page(page, ticket_id, form=form, error=message, status=422)
    return RedirectResponse(f"/tickets/{ticket_id}/consent", status_code=303)


@router.post("/consents/{consent_id}/answer")
def answer(
    consent_id: PathId,
    page: SignedIn,
    answer: Annotated[Literal["accepted", "declined"], Form()],
    evidence_message_id: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
) -> Response:
    recorded = consent.record_answer(
        page.desk, page.actor, consent_id, answer=answer, evidence_message_id=evidence_message_id
    )
    return RedirectResponse(f"/tickets/{recorded.ticket_id}/consent", status_code=303)
