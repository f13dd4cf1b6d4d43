"""Remedies: remediation (putting right what went wrong) kept apart from goodwill (a gesture).

Mixing them up hides what a complaint really cost and treats like cases unalike. Each kind has
its own policy limit per ticket; remediation needs the operations note that verified the
complaint; above the approval threshold a lead must approve; and whoever proposes a remedy
sees what the customer was given before.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.customer_text import at_rest
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import load_ticket, on_visible_ticket
from trustdesk.desk.views import RemedyProposal, RemedyView
from trustdesk.errors import ConflictError, InputError, PermissionDeniedError
from trustdesk.store.tables import Remedy

RemedyKind = Literal["remediation", "goodwill"]
CENT = Decimal("0.01")
# What the database column holds (twelve digits, two after the point).
MAX_AMOUNT = Decimal("9999999999.99")


def propose_remedy(
    desk: Desk,
    actor: Actor,
    *,
    ticket_id: int,
    kind: RemedyKind,
    amount: Decimal,
    reason: str,
    currency: str | None = None,
    verification_note: str | None = None,
) -> RemedyProposal:
    actor.require(Permission.WRITE)
    limits = desk.policy.compensation
    currency = (currency or limits.currency).upper()
    if currency != limits.currency.upper():
        raise InputError(
            f"remedies are recorded in the policy's currency, {limits.currency}", field="currency"
        )
    try:
        amount = Decimal(amount)
        if not amount.is_finite():
            raise InvalidOperation
        amount = amount.quantize(CENT)
    except InvalidOperation:  # infinite, not a number, or too large to count in cents
        raise InputError("the amount is not a sum of money", field="amount") from None
    if amount > MAX_AMOUNT:
        raise InputError(f"a remedy is at most {MAX_AMOUNT}", field="amount")
    if amount <= 0:
        raise InputError("a remedy is a positive amount", field="amount")
    if not reason.strip():
        raise InputError("say why the remedy is given", field="reason")
    if kind == "remediation" and not (verification_note or "").strip():
        raise InputError(
            "remediation needs the operations note that verified the complaint",
            field="verification_note",
        )
    limit = Decimal(str(limits.remediation_max if kind == "remediation" else limits.goodwill_max))
    approval_above = Decimal(str(limits.approval_above))
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id)
        already = _granted_on_ticket(session, ticket.id, kind)
        if already + amount > limit:
            raise ConflictError(
                f"{kind} on this ticket would total {already + amount} {currency}, over the "
                f"policy limit of {limit} {currency}"
            )
        previous = [
            RemedyView.model_validate(r)
            for r in session.scalars(
                select(Remedy)
                .where(Remedy.customer_id == ticket.customer_id)
                .order_by(Remedy.created_at.desc(), Remedy.id.desc())
            )
        ]
        approved = amount <= approval_above or actor.can(Permission.APPROVE_REMEDY)
        now = desk.now()
        remedy = Remedy(
            ticket_id=ticket.id,
            customer_id=ticket.customer_id,
            kind=kind,
            amount=amount,
            currency=currency,
            reason=at_rest(desk, reason.strip()),
            verification_note=at_rest(desk, (verification_note or "").strip() or None),
            status="approved" if approved else "pending_approval",
            proposed_by_user_id=actor.user_id,
            approved_by_user_id=actor.user_id if approved else None,
            created_at=now,
            decided_at=now if approved else None,
        )
        session.add(remedy)
        session.flush()
        audit_log.record(
            session, desk, actor, "create", "remedy", remedy.id, kind=kind, amount=str(amount)
        )
        return RemedyProposal(
            remedy=RemedyView.model_validate(remedy),
            previous=previous,
            limit=limit,
            approval_above=approval_above,
        )


def decide_remedy(desk: Desk, actor: Actor, remedy_id: int, *, approve: bool) -> RemedyView:
    """A lead approves or rejects a remedy that waits for approval."""
    if not actor.can(Permission.APPROVE_REMEDY):
        raise PermissionDeniedError("only a lead can approve or reject a remedy")
    with desk.transaction() as session:
        remedy, _ = on_visible_ticket(
            session, actor, session.get(Remedy, remedy_id), f"no remedy {remedy_id}"
        )
        if remedy.status != "pending_approval":
            raise ConflictError(f"remedy {remedy_id} is already {remedy.status}")
        remedy.status = "approved" if approve else "rejected"
        remedy.approved_by_user_id = actor.user_id if approve else None
        remedy.decided_at = desk.now()
        audit_log.record(session, desk, actor, "update", "remedy", remedy.id, status=remedy.status)
        return RemedyView.model_validate(remedy)


def list_remedies(desk: Desk, actor: Actor, *, ticket_id: int) -> list[RemedyView]:
    actor.require(Permission.READ)
    with desk.reading() as session:
        load_ticket(session, actor, ticket_id)
        rows = session.scalars(
            select(Remedy).where(Remedy.ticket_id == ticket_id).order_by(Remedy.id)
        )
        return [RemedyView.model_validate(row) for row in rows]


def customer_remedies(desk: Desk, actor: Actor, *, ticket_id: int) -> list[RemedyView]:
    """Every remedy the ticket's customer has had, newest first, so like cases are treated alike
    (amounts and reasons only: the other tickets stay with their teams)."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        ticket = load_ticket(session, actor, ticket_id)
        rows = session.scalars(
            select(Remedy)
            .where(Remedy.customer_id == ticket.customer_id)
            .order_by(Remedy.created_at.desc(), Remedy.id.desc())
        )
        return [RemedyView.model_validate(row) for row in rows]


def _granted_on_ticket(session: Session, ticket_id: int, kind: str) -> Decimal:
    total = session.scalar(
        select(func.coalesce(func.sum(Remedy.amount), 0)).where(
            Remedy.ticket_id == ticket_id,
            Remedy.kind == kind,
            Remedy.status.in_(("approved", "pending_approval")),
        )
    )
    return Decimal(str(total)).quantize(CENT)
