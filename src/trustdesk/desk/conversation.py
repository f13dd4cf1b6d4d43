"""A stored ticket as the engine reads it: the conversation in the engine's input format."""

from __future__ import annotations

from collections.abc import Sequence

from trustdesk.model import Conversation, Customer, Message, Preferences, Role
from trustdesk.service_level.state import Declared
from trustdesk.store import tables

# A ticket's status as the state's declared status (see trustdesk.service_level.state).
DECLARED: dict[str, Declared] = {
    "open": "open",
    "pending": "pending",
    "resolved": "solved",
    "closed": "closed",
}


def conversation_of(
    ticket: tables.Ticket, messages: Sequence[tables.Message] | None = None
) -> Conversation:
    """The ticket as the engine reads it (`messages`: only these of its messages). A message
    imported without a time is read without one, as the export gave it."""
    customer = ticket.customer
    preferences = {k: v for k, v in customer.preferences.items() if k in Preferences.model_fields}
    return Conversation(
        id=f"ticket-{ticket.id}",
        channel=ticket.channel,
        customer=Customer(
            id=customer.external_id or str(customer.id),
            language=customer.language,
            segment={str(k): str(v) for k, v in customer.segment.items()},
            preferences=Preferences.model_validate(preferences),
        ),
        messages=[
            Message(
                id=str(m.id),
                role=Role(m.role),
                author=m.author,
                at=m.at if m.time_given else None,
                text=m.text,
            )
            for m in (ticket.messages if messages is None else messages)
        ],
        status=declared_status(ticket),
    )


def declared_status(ticket: tables.Ticket) -> Declared | None:
    """The status an agent or the helpdesk declared, which has the last word on the state."""
    return DECLARED.get(ticket.status) if ticket.status_declared else None
