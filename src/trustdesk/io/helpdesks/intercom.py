"""Intercom: conversations with their `conversation_parts` (REST API, `GET /conversations/{id}`).

The conversation opens with its `source` (the first message); each part has a `part_type`
(comment, note, assignment, open, close, …) and an `author` whose `type` is user, lead or
contact (the customer), admin or team (a teammate) or bot (Fin and other bots). Times are Unix
seconds. `{"conversations": [...]}` (a list page) is read too.
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

NAME = "intercom"
TITLE = "Intercom"

STATUSES = {"open": "open", "snoozed": "pending", "closed": "closed"}
AUTHOR_ROLES = {
    "user": "customer",
    "lead": "customer",
    "contact": "customer",
    "admin": "agent",
    "team": "agent",
    "bot": "bot",
}
# Parts that carry what someone wrote; any other part type is an event (assignment, close, …).
WRITTEN = frozenset({"comment", "note", "quick_reply", "conversation_rating_remark_added"})


def recognise(doc: Any) -> bool:
    if isinstance(doc, Mapping) and isinstance(doc.get("conversations"), list):
        return any(_is_conversation(c) for c in doc["conversations"][:3])
    return _is_conversation(doc)


def _is_conversation(doc: Any) -> bool:
    return isinstance(doc, Mapping) and (
        "conversation_parts" in doc or (doc.get("type") == "conversation" and "source" in doc)
    )


def records(doc: Any, source: str) -> Iterator[tuple[str | None, Any, dict[str, Any]]]:
    return listed_records(doc, "conversations")


def convert(record: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise RecordError("a conversation must be a JSON object")
    conversation_id = ident(record.get("id"), "id")
    messages: list[dict[str, Any]] = []
    first = record.get("source")
    if isinstance(first, Mapping) and (first.get("body") or first.get("attachments")):
        messages.append(
            _message(first, "source", f"{conversation_id}-source", record.get("created_at"))
        )
    parts = record.get("conversation_parts")
    if isinstance(parts, Mapping):
        parts = parts.get("conversation_parts")
    for index, part in enumerate(items(parts, "conversation_parts")):
        where = f"conversation_parts.{index}"
        if not isinstance(part, Mapping):
            raise RecordError("a conversation part must be a JSON object", where)
        messages.append(_message(part, where, None, None))
    if not messages:
        raise RecordError("a conversation with neither a source nor parts", "conversation_parts")
    contacts = record.get("contacts")
    if isinstance(contacts, Mapping):
        contacts = contacts.get("contacts")
    contact = contacts[0] if isinstance(contacts, list) and contacts else {}
    contact = contact if isinstance(contact, Mapping) else {}
    attributes = record.get("custom_attributes")
    attributes = attributes if isinstance(attributes, Mapping) else {}
    rating = record.get("conversation_rating")
    rating = rating if isinstance(rating, Mapping) else {}
    meta: dict[str, Any] = {"source": NAME}
    if isinstance(first, Mapping) and first.get("subject"):
        meta["subject"] = body_text(first["subject"])
    if record.get("ai_agent_participated") is not None:
        meta["ai_agent_participated"] = record["ai_agent_participated"]
    channel = first.get("delivered_as") if isinstance(first, Mapping) else None
    conversation: dict[str, Any] = {
        "id": conversation_id,
        "channel": first.get("type") if isinstance(first, Mapping) else None,
        "customer": {
            "id": optional_id(contact.get("external_id")) or optional_id(contact.get("id")),
            "language": attributes.get("language")
            if isinstance(attributes.get("language"), str)
            else None,
            "segment": segment_of(company=attributes.get("company"), tier=attributes.get("tier")),
        },
        "messages": in_order(messages),
        "status": status_of(record.get("state"), STATUSES),
        "meta": meta | ({"delivered_as": channel} if isinstance(channel, str) else {}),
    }
    survey = survey_of(rating.get("rating"), rating.get("remark"))
    if survey:
        conversation["survey"] = survey
    return conversation


def _message(
    part: Mapping[str, Any], where: str, message_id: str | None, at: Any
) -> dict[str, Any]:
    author = part.get("author")
    author = author if isinstance(author, Mapping) else {}
    kind = part.get("part_type", "comment")
    author_type = str(author.get("type", "")).lower()
    if kind == "note":
        role = "note"
    elif kind not in WRITTEN and where != "source":
        role = "system"
    elif author_type in AUTHOR_ROLES:
        role = AUTHOR_ROLES[author_type]
    else:
        raise RecordError(f"unknown author type {author.get('type')!r}", f"{where}.author.type")
    text = body_text(part.get("body"), html=True)
    if role == "system" and not text:
        text = str(kind).replace("_", " ")
    names = attachment_names(part.get("attachments"), "name", "url")
    who = optional_id(author.get("id"))
    return {
        "id": message_id or ident(part.get("id"), f"{where}.id"),
        "role": role,
        "author": who and f"{NAME}:{author_type}:{who}",
        "at": time_of(part.get("created_at", at), f"{where}.created_at"),
        "text": with_attachments(text, names),
    }
