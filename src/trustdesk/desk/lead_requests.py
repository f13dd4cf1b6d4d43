"""Asking a lead: an agent whose draft reply is blocked, or who is unsure, asks a lead to review it.

The request keeps the draft, the check's decision on it when the agent asked, and the agent's
note. A lead of the ticket's team (or an admin) answers it once: sends the draft, as it is or
edited, with the lead's note as the override reason, or declines it with a note for the agent.
The reply is sent and the request marked in one transaction, so a reply that is refused
leaves the request pending and nothing sent.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select

from trustdesk.desk import audit_log, replies
from trustdesk.desk.customer_text import at_rest
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import check_text
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import load_ticket, on_visible_ticket, visible_tickets
from trustdesk.desk.views import LeadRequestView
from trustdesk.errors import ConflictError, InputError, PermissionDeniedError
from trustdesk.store.tables import LeadRequest, Ticket

LeadRequestStatus = Literal["pending", "sent", "declined"]
MAX_NOTE_CHARS = 5_000


def ask_lead(
    desk: Desk, actor: Actor, *, ticket_id: int, text: str, note: str | None = None
) -> LeadRequestView:
    """Ask a lead to review `text`, a draft reply on the ticket, with a note saying why."""
    actor.require(Permission.WRITE)
    check_text(text, "reply", desk.settings.max_message_chars)
    note = _note(note)
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id)
        verdict = replies.judge(session, desk, actor, ticket, text, "agent")
        request = LeadRequest(
            ticket_id=ticket.id,
            requested_by_user_id=actor.user_id,
            text=text,
            decision=verdict.decision.value,
            note=at_rest(desk, note),
            status="pending",
            created_at=desk.now(),
        )
        session.add(request)
        session.flush()
        audit_log.record(
            session,
            desk,
            actor,
            "create",
            "lead_request",
            request.id,
            ticket=ticket.id,
            decision=request.decision,
        )
        return lead_request_view(request)


def list_lead_requests(
    desk: Desk,
    actor: Actor,
    *,
    status: LeadRequestStatus | None = "pending",
    ticket_id: int | None = None,
    limit: int = 100,
) -> list[LeadRequestView]:
    """Requests on the tickets the actor sees: pending ones oldest first (a queue), answered
    ones newest first; `status=None` for all."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        query = visible_tickets(
            select(LeadRequest).join(Ticket, LeadRequest.ticket_id == Ticket.id), actor
        )
        if ticket_id is not None:
            load_ticket(session, actor, ticket_id)
            query = query.where(LeadRequest.ticket_id == ticket_id)
        if status is not None:
            query = query.where(LeadRequest.status == status)
        if status == "pending":
            query = query.order_by(LeadRequest.created_at, LeadRequest.id)
        else:
            query = query.order_by(LeadRequest.created_at.desc(), LeadRequest.id.desc())
        return [lead_request_view(row) for row in session.scalars(query.limit(limit))]


def answer_lead_request(
    desk: Desk,
    actor: Actor,
    request_id: int,
    *,
    send: bool,
    text: str | None = None,
    note: str,
) -> LeadRequestView:
    """A lead sends the draft (`text` replaces it when given) with `note` as the override
    reason, or declines it with `note` for the agent. Answered once: again is a conflict."""
    if not actor.can(Permission.OVERRIDE_BLOCK):
        raise PermissionDeniedError("only a lead can answer a request for review")
    reason = replies.reason_given(note, "note")
    if reason is None:
        raise InputError("say why the reply is sent or declined", field="note")
    if len(reason) > MAX_NOTE_CHARS:
        raise InputError(f"a note is at most {MAX_NOTE_CHARS} characters", field="note")
    if text is not None:
        if not send:
            raise InputError("a declined request sends no text", field="text")
        check_text(text, "reply", desk.settings.max_message_chars)
    with desk.transaction() as session:
        # Locked until the answer is stored: two leads answering at once answer it once.
        locked = session.scalar(
            select(LeadRequest).where(LeadRequest.id == request_id).with_for_update(of=LeadRequest)
        )
        request, ticket = on_visible_ticket(
            session, actor, locked, f"no request for review {request_id}"
        )
        if request.status != "pending":
            raise ConflictError(f"request {request_id} was already answered ({request.status})")
        if send:
            sent = replies.store_reply(
                session, desk, actor, ticket, text=text or request.text, override_reason=reason
            )
            request.sent_message_id = sent.message.id
        request.status = "sent" if send else "declined"
        request.lead_note = at_rest(desk, reason)
        request.resolved_at = desk.now()
        request.resolved_by_user_id = actor.user_id
        session.flush()
        session.expire(request, ["resolved_by"])
        audit_log.record(
            session,
            desk,
            actor,
            "update",
            "lead_request",
            request.id,
            status=request.status,
            message=request.sent_message_id,
        )
        return lead_request_view(request)


def lead_request_view(request: LeadRequest) -> LeadRequestView:
    """The view of a stored request (read while its session is open)."""
    return LeadRequestView(
        id=request.id,
        ticket_id=request.ticket_id,
        ticket_subject=request.ticket.subject,
        requested_by_user_id=request.requested_by_user_id,
        requested_by=request.requested_by.username if request.requested_by else None,
        text=request.text,
        decision=request.decision,  # type: ignore[arg-type]
        note=request.note,
        status=request.status,  # type: ignore[arg-type]
        created_at=request.created_at,
        resolved_at=request.resolved_at,
        resolved_by_user_id=request.resolved_by_user_id,
        resolved_by=request.resolved_by.username if request.resolved_by else None,
        lead_note=request.lead_note,
        sent_message_id=request.sent_message_id,
    )


def _note(note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise InputError(f"a note is at most {MAX_NOTE_CHARS} characters", field="note")
    return note
