"""Chatwoot: conversations with their messages (Application API).

`message_type` is 0 incoming (the contact), 1 outgoing (an agent, or a bot when the sender
is an agent_bot), 2 activity (a system event) or 3 template (sent by the inbox: a bot); the
webhook payloads spell them as words. `private` marks a note. `content` is text, or HTML from
an e-mail inbox. Times are Unix seconds. A conversations list (`{"data": {"payload": [...]}}`
or `{"payload": [...]}`) is read too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from trustdesk.io.helpdesks.shape import (
    RecordError,
    attachment_names,
    body_text,
    ident,
    in_order,
    items,
    listed_records,
    optional_id,
    segment_of,
    status_of,
    survey_of,
    time_of,
    with_attachments,
)

NAME = "chatwoot"
TITLE = "Chatwoot"

STATUSES = {"open": "open", "pending": "open", "snoozed": "pending", "resolved": "solved"}
MESSAGE_TYPES = {0: "incoming", 1: "outgoing", 2: "activity", 3: "template"}
CHANNELS = {
    "channel::webwidget": "chat",
    "channel::email": "email",
    "channel::api": "api",
    "channel::whatsapp": "whatsapp",
    "channel::sms": "sms",
    "channel::twilio_sms": "sms",
    "channel::facebookpage": "facebook",
    "channel::telegram": "telegram",
    "channel::line": "line",
}


def recognise(doc: Any) -> bool:
    listed = _listed(doc)
    if listed is not None:
        return any(_is_conversation(c) for c in listed[:3])
    return _is_conversation(doc)


def _listed(doc: Any) -> list[Any] | None:
    if isinstance(doc, Mapping) and isinstance(doc.get("data"), Mapping):
        doc = doc["data"]
    if isinstance(doc, Mapping) and isinstance(doc.get("payload"), list):
        return list(doc["payload"])
    return None


def _is_conversation(doc: Any) -> bool:
    if not isinstance(doc, Mapping) or not isinstance(doc.get("messages"), list):
        return False
    return "inbox_id" in doc or any(
        isinstance(m, Mapping) and "message_type" in m for m in doc["messages"][:3]
    )


def records(doc: Any, source: str) -> Iterator[tuple[str | None, Any, dict[str, Any]]]:
    return listed_records(doc, "payload", "data.payload")


def convert(record: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise RecordError("a conversation must be a JSON object")
    conversation_id = ident(record.get("id"), "id")
    messages = [_message(m, i) for i, m in enumerate(items(record.get("messages"), "messages"))]
    if not messages:
        raise RecordError("a conversation without messages", "messages")
    meta_in = record.get("meta")
    meta_in = meta_in if isinstance(meta_in, Mapping) else {}
    contact = meta_in.get("sender")
    contact = contact if isinstance(contact, Mapping) else {}
    attributes = record.get("additional_attributes")
    attributes = attributes if isinstance(attributes, Mapping) else {}
    custom = record.get("custom_attributes")
    custom = custom if isinstance(custom, Mapping) else {}
    language = attributes.get("browser_language") or custom.get("language")
    channel = meta_in.get("channel")
    csat = record.get("csat_survey_response")
    csat = csat if isinstance(csat, Mapping) else {}
    meta: dict[str, Any] = {"source": NAME}
    if record.get("labels"):
        meta["labels"] = record["labels"]
    if record.get("inbox_id") is not None:
        meta["inbox_id"] = record["inbox_id"]
    conversation: dict[str, Any] = {
        "id": conversation_id,
        "channel": CHANNELS.get(channel.lower(), channel) if isinstance(channel, str) else None,
        "customer": {
            "id": optional_id(contact.get("id")),
            "language": language if isinstance(language, str) else None,
            "segment": segment_of(
                company=(contact.get("additional_attributes") or {}).get("company_name")
                if isinstance(contact.get("additional_attributes"), Mapping)
                else None,
                tier=custom.get("tier"),
            ),
        },
        "messages": in_order(messages),
        "status": status_of(record.get("status"), STATUSES),
        "meta": meta,
    }
    survey = survey_of(csat.get("rating"), csat.get("feedback_message"))
    if survey:
        conversation["survey"] = survey
    return conversation


def _message(message: Any, index: int) -> dict[str, Any]:
    where = f"messages.{index}"
    if not isinstance(message, Mapping):
        raise RecordError("a message must be a JSON object", where)
    kind = message.get("message_type")
    kind = MESSAGE_TYPES.get(kind, kind) if isinstance(kind, int) else kind
    sender = message.get("sender")
    sender = sender if isinstance(sender, Mapping) else {}
    sender_type = str(sender.get("type") or message.get("sender_type") or "").lower()
    if message.get("private") is True:
        role = "note"
    elif kind == "incoming":
        role = "customer"
    elif kind == "activity":
        role = "system"
    elif kind == "template" or sender_type in ("agent_bot", "agentbot"):
        role = "bot"
    elif kind == "outgoing":
        role = "agent"
    else:
        raise RecordError(
            f"unknown message_type {message.get('message_type')!r}", f"{where}.message_type"
        )
    text = body_text(message.get("content"))
    names = attachment_names(message.get("attachments"), "file_name", "data_url", "file_type")
    who = optional_id(sender.get("id")) or optional_id(message.get("sender_id"))
    return {
        "id": ident(message.get("id"), f"{where}.id"),
        "role": role,
        "author": who and f"{NAME}:{sender_type or 'user'}:{who}",
        "at": time_of(message.get("created_at"), f"{where}.created_at"),
        "text": with_attachments(text, names),
    }
