"""What a helpdesk's webhook delivery asks of the desk, read from the vendor's payload: which
conversation, which reply, and the key that makes a repeated delivery a repeat.

Chatwoot's `message_created` names the message itself, so the delivery's key and its reply's
key are both the message's id. A Zendesk trigger's webhook names the ticket only (the body the
admin writes, see docs/integrations.md): the delivery's key is the invocation, and its reply's
key is the comment's id once the ticket is read (trustdesk.desk.hooks). A Freshdesk automation
rule's webhook names the ticket too, and Freshdesk sends no id of the delivery: each delivery
is kept under a key of its own, and its reply's key is the conversation's id once the ticket
is read. Both keys are unique per integration, so one reply gets one note however often it is
reported.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trustdesk.desk.integrations import Credentials
from trustdesk.errors import InputError

# Chatwoot's outgoing message types (the webhook spells them as words; the API as numbers):
# an agent's or a bot's reply, or a template the inbox sent.
CHATWOOT_REPLIES = frozenset({"outgoing", "template", 1, 3})


@dataclass(frozen=True)
class HookEvent:
    event: str
    dedupe_key: str
    conversation_ref: str
    # None: the reply is found when the conversation is read (Zendesk's latest public comment).
    message_ref: str | None


def message_key(message_id: str) -> str:
    return f"message:{message_id}"


def read_event(
    integration: Credentials, payload: Any, headers: Mapping[str, str], body: bytes
) -> HookEvent | None:
    """The reply to check, or None when the delivery reports nothing to check."""
    if not isinstance(payload, Mapping):
        raise InputError("the webhook's body must be a JSON object")
    if integration.vendor == "chatwoot":
        return _chatwoot(integration, payload)
    if integration.vendor == "intercom":
        return _intercom(integration, payload)
    if integration.vendor == "freshdesk":
        return _freshdesk(payload)
    return _zendesk(payload, headers, body)


def _ident(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = str(value).strip()
    return text[:200] or None


def _chatwoot(integration: Credentials, payload: Mapping[str, Any]) -> HookEvent | None:
    if payload.get("event") != "message_created":
        return None
    if payload.get("private") is True or payload.get("message_type") not in CHATWOOT_REPLIES:
        return None  # a note (ours among them), or the customer's own message
    conversation = payload.get("conversation")
    conversation = conversation if isinstance(conversation, Mapping) else {}
    inbox = payload.get("inbox")
    inbox_id = _ident(inbox.get("id")) if isinstance(inbox, Mapping) else None
    inbox_id = inbox_id or _ident(conversation.get("inbox_id"))
    if integration.scopes and inbox_id not in integration.scopes:
        return None
    message_id = _ident(payload.get("id"))
    conversation_id = _ident(conversation.get("display_id")) or _ident(conversation.get("id"))
    if message_id is None or conversation_id is None:
        raise InputError("a message_created event without the message's or conversation's id")
    return HookEvent("message_created", message_key(message_id), conversation_id, message_id)


def _zendesk(
    payload: Mapping[str, Any], headers: Mapping[str, str], body: bytes
) -> HookEvent | None:
    ticket = payload.get("ticket")
    ticket_id = _ident(payload.get("ticket_id"))
    if ticket_id is None and isinstance(ticket, Mapping):
        ticket_id = _ident(ticket.get("id"))
    if ticket_id is None:
        raise InputError('the webhook\'s body must name the ticket: {"ticket_id": "{{ticket.id}}"}')
    invocation = headers.get("x-zendesk-webhook-invocation-id")
    if invocation:
        key = f"invocation:{invocation.strip()[:150]}"
    else:
        signed = (headers.get("x-zendesk-webhook-signature-timestamp", "")).encode() + body
        key = f"signed:{hashlib.sha256(signed).hexdigest()}"
    return HookEvent("ticket_updated", key, ticket_id, None)


# Intercom's topics that report a teammate's (or a bot's) reply; its own `ping` and every
# other topic (a note, an assignment) report nothing to check.
INTERCOM_REPLIES = frozenset({"conversation.admin.replied"})
INTERCOM_AUTHORS = frozenset({"admin", "bot"})


def _intercom(integration: Credentials, payload: Mapping[str, Any]) -> HookEvent | None:
    if payload.get("topic") not in INTERCOM_REPLIES:
        return None
    data = payload.get("data")
    item = data.get("item") if isinstance(data, Mapping) else None
    if not isinstance(item, Mapping):
        raise InputError("an Intercom notification without data.item")
    team = _ident(item.get("team_assignee_id"))
    if integration.scopes and team not in integration.scopes:
        return None
    parts = item.get("conversation_parts")
    listed = parts.get("conversation_parts") if isinstance(parts, Mapping) else None
    replies = [
        part
        for part in listed or []
        if isinstance(part, Mapping)
        and part.get("part_type") == "comment"
        and isinstance(part.get("author"), Mapping)
        and part["author"].get("type") in INTERCOM_AUTHORS
    ]
    conversation_id = _ident(item.get("id"))
    part_id = _ident(replies[-1].get("id")) if replies else None
    if conversation_id is None or part_id is None:
        return None
    return HookEvent("conversation.admin.replied", message_key(part_id), conversation_id, part_id)


def _freshdesk(payload: Mapping[str, Any]) -> HookEvent:
    """The rule's JSON content names the ticket: {"ticket_id": "{{ticket.id}}"} (the body
    docs/integrations.md gives). It is also read inside "freshdesk_webhook", where integration
    guides show a rule's simple (field-picking) content putting its fields."""
    wrapped = payload.get("freshdesk_webhook")
    fields = wrapped if isinstance(wrapped, Mapping) else payload
    ticket = fields.get("ticket")
    ticket_id = _ident(fields.get("ticket_id"))
    if ticket_id is None and isinstance(ticket, Mapping):
        ticket_id = _ident(ticket.get("id"))
    if ticket_id is None or not (ticket_id.isascii() and ticket_id.isdigit()):
        raise InputError(
            'the webhook\'s body must name the ticket by its number: {"ticket_id": "{{ticket.id}}"}'
        )
    # Freshdesk's repeat of a failed delivery is the same request again: nothing in it tells
    # it apart from a new reply on the ticket, so the reply's id, read later, is what dedupes.
    return HookEvent("ticket_updated", f"delivery:{uuid.uuid4().hex}", ticket_id, None)
