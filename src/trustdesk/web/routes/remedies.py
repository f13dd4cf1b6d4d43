"""Remedies: putting a problem right (remediation) kept apart from goodwill, within the policy."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import remedies
from trustdesk.desk.roles import Permission
from trustdesk.desk.tickets import get_ticket
from trustdesk.errors import ConflictError, InputError
from trustdesk.web.deps import Page, PathId, SignedIn

router = APIRouter()


def _page(
    page: Page,
    ticket_id: int,
    *,
    form: dict[str, str] | None = None,
    error: dict[str, str | None] | None = None,
    status: int = 200,
) -> Response:
    ticket = get_ticket(page.desk, page.actor, ticket_id)
    limits = page.desk.policy.compensation
    data: dict[str, Any] = {
        "ticket_id": ticket.id,
        "on_ticket": ticket.remedies,
        "customer_history": remedies.customer_remedies(page.desk, page.actor, ticket_id=ticket.id),
        "policy": {
            "currency": limits.currency,
            "remediation_max": limits.remediation_max,
            "goodwill_max": limits.goodwill_max,
            "approval_above": limits.approval_above,
        },
        "may_approve": page.actor.can(Permission.APPROVE_REMEDY),
    }
    extra = {
        "title": f"Remedies on #{ticket.id}",
        "nav": "inbox",
        "ticket": ticket,
        "form": form or {},
        "error": error,
    }
    return page.render("remedies.html", data, extra=extra, status=status)


@router.get("/tickets/{ticket_id}/remedies")
def remedies_page(
    page: SignedIn,
    ticket_id: PathId,
) -> Response:
    return _page(page, ticket_id)


@router.post("/tickets/{ticket_id}/remedies")
def propose(
    page: SignedIn,
    ticket_id: PathId,
    kind: Annotated[Literal["remediation", "goodwill"], Form()],
    amount: Annotated[str, Form(max_length=30)],
    reason: Annotated[str, Form(max_length=2000)] = "",
    verification_note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    form = {
        "kind": kind,
        "amount": amount,
        "reason": reason,
        "verification_note": verification_note,
    }
    try:
        try:
            value = Decimal(amount.strip().replace(",", ""))
        except InvalidOperation:
            raise InputError("write the amount as a number, e.g. 25.00", field="amount") from None
        remedies.propose_remedy(
            page.desk,
            page.actor,
            ticket_id=ticket_id,
            kind=kind,
            amount=value,
            reason=reason,
            verification_note=verification_note or None,
        )
    except (InputError, ConflictError) as refused:
        error = {
            "field": getattr(refused, "field", None) or "amount",
            "message": getattr(refused, "reason", None) or str(refused),
        }
        return _page(page, ticket_id, form=form, error=error, status=422)
    return RedirectResponse(f"/tickets/{ticket_id}/remedies", status_code=303)


@router.post("/remedies/{remedy_id}/decision")
def decide(
    remedy_id: PathId,
    page: SignedIn,
    approve: Annotated[bool, Form()],
) -> Response:
    decided = remedies.decide_remedy(page.desk, page.actor, remedy_id, approve=approve)
    return RedirectResponse(f"/tickets/{decided.ticket_id}/remedies", status_code=303)
