"""A stored ticket as the engine reads it: the conversation in the engine's input format."""

from __future__ import annotations

from trustdesk.model import Conversation, Customer, Message, Preferences, Role
from trustdesk.store import tables


def conversation_of(ticket: tables.Ticket) -> Conversation:
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
            Message(id=str(m.id), role=Role(m.role), author=m.author, at=m.at, text=m.text)
            for m in ticket.messages
        ],
    )
