"""Help Scout: conversations with their threads (Mailbox API 2.0, `embed=threads`).

A thread's `type` says what it is: customer (from the customer), message (a reply from a
user of the mailbox, or from a workflow: a bot), note, chat and phone (from whoever
`createdBy` names), lineitem (an event such as a status change). The API lists threads
newest first; they are put back in time order (reversed, then sorted when every thread has
a time, so threads of the same second keep their order). A list page,
`{"_embedded": {"conversations": [...]}}`, is read too.
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
    time_of,
    with_attachments,
)

NAME = "helpscout"
TITLE = "Help Scout"

STATUSES = {
    "active": "open",
    "open": "open",
    "pending": "pending",
    "closed": "closed",
    "spam": "closed",
}
THREAD_ROLES = {"customer": "customer", "message": "agent", "note": "note", "lineitem": "system"}
CREATOR_ROLES = {"customer": "customer", "user": "agent", "team": "agent"}


def recognise(doc: Any) -> bool:
    listed = _listed(doc)
    if listed is not None:
        return any(_is_conversation(c) for c in listed[:3])
    return _is_conversation(doc)


def _listed(doc: Any) -> list[Any] | None:
    embedded = doc.get("_embedded") if isinstance(doc, Mapping) else None
    if isinstance(embedded, Mapping) and isinstance(embedded.get("conversations"), list):
        return list(embedded["conversations"])
    return None


def _threads(doc: Mapping[str, Any]) -> Any:
    embedded = doc.get("_embedded")
    if isinstance(embedded, Mapping) and "threads" in embedded:
        return embedded["threads"]
    return doc.get("threads") if isinstance(doc.get("threads"), list) else None


def _is_conversation(doc: Any) -> bool:
    return (
        isinstance(doc, Mapping)
        and isinstance(_threads(doc), list)
        and ("mailboxId" in doc or "primaryCustomer" in doc or "createdBy" in doc)
    )


def records(doc: Any, source: str) -> Iterator[tuple[str | None, Any, dict[str, Any]]]:
    return listed_records(doc, "_embedded.conversations")


def convert(record: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise RecordError("a conversation must be a JSON object")
    conversation_id = ident(record.get("id"), "id")
    threads = items(_threads(record), "_embedded.threads")
    messages = [_message(t, i) for i, t in enumerate(threads)]
    if not messages:
        raise RecordError("a conversation without threads", "_embedded.threads")
    if not _oldest_first(messages):
        messages.reverse()  # the API's order, newest first, unless the times say otherwise
    customer = record.get("primaryCustomer")
    customer = customer if isinstance(customer, Mapping) else {}
    meta: dict[str, Any] = {"source": NAME}
    for key in ("number", "subject", "mailboxId"):
        if record.get(key) not in (None, ""):
            meta[key] = record[key]
    tags = [t.get("tag") for t in items(record.get("tags"), "tags") if isinstance(t, Mapping)]
    if tags:
        meta["tags"] = tags
    return {
        "id": conversation_id,
        "channel": record.get("type") if isinstance(record.get("type"), str) else None,
        "customer": {
            "id": optional_id(customer.get("id")) or optional_id(customer.get("email")),
            "segment": segment_of(mailbox=record.get("mailboxId")),
        },
        "messages": in_order(messages),
        "status": status_of(record.get("status"), STATUSES),
        "meta": meta,
    }


def _oldest_first(messages: list[dict[str, Any]]) -> bool:
    times = [str(m["at"]) for m in messages if m["at"]]
    return len(times) >= 2 and times[0] < times[-1]


def _message(thread: Any, index: int) -> dict[str, Any]:
    where = f"_embedded.threads.{index}"
    if not isinstance(thread, Mapping):
        raise RecordError("a thread must be a JSON object", where)
    kind = str(thread.get("type", "")).lower()
    creator = thread.get("createdBy")
    creator = creator if isinstance(creator, Mapping) else {}
    creator_type = str(creator.get("type", "")).lower()
    if kind in THREAD_ROLES and not (
        kind == "message" and creator_type not in ("user", "team", "")
    ):
        role = THREAD_ROLES[kind]
    elif creator_type in CREATOR_ROLES:
        role = CREATOR_ROLES[creator_type]
    elif kind in ("message", "chat", "beaconchat"):
        role = "bot"  # written by a workflow or an AI answer, not a person
    else:
        raise RecordError(f"unknown thread type {thread.get('type')!r}", f"{where}.type")
    text = body_text(thread.get("body"))
    action = thread.get("action")
    if not text and isinstance(action, Mapping) and isinstance(action.get("text"), str):
        text = action["text"]
    embedded = thread.get("_embedded")
    files = embedded.get("attachments") if isinstance(embedded, Mapping) else None
    who = optional_id(creator.get("email")) or optional_id(creator.get("id"))
    return {
        "id": ident(thread.get("id"), f"{where}.id"),
        "role": role,
        "author": who and f"{NAME}:{who}",
        "at": time_of(thread.get("createdAt"), f"{where}.createdAt"),
        "text": with_attachments(text, attachment_names(files, "filename", "name")),
    }
