"""Remedies: putting a problem right (remediation) kept apart from goodwill, within the policy."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import remedies
from trustdesk.desk.roles import Permission
from trustdesk.desk.tickets import get_ticket
from trustdesk.errors import ConflictError, InputError, PermissionDeniedError
from trustdesk.web.deps import ActorDep, DeskDep, PagesDep, PathId, SessionDep

router = APIRouter()


def _page(
    request: Request,
    ticket_id: int,
    desk: DeskDep,
    pages: PagesDep,
    session: SessionDep,
    *,
    form: dict[str, str] | None = None,
    error: dict[str, str | None] | None = None,
    status: int = 200,
) -> Response:
    actor = session.require()
    ticket = get_ticket(desk, actor, ticket_id)
    limits = desk.policy.compensation
    data: dict[str, Any] = {
        "ticket_id": ticket.id,
        "on_ticket": ticket.remedies,
        "customer_history": remedies.customer_remedies(desk, actor, ticket_id=ticket.id),
        "policy": {
            "currency": limits.currency,
            "remediation_max": limits.remediation_max,
            "goodwill_max": limits.goodwill_max,
            "approval_above": limits.approval_above,
        },
        "may_approve": actor.can(Permission.APPROVE_REMEDY),
    }
    extra = {
        "title": f"Remedies on #{ticket.id}",
        "nav": "inbox",
        "ticket": ticket,
        "form": form or {},
        "error": error,
    }
    return pages.render(request, desk, session, "remedies.html", data, extra=extra, status=status)


@router.get("/tickets/{ticket_id}/remedies")
def remedies_page(
    request: Request,
    ticket_id: PathId,
    desk: DeskDep,
    pages: PagesDep,
    session: SessionDep,
    actor: ActorDep,
) -> Response:
    return _page(request, ticket_id, desk, pages, session)


@router.post("/tickets/{ticket_id}/remedies")
def propose(
    request: Request,
    ticket_id: PathId,
    desk: DeskDep,
    pages: PagesDep,
    session: SessionDep,
    actor: ActorDep,
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
        if not value.is_finite():
            raise InputError("write the amount as a number, e.g. 25.00", field="amount")
        remedies.propose_remedy(
            desk,
            actor,
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
        return _page(request, ticket_id, desk, pages, session, form=form, error=error, status=422)
    return RedirectResponse(f"/tickets/{ticket_id}/remedies", status_code=303)


@router.post("/remedies/{remedy_id}/decision")
def decide(
    remedy_id: PathId,
    desk: DeskDep,
    session: SessionDep,
    actor: ActorDep,
    approve: Annotated[bool, Form()],
) -> Response:
    if not actor.can(Permission.APPROVE_REMEDY):
        raise PermissionDeniedError("only a lead can approve or reject a remedy")
    decided = remedies.decide_remedy(desk, actor, remedy_id, approve=approve)
    return RedirectResponse(f"/tickets/{decided.ticket_id}/remedies", status_code=303)
