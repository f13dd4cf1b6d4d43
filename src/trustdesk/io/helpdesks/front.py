"""Front: conversations with their messages and comments (Core API).

A conversation (`GET /conversations/{id}`) with its messages (`GET
/conversations/{id}/messages`, `_results`) embedded as `messages`, and its internal
`comments` (notes between teammates). A message `is_inbound` from the customer; an outbound
one is a teammate's when it has an `author`, a rule's or bot's when it has none. Times are Unix
seconds with decimals. `{"_results": [...]}` (a list page of conversations) is read too.
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
    status_of,
    time_of,
    with_attachments,
)

NAME = "front"
TITLE = "Front"

STATUSES = {
    "archived": "closed",
    "deleted": "closed",
    "assigned": "open",
    "unassigned": "open",
    "open": "open",
    "waiting": "pending",
    "resolved": "solved",
}


def recognise(doc: Any) -> bool:
    if isinstance(doc, Mapping) and isinstance(doc.get("_results"), list):
        return any(_is_conversation(c) for c in doc["_results"][:3])
    return _is_conversation(doc)


def _is_conversation(doc: Any) -> bool:
    if not isinstance(doc, Mapping):
        return False
    if str(doc.get("id", "")).startswith("cnv_"):
        return True
    messages = _listed(doc.get("messages"))
    return any(isinstance(m, Mapping) and "is_inbound" in m for m in messages[:3])


def _listed(value: Any) -> list[Any]:
    if isinstance(value, Mapping):
        value = value.get("_results")
    return value if isinstance(value, list) else []


def records(doc: Any, source: str) -> Iterator[tuple[str | None, Any, dict[str, Any]]]:
    return listed_records(doc, "_results")


def convert(record: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise RecordError("a conversation must be a JSON object")
    conversation_id = ident(record.get("id"), "id")
    messages_in = record.get("messages")
    messages_in = messages_in.get("_results") if isinstance(messages_in, Mapping) else messages_in
    messages = [_message(m, i) for i, m in enumerate(items(messages_in, "messages"))]
    comments_in = record.get("comments")
    comments_in = comments_in.get("_results") if isinstance(comments_in, Mapping) else comments_in
    messages += [_comment(c, i) for i, c in enumerate(items(comments_in, "comments"))]
    if not messages:
        raise RecordError("a conversation without messages", "messages")
    recipient = record.get("recipient")
    recipient = recipient if isinstance(recipient, Mapping) else {}
    kind = next((m.get("type") for m in messages_in or [] if isinstance(m, Mapping)), None)
    meta: dict[str, Any] = {"source": NAME}
    if record.get("subject"):
        meta["subject"] = record["subject"]
    tags = [t.get("name") for t in items(record.get("tags"), "tags") if isinstance(t, Mapping)]
    if tags:
        meta["tags"] = tags
    return {
        "id": conversation_id,
        "channel": kind if isinstance(kind, str) else None,
        "customer": {"id": optional_id(recipient.get("handle"))},
        "messages": in_order(messages),
        "status": status_of(record.get("status_category") or record.get("status"), STATUSES),
        "meta": meta,
    }


def _author(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return None
    who = optional_id(value.get("username")) or optional_id(value.get("id"))
    return who and f"{NAME}:{who}"


def _message(message: Any, index: int) -> dict[str, Any]:
    where = f"messages.{index}"
    if not isinstance(message, Mapping):
        raise RecordError("a message must be a JSON object", where)
    author = _author(message.get("author"))
    if message.get("is_inbound") is True:
        role = "customer"
    elif message.get("is_inbound") is False:
        role = "agent" if author else "bot"
    else:
        raise RecordError("missing (true for the customer's messages)", f"{where}.is_inbound")
    if message.get("text") is not None:
        text = body_text(message["text"], html=False)
    else:
        text = body_text(message.get("body"), html=True)
    if not author and role == "customer":
        sender = next(
            (
                r.get("handle")
                for r in items(message.get("recipients"), f"{where}.recipients")
                if isinstance(r, Mapping) and r.get("role") == "from"
            ),
            None,
        )
        author = sender and f"{NAME}:{sender}"
    return {
        "id": ident(message.get("id"), f"{where}.id"),
        "role": role,
        "author": author,
        "at": time_of(message.get("created_at"), f"{where}.created_at"),
        "text": with_attachments(
            text, attachment_names(message.get("attachments"), "filename", "name")
        ),
    }


def _comment(comment: Any, index: int) -> dict[str, Any]:
    where = f"comments.{index}"
    if not isinstance(comment, Mapping):
        raise RecordError("a comment must be a JSON object", where)
    text = body_text(comment.get("body"))
    return {
        "id": ident(comment.get("id"), f"{where}.id"),
        "role": "note",
        "author": _author(comment.get("author")),
        "at": time_of(comment.get("posted_at"), f"{where}.posted_at"),
        "text": with_attachments(
            text, attachment_names(comment.get("attachments"), "filename", "name")
        ),
    }
