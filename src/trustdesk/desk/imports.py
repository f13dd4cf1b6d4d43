"""Importing conversations from the helpdesk a team already uses, in the engine's input format.

Imports are transactional (a batch is stored whole or not at all) and idempotent: a
conversation is matched by its id and a message by its id within it, so importing the same
export twice, or a later export that holds more messages, adds only what is new. Messages
are judged by the audit on the way in, so imported replies carry their findings, and the
promises still outstanding at the end of each conversation become open commitments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.redaction import ConversationRedaction, redact_secrets
from trustdesk.desk.replies import record_commitments
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import owning_team, ticket_by_external_id
from trustdesk.desk.tickets import upsert_customer
from trustdesk.errors import ConflictError
from trustdesk.model import Conversation
from trustdesk.store.tables import Message, Ticket


@dataclass
class ImportSummary:
    conversations: int = 0
    tickets_created: int = 0
    messages_added: int = 0
    messages_skipped: int = 0


def import_conversations(
    desk: Desk,
    actor: Actor,
    conversations: Iterable[Conversation],
    *,
    on_conversation: Callable[[], None] | None = None,
) -> ImportSummary:
    """Store every conversation as a ticket with its messages, all in one transaction."""
    actor.require(Permission.WRITE)
    owning_team(actor)
    summary = ImportSummary()
    try:
        _import_all(desk, actor, conversations, summary, on_conversation)
    except IntegrityError:
        # The conversations were read as they were stored, so they cannot be read again here.
        raise ConflictError(
            "another import stored some of these conversations at the same moment; nothing "
            "of this one was kept: run it again (it adds only what is new)"
        ) from None
    return summary


def _import_all(
    desk: Desk,
    actor: Actor,
    conversations: Iterable[Conversation],
    summary: ImportSummary,
    on_conversation: Callable[[], None] | None,
) -> None:
    with desk.transaction() as session:
        for conversation in conversations:
            # Over the limits, the whole import is refused (and rolled back).
            desk.engine.limits.check_conversation(
                conversation, f"conversations.{summary.conversations}"
            )
            _import_one(session, desk, actor, conversation, summary)
            summary.conversations += 1
            if on_conversation is not None:
                on_conversation()
        audit_log.record(
            session,
            desk,
            actor,
            "import",
            "ticket",
            None,
            conversations=summary.conversations,
            messages=summary.messages_added,
        )


def _import_one(
    session: Session, desk: Desk, actor: Actor, conversation: Conversation, summary: ImportSummary
) -> None:
    now = desk.now()
    ticket = ticket_by_external_id(session, actor, conversation.id)
    if ticket is None:
        source = conversation.customer
        customer = upsert_customer(
            session,
            desk,
            actor,
            CustomerIn(
                external_id=source.id,
                language=source.language,
                segment=source.segment,
                preferences=source.preferences,
            ),
        )
        first = next((m for m in conversation.messages if m.role == "customer"), None)
        subject = (first.text if first else conversation.id).strip().splitlines() or ["(none)"]
        ticket = Ticket(
            external_id=conversation.id,
            team_id=owning_team(actor),
            customer=customer,
            subject=redact_secrets(subject[0]).text[:120],
            channel=conversation.channel,
            status="open",
            created_at=now,
            updated_at=now,
        )
        session.add(ticket)
        session.flush()
        summary.tickets_created += 1
    known = set(session.scalars(select(Message.external_id).where(Message.ticket_id == ticket.id)))
    # Judged as written, stored redacted: findings follow their message's redaction.
    redacted = ConversationRedaction(conversation, enabled=desk.settings.redact_secrets)
    findings = redacted.findings(desk.engine.audit(conversation).findings)
    added: list[Message] = []
    last_at = ticket.created_at
    for source_message in conversation.messages:
        last_at = source_message.at or last_at
        if source_message.id in known:
            summary.messages_skipped += 1
            continue
        text, redactions = redacted.text(source_message.id, source_message.text)
        message = Message(
            ticket_id=ticket.id,
            external_id=source_message.id,
            role=source_message.role.value,
            author=source_message.author,
            at=last_at,
            text=text,
            redactions=redactions,
            findings=findings.get(source_message.id, []),
            policy_revision=desk.policy.revision,
            created_at=now,
        )
        session.add(message)
        added.append(message)
    if not added:
        return
    session.flush()
    summary.messages_added += len(added)
    _update_state(session, desk, ticket, added)


def _update_state(session: Session, desk: Desk, ticket: Ticket, added: list[Message]) -> None:
    """Who is waiting now, and what the last reply promised that is still outstanding."""
    session.refresh(ticket)
    spoken = [m for m in ticket.messages if m.role in ("customer", "agent", "bot")]
    if not spoken:
        return
    last = spoken[-1]
    ticket.updated_at = max(ticket.updated_at, last.at)
    replies = [m.at for m in spoken if m.role != "customer"]
    ticket.first_reply_at = min(replies) if replies else None
    if last.role == "customer":
        # Waiting since the first customer message after the last reply.
        since = last.at
        for message in reversed(spoken):
            if message.role != "customer":
                break
            since = message.at
        ticket.waiting_since = since
        ticket.status = "open"
    else:
        ticket.waiting_since = None
        ticket.status = "pending"
        if last in added:
            record_commitments(session, desk, ticket, last)
