"""Importing conversations from the helpdesk a team already uses, in the engine's input format.

Imports are transactional (a batch is stored whole or not at all) and idempotent: a
conversation is matched by its id and a message by its id within it, so importing the same
export twice, or a later export that holds more messages, adds only what is new. A large
export is stored in batches of `batch_size` conversations, each in a transaction of its own:
memory stays bounded by one batch, and an import stopped half-way (killed, or a failure)
keeps the batches before and, run again, adds exactly the rest. Messages
are judged by the audit on the way in, so imported replies carry their findings; every
promise in every imported reply joins the promise ledger, judged against the message's own
time (`trustdesk.desk.ledger`); and the ticket's state comes from its messages, or from the
helpdesk's `status` where the export has one (`trustdesk.desk.ticket_state`). A message
without a time is stored at the previous message's time (or the import's) for the record,
and read by the engine without one, as the export gave it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.redaction import ConversationRedaction, redact_secrets
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.subject import subject_of
from trustdesk.desk.tenancy import owning_team, ticket_by_external_id
from trustdesk.desk.ticket_state import refresh
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
    statuses_changed: int = 0


def import_conversations(
    desk: Desk,
    actor: Actor,
    conversations: Iterable[Conversation],
    *,
    on_conversation: Callable[[], None] | None = None,
    batch_size: int | None = None,
) -> ImportSummary:
    """Store every conversation as a ticket with its messages: all in one transaction, or
    (with `batch_size`) each batch of that many conversations in one."""
    actor.require(Permission.WRITE)
    owning_team(actor)
    summary = ImportSummary()
    for batch in _batches(conversations, batch_size):
        try:
            _import_batch(desk, actor, batch, summary, on_conversation)
        except IntegrityError:
            # The conversations were read as they were stored, so they cannot be read again.
            kept = (
                "the batches before this one were kept"
                if summary.conversations
                else ("nothing of this one was kept")
            )
            raise ConflictError(
                "another import stored some of these conversations at the same moment; "
                f"{kept}: run it again (it adds only what is new)"
            ) from None
    return summary


def _batches(
    conversations: Iterable[Conversation], size: int | None
) -> Iterator[Iterable[Conversation]]:
    if size is None:
        yield conversations
        return
    if size < 1:
        raise ValueError("a batch holds at least one conversation")
    source = iter(conversations)
    while batch := list(islice(source, size)):
        yield batch


def _import_batch(
    desk: Desk,
    actor: Actor,
    conversations: Iterable[Conversation],
    summary: ImportSummary,
    on_conversation: Callable[[], None] | None,
) -> None:
    before = (summary.tickets_created, summary.messages_added, summary.statuses_changed)
    with desk.transaction() as session:
        read = 0
        for conversation in conversations:
            # Over the limits, the batch is refused (and rolled back).
            desk.engine.limits.check_conversation(
                conversation, f"conversations.{summary.conversations + read}"
            )
            _import_one(session, desk, actor, conversation, summary)
            read += 1
            if on_conversation is not None:
                on_conversation()
        summary.conversations += read
        if (summary.tickets_created, summary.messages_added, summary.statuses_changed) != before:
            # Only a batch that changed something is an entry: importing again changes nothing.
            audit_log.record(
                session,
                desk,
                actor,
                "import",
                "ticket",
                None,
                conversations=read,
                messages=summary.messages_added - before[1],
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
        given = conversation.meta.get("subject")
        subject = subject_of(first.text if first else "", given if isinstance(given, str) else None)
        ticket = Ticket(
            external_id=conversation.id,
            team_id=owning_team(actor),
            customer=customer,
            subject=redact_secrets(subject or conversation.id).text[:300],
            channel=conversation.channel,
            status="open",
            created_at=now,
            updated_at=now,
        )
        session.add(ticket)
        session.flush()
        summary.tickets_created += 1
    known = set(session.scalars(select(Message.external_id).where(Message.ticket_id == ticket.id)))
    declared = _DECLARED.get(conversation.status) if conversation.status else None
    unchanged = declared is None or declared == (ticket.status, ticket.status_declared)
    if unchanged and all(m.id in known for m in conversation.messages):
        # Nothing new (an import run again): not judged again, nothing written.
        summary.messages_skipped += len(conversation.messages)
        return
    # Judged as written, stored redacted: findings follow their message's redaction. Judged
    # now, as the ticket's state and promises are: an audit of the same export at the same
    # moment finds the same (a promise already due and not kept is broken today).
    redacted = ConversationRedaction(conversation, enabled=desk.settings.redact_secrets)
    findings = redacted.findings(desk.engine.audit(conversation, now=now).findings)
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
            time_given=source_message.at is not None,
            redactions=redactions,
            findings=findings.get(source_message.id, []),
            policy_revision=desk.policy.revision,
            created_at=now,
        )
        session.add(message)
        added.append(message)
    if not added and unchanged:
        return
    session.flush()
    summary.messages_added += len(added)
    if declared is not None:
        summary.statuses_changed += 0 if unchanged else 1
        ticket.status, ticket.status_declared = declared
    elif added:
        ticket.status_declared = False  # new messages: they decide, as the export gave none
    refresh(session, desk, ticket)


# The input format's status as the desk's, declared (it has the last word until a message).
_DECLARED = {
    "open": ("open", True),
    "pending": ("pending", True),
    "solved": ("resolved", True),
    "closed": ("closed", True),
}
