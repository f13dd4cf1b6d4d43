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
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.redaction import ConversationRedaction, redact_secrets
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.subject import subject_of
from trustdesk.desk.tenancy import (
    customers_by_external_id,
    owning_team,
    stored_message_ids,
    tickets_by_external_id,
)
from trustdesk.desk.ticket_state import refresh
from trustdesk.desk.tickets import new_customer, update_customer
from trustdesk.errors import ConflictError
from trustdesk.model import Conversation
from trustdesk.store.tables import Customer, Message, Ticket


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
    yield from _chunks(conversations, size)


def _chunks(conversations: Iterable[Conversation], size: int) -> Iterator[list[Conversation]]:
    source = iter(conversations)
    while chunk := list(islice(source, size)):
        yield chunk


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
        for group in _chunks(conversations, GROUP):
            for offset, conversation in enumerate(group):
                # Over the limits, the batch is refused (and rolled back).
                desk.engine.limits.check_conversation(
                    conversation, f"conversations.{summary.conversations + read + offset}"
                )
            _Group(session, desk, actor, summary, on_conversation).store(group)
            read += len(group)
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


# Conversations looked up, written and worked out together: one query for their tickets, one
# for their messages already stored and one for their customers, and the new tickets written
# in one flush, instead of each of these per conversation. Few enough that the analyses the
# audit made are still cached when the new tickets' states are worked out.
GROUP = 100


class _Group:
    """One group of conversations stored: new tickets (the most of a first import) are made
    in memory and written and worked out together; a ticket already stored gets its new
    messages one conversation at a time."""

    def __init__(
        self,
        session: Session,
        desk: Desk,
        actor: Actor,
        summary: ImportSummary,
        on_conversation: Callable[[], None] | None,
    ) -> None:
        self.session = session
        self.desk = desk
        self.actor = actor
        self.summary = summary
        self.on_conversation = on_conversation
        self.now = desk.now()
        self.created: list[Ticket] = []  # made by this group, not yet written
        self.customers: dict[str, Customer] = {}  # by helpdesk id

    def store(self, group: list[Conversation]) -> None:
        session, actor = self.session, self.actor
        tickets = tickets_by_external_id(session, actor, {c.id for c in group})
        stored = stored_message_ids(session, [t.id for t in tickets.values()])
        # The helpdesk ids of each conversation's messages the desk holds.
        known = {external: stored[ticket.id] for external, ticket in tickets.items()}
        customer_ids = {c.customer.id for c in group if c.customer.id is not None}
        self.customers.update(customers_by_external_id(session, actor, customer_ids))
        for conversation in group:
            ticket = tickets.get(conversation.id)
            if ticket is None:
                tickets[conversation.id] = self._create(conversation)
                known[conversation.id] = {m.id for m in conversation.messages}
            else:
                if ticket in self.created:  # the same conversation twice in the export
                    self._settle()
                self._add(ticket, conversation, known[conversation.id])
            if self.on_conversation is not None:
                self.on_conversation()
        self._settle()

    def _judged(self, conversation: Conversation) -> tuple[ConversationRedaction, _Findings]:
        """Judged as written, stored redacted: findings follow their message's redaction.
        Judged now, as the ticket's state and promises are: an audit of the same export at
        the same moment finds the same (a promise already due and not kept is broken
        today)."""
        redacted = ConversationRedaction(conversation, enabled=self.desk.settings.redact_secrets)
        audit = self.desk.engine.audit(conversation, now=self.now)
        findings = redacted.findings(audit.findings)
        return redacted, findings

    def _create(self, conversation: Conversation) -> Ticket:
        """A new ticket with every message of `conversation`, in memory until `_settle`."""
        source = conversation.customer
        data = CustomerIn(
            external_id=source.id,
            language=source.language,
            segment=source.segment,
            preferences=source.preferences,
        )
        customer = self.customers.get(source.id) if source.id is not None else None
        if customer is None:
            customer = new_customer(self.desk, self.actor, data)
            if source.id is not None:
                self.customers[source.id] = customer
        else:
            update_customer(customer, data)
        first = next((m for m in conversation.messages if m.role == "customer"), None)
        given = conversation.meta.get("subject")
        subject = subject_of(first.text if first else "", given if isinstance(given, str) else None)
        ticket = Ticket(
            external_id=conversation.id,
            team_id=owning_team(self.actor),
            customer=customer,
            subject=redact_secrets(subject or conversation.id).text[:300],
            channel=conversation.channel,
            status="open",
            created_at=self.now,
            updated_at=self.now,
        )
        self.session.add(ticket)
        self.summary.tickets_created += 1
        redacted, findings = self._judged(conversation)
        ticket.messages = list(self._messages(ticket, conversation, set(), redacted, findings))
        declared = _DECLARED.get(conversation.status) if conversation.status else None
        if declared is not None:
            self.summary.statuses_changed += 1
            ticket.status, ticket.status_declared = declared
        self.created.append(ticket)
        return ticket

    def _settle(self) -> None:
        """Write the tickets made so far in one flush and work out their states."""
        if not self.created:
            return
        self.session.flush()
        for ticket in self.created:
            self.summary.messages_added += len(ticket.messages)
            refresh(self.session, self.desk, ticket, created=True)
        self.created = []

    def _add(self, ticket: Ticket, conversation: Conversation, known: set[str]) -> None:
        """What is new in `conversation` for a ticket already stored."""
        summary = self.summary
        declared = _DECLARED.get(conversation.status) if conversation.status else None
        unchanged = declared is None or declared == (ticket.status, ticket.status_declared)
        if unchanged and all(m.id in known for m in conversation.messages):
            # Nothing new (an import run again): not judged again, nothing written.
            summary.messages_skipped += len(conversation.messages)
            return
        redacted, findings = self._judged(conversation)
        added = list(self._messages(ticket, conversation, known, redacted, findings))
        summary.messages_skipped += len(conversation.messages) - len(added)
        if not added and unchanged:
            return
        self.session.add_all(added)
        self.session.flush()
        known.update(m.id for m in conversation.messages)
        summary.messages_added += len(added)
        if declared is not None:
            summary.statuses_changed += 0 if unchanged else 1
            ticket.status, ticket.status_declared = declared
        elif added:
            ticket.status_declared = False  # new messages: they decide, as the export gave none
        refresh(self.session, self.desk, ticket)

    def _messages(
        self,
        ticket: Ticket,
        conversation: Conversation,
        known: set[str],
        redacted: ConversationRedaction,
        findings: _Findings,
    ) -> Iterator[Message]:
        """The messages of `conversation` not in `known`, as stored. A message without a time
        is stored at the previous message's time (or the ticket's)."""
        last_at = ticket.created_at
        for source_message in conversation.messages:
            last_at = source_message.at or last_at
            if source_message.id in known:
                continue
            text, redactions = redacted.text(source_message.id, source_message.text)
            yield Message(
                ticket_id=ticket.id,
                external_id=source_message.id,
                role=source_message.role.value,
                author=source_message.author,
                at=last_at,
                text=text,
                time_given=source_message.at is not None,
                redactions=redactions,
                findings=findings.get(source_message.id, []),
                policy_revision=self.desk.policy.revision,
                created_at=self.now,
            )


_Findings = dict[str, list[dict[str, Any]]]


# The input format's status as the desk's, declared (it has the last word until a message).
_DECLARED = {
    "open": ("open", True),
    "pending": ("pending", True),
    "solved": ("resolved", True),
    "closed": ("closed", True),
}
