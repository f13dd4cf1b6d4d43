"""A ticket's state, its wait and its promises, worked out again from its messages whenever
they change: a customer writes, a reply goes out, an import adds messages, someone sets the
status. One definition (`trustdesk.service_level.state`), as the audit uses.

The state decides the ticket's status unless someone declared one (an agent solving or
reopening it, the helpdesk's export): a declared status has the last word until the next
message. A ticket longer than the engine reads is judged on its latest messages.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from trustdesk.desk.conversation import conversation_of, declared_status
from trustdesk.desk.desk import Desk
from trustdesk.desk.ledger import reconcile
from trustdesk.service_level.state import State, standing
from trustdesk.store.tables import Ticket

# The status a state gives a ticket when nobody declared one.
STATUS_OF = {
    State.WAITING_ON_US: "open",
    State.OPEN: "open",
    State.WAITING_ON_CUSTOMER: "pending",
    State.SOLVED: "resolved",
}
SPOKEN = ("customer", "agent", "bot")


def refresh(session: Session, desk: Desk, ticket: Ticket, *, created: bool = False) -> None:
    """Work out the ticket's state, wait and promises from its messages (in the caller's
    transaction).

    `created`: the caller just made the ticket with all its messages and flushed them, so they
    are in memory and no promise of theirs is stored yet: nothing is read back, and the new
    promises are written with the caller's next flush (an import, a group at a time)."""
    if not created:
        session.flush()
        session.refresh(ticket, ["messages"])
    stored = list(ticket.messages)[-desk.engine.limits.max_messages :]
    conversation = conversation_of(ticket, stored)
    read = conversation.messages
    engine = desk.engine
    now = desk.now()
    found = standing(
        read,
        engine.analyse,
        engine.service_level,
        now=now,
        declared=declared_status(ticket),
    )
    ticket.state = found.state.value
    if not ticket.status_declared:
        status = STATUS_OF[found.state]
        if status == "resolved" and ticket.status != "resolved":
            ticket.resolved_at = _last_spoken_at(ticket) or now
        elif status != "resolved":
            ticket.resolved_at = None
        ticket.status = status
    ticket.waiting_since = found.waiting_since
    if ticket.waiting_since is None and found.since_index is not None and found.waiting:
        # The message waited on has no time of its own: the desk's record of it is the start.
        ticket.waiting_since = stored[found.since_index].at
    replies = [m.at for m in stored if m.role in ("agent", "bot")]
    if ticket.first_reply_at is not None:
        replies.append(ticket.first_reply_at)  # an earlier one may lie before the latest messages
    ticket.first_reply_at = min(replies, default=None)
    spoken = _last_spoken_at(ticket)
    if spoken is not None and spoken > ticket.updated_at:
        ticket.updated_at = spoken
    reconcile(session, desk, ticket, stored, read, created=created)
    severities = [f.get("severity") for m in ticket.messages for f in m.findings or []]
    ticket.block_findings = severities.count("block")
    ticket.warn_findings = severities.count("warn")


def _last_spoken_at(ticket: Ticket) -> datetime | None:
    return max((m.at for m in ticket.messages if m.role in SPOKEN), default=None)
