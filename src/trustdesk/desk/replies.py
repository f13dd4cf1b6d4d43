"""Replies: every reply is checked before it goes out, and what it promises joins the ledger.

allow sends. warn sends only with an override reason, which is stored with the message.
block refuses, unless a lead (or admin) overrides with a reason. A reply that acts on a
different solution than the customer asked for is blocked unless the ticket holds the
customer's recorded consent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.conversation import conversation_of
from trustdesk.desk.customer_text import at_rest
from trustdesk.desk.desk import Desk, once_more_on_duplicate
from trustdesk.desk.inputs import check_text
from trustdesk.desk.ledger import TRACKED
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import load_ticket
from trustdesk.desk.ticket_state import refresh
from trustdesk.desk.tickets import SOLVED_STATUSES, ensure_survey, message_with_external_id
from trustdesk.desk.views import CommitmentView, MessageView, ReplyResult, VerdictView
from trustdesk.engine.verdict import decide
from trustdesk.errors import InputError, PermissionDeniedError, ReplyRefusedError
from trustdesk.model import Decision, Finding, Severity, Verdict
from trustdesk.store.tables import Commitment, Consent, Message, Ticket

NO_CONSENT_CHECK = "autonomy.no_consent"
MIN_REASON_CHARS = 5
ReplyRole = Literal["agent", "bot"]


def check_draft(
    desk: Desk, actor: Actor, *, ticket_id: int, text: str, role: ReplyRole = "agent"
) -> VerdictView:
    """What sending `text` now would get, without sending it (the reply box's live check)."""
    actor.require(Permission.READ)
    check_text(text, "reply", desk.settings.max_message_chars)
    with desk.reading() as session:
        ticket = load_ticket(session, actor, ticket_id)
        verdict = judge(session, desk, actor, ticket, text, role)
        return VerdictView.model_validate(verdict.to_dict())


@once_more_on_duplicate
def send_reply(
    desk: Desk,
    actor: Actor,
    *,
    ticket_id: int,
    text: str,
    override_reason: str | None = None,
    keeps: Sequence[int] = (),
    role: ReplyRole = "agent",
    external_id: str | None = None,
    resolve: bool = False,
) -> ReplyResult:
    actor.require(Permission.WRITE)
    check_text(text, "reply", desk.settings.max_message_chars)
    reason = reason_given(override_reason, "override_reason")
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id)
        existing = message_with_external_id(session, ticket.id, external_id)
        if existing is not None:
            return _replayed(session, existing)
        return store_reply(
            session,
            desk,
            actor,
            ticket,
            text=text,
            override_reason=reason,
            keeps=keeps,
            role=role,
            external_id=external_id,
            resolve=resolve,
        )


def reason_given(reason: str | None, field: str) -> str | None:
    """An override reason, stripped; None when none is given; too short a reason is refused."""
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) < MIN_REASON_CHARS:
        raise InputError(
            f"an override reason says why, in at least {MIN_REASON_CHARS} characters",
            field=field,
        )
    return reason


def store_reply(
    session: Session,
    desk: Desk,
    actor: Actor,
    ticket: Ticket,
    *,
    text: str,
    override_reason: str | None,
    keeps: Sequence[int] = (),
    role: ReplyRole = "agent",
    external_id: str | None = None,
    resolve: bool = False,
) -> ReplyResult:
    """Judge and store a reply in the caller's transaction (send_reply's, or a lead's answer to
    a request): a refused reply raises, and the caller's transaction then stores nothing."""
    verdict = judge(session, desk, actor, ticket, text, role)
    overridden = _authorise(verdict, actor, override_reason)
    now = desk.now()
    message = Message(
        ticket_id=ticket.id,
        external_id=external_id,
        role=role,
        author=f"{role}:{actor.username}",
        author_user_id=actor.user_id,
        at=now,
        text=text,
        redactions=[],
        decision=verdict.decision.value,
        findings=[],
        override_reason=at_rest(desk, override_reason)
        if verdict.decision is not Decision.ALLOW
        else None,
        overridden_by_user_id=actor.user_id if overridden else None,
        policy_revision=desk.policy.revision,
        created_at=now,
    )
    session.add(message)
    session.flush()
    message.findings = [_stored(f, message.id) for f in verdict.findings]
    kept = _keep(session, desk, ticket, message, keeps)
    ticket.updated_at = now
    # A new message: the messages decide the state again, unless the reply solves it; a reply
    # on a ticket someone solved or closed leaves it so (reopening is a choice of its own).
    if ticket.status not in SOLVED_STATUSES or not ticket.status_declared:
        ticket.status_declared = resolve
    if resolve:
        ticket.status = "resolved"
        ticket.resolved_at = now
        ensure_survey(session, desk, ticket)
    # Every promise in the reply joins the ledger, and the state and wait follow the reply.
    refresh(session, desk, ticket)
    created = [
        CommitmentView.model_validate(row)
        for row in session.scalars(
            select(Commitment).where(Commitment.message_id == message.id).order_by(Commitment.id)
        )
    ]
    audit_log.record(
        session,
        desk,
        actor,
        "send",
        "message",
        message.id,
        ticket=ticket.id,
        decision=verdict.decision.value,
        overridden=overridden,
    )
    verdict_view = VerdictView.model_validate({**verdict.to_dict(), "findings": message.findings})
    return ReplyResult(
        message=MessageView.model_validate(message),
        verdict=verdict_view,
        commitments_created=created,
        commitments_kept=kept,
    )


def judge(
    session: Session, desk: Desk, actor: Actor, ticket: Ticket, text: str, role: ReplyRole
) -> Verdict:
    """The verdict on `text` as the next reply on `ticket`, with the ticket's recorded consent.

    A ticket longer than the engine reads is judged on its latest messages, the ones a reply
    answers, so that a long-running ticket can still be answered.
    """
    conversation = conversation_of(ticket)
    keep = desk.engine.limits.max_messages
    if len(conversation.messages) > keep:
        conversation = conversation.model_copy(update={"messages": conversation.messages[-keep:]})
    verdict = desk.engine.check_reply(
        conversation, text, now=desk.now(), role=role, author=f"{role}:{actor.username}"
    )
    return _with_recorded_consent(session, desk, ticket, verdict)


def _with_recorded_consent(
    session: Session, desk: Desk, ticket: Ticket, verdict: Verdict
) -> Verdict:
    """A substitution is fine with the customer's recorded yes, and blocked without one."""
    if not any(f.check == NO_CONSENT_CHECK for f in verdict.findings):
        return verdict
    accepted = session.scalar(
        select(Consent.id).where(Consent.ticket_id == ticket.id, Consent.answer == "accepted")
    )
    findings: list[Finding] = []
    for finding in verdict.findings:
        if finding.check != NO_CONSENT_CHECK:
            findings.append(finding)
        elif accepted is None:
            findings.append(
                dataclasses.replace(
                    finding,
                    severity=Severity.BLOCK,
                    explanation=finding.explanation
                    + " No consent from the customer is recorded on this ticket.",
                    suggestion=finding.suggestion
                    or "Propose the alternative, record the customer's answer, then reply.",
                )
            )
    return decide(findings, desk.policy.verdict)


def _authorise(verdict: Verdict, actor: Actor, reason: str | None) -> bool:
    """Whether the reply may go out; True when it goes out over a warning or a block."""
    if verdict.decision is Decision.ALLOW:
        return False
    if verdict.decision is Decision.WARN:
        if reason is None:
            raise ReplyRefusedError(
                "the reply has warnings: fix it, or send it with an override reason",
                verdict=verdict,
                needs="override_reason",
            )
        return True
    if reason is None:
        raise ReplyRefusedError(
            "the reply is blocked: fix it, or ask a lead to override",
            verdict=verdict,
            needs="lead_override",
        )
    if not actor.can(Permission.OVERRIDE_BLOCK):
        raise PermissionDeniedError(
            "only a lead can send a blocked reply: fix the reply or ask a lead"
        )
    return True


def _stored(finding: Finding, message_id: int) -> dict[str, object]:
    data = finding.to_dict()
    data["message_id"] = str(message_id)
    data.pop("conversation_id", None)
    return data


def _keep(
    session: Session, desk: Desk, ticket: Ticket, message: Message, keeps: Sequence[int]
) -> list[CommitmentView]:
    kept = []
    for commitment_id in dict.fromkeys(keeps):
        row = session.get(Commitment, commitment_id)
        if row is None or row.ticket_id != ticket.id:
            raise InputError(
                f"commitment {commitment_id} is not on ticket {ticket.id}", field="keeps"
            )
        if row.status not in TRACKED:
            raise InputError(f"commitment {commitment_id} is already {row.status}", field="keeps")
        row.status = "kept"
        row.kept_by_message_id = message.id
        row.closed_at = desk.now()
        kept.append(CommitmentView.model_validate(row))
    return kept


def _replayed(session: Session, message: Message) -> ReplyResult:
    """The same reply delivered twice (a retried request): hand back what was stored."""
    created = session.scalars(select(Commitment).where(Commitment.message_id == message.id))
    kept = session.scalars(select(Commitment).where(Commitment.kept_by_message_id == message.id))
    return ReplyResult(
        message=MessageView.model_validate(message),
        verdict=VerdictView.model_validate(
            {
                "decision": message.decision or "allow",
                "reason": "Already sent.",
                "findings": message.findings,
            }
        ),
        commitments_created=[CommitmentView.model_validate(c) for c in created],
        commitments_kept=[CommitmentView.model_validate(c) for c in kept],
    )
