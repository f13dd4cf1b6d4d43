"""Zendesk: tickets with their comments.

Shapes read (Zendesk Support API): a ticket JSON export, one ticket a line, each with its
`comments`; `{"tickets": [...]}` (a tickets page, or the incremental ticket export) with the
comments inline or as `description` only; and a ticket-comments page `{"comments": [...],
"users": [...]}`, whose ticket id is the file's name. Sideloaded `users` give each author's
role (end-user, agent, admin) and the requester's locale and organisation.
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
    is_listed,
    items,
    optional_id,
    segment_of,
    status_of,
    time_of,
    with_attachments,
)

NAME = "zendesk"
TITLE = "Zendesk"

STATUSES = {
    "new": "open",
    "open": "open",
    "hold": "open",
    "pending": "pending",
    "solved": "solved",
    "closed": "closed",
}
# Zendesk's binary satisfaction rating on the survey's 1-5 scale: its two ends.
RATINGS = {"good": 5, "bad": 1}
# Comments written by Zendesk's bots arrive through these channels.
BOT_CHANNELS = ("answer_bot", "ai_agent", "autoreply")
SYSTEM_CHANNELS = frozenset({"rule", "system", "automation", "closed_ticket", "merge"})


def recognise(doc: Any) -> bool:
    if not isinstance(doc, Mapping):
        return False
    tickets = doc.get("tickets")
    if isinstance(tickets, list):
        return any(
            isinstance(t, Mapping) and ("requester_id" in t or "via" in t or "comments" in t)
            for t in tickets
        )
    if isinstance(doc.get("comments"), list) and "messages" not in doc:
        return "requester_id" in doc or "via" in doc or _comment_page(doc)
    return "requester_id" in doc and "via" in doc


def _comment_page(doc: Mapping[str, Any]) -> bool:
    comments = doc["comments"]
    return bool(comments) and all(
        isinstance(c, Mapping) and "author_id" in c and "public" in c for c in comments
    )


def records(doc: Any, source: str) -> Iterator[tuple[str | None, Any, dict[str, Any]]]:
    """(where in the document, ticket, context) for each ticket of `doc`."""
    users = _users(doc.get("users") if isinstance(doc, Mapping) else None)
    if isinstance(doc, Mapping) and is_listed(doc.get("tickets")):
        for index, ticket in enumerate(doc["tickets"]):
            yield f"tickets[{index}]", ticket, {"users": users}
    elif isinstance(doc, Mapping) and "requester_id" not in doc and "comments" in doc:
        ticket = {"id": doc.get("ticket_id") or _stem(source), "comments": doc["comments"]}
        yield None, ticket, {"users": users}
    else:
        yield None, doc, {"users": users}


def _stem(source: str) -> str:
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    return name.split(".", 1)[0] or source


def _users(value: Any) -> dict[str, Mapping[str, Any]]:
    if not isinstance(value, list):
        return {}
    return {str(u["id"]): u for u in value if isinstance(u, Mapping) and "id" in u}


def convert(ticket: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(ticket, Mapping):
        raise RecordError("a ticket must be a JSON object")
    users: Mapping[str, Mapping[str, Any]] = context.get("users") or {}
    ticket_id = ident(ticket.get("id"), "id")
    requester = optional_id(ticket.get("requester_id"))
    comments = items(ticket.get("comments"), "comments")
    messages = [
        _message(comment, index, requester, users) for index, comment in enumerate(comments)
    ]
    if not comments and isinstance(ticket.get("description"), str):
        # Without its comments a ticket still holds its first one, the requester's description.
        messages.append(
            {
                "id": f"{ticket_id}-description",
                "role": "customer",
                "at": time_of(ticket.get("created_at"), "created_at"),
                "text": body_text(ticket["description"]),
            }
        )
    if not messages:
        raise RecordError("a ticket with neither comments nor a description", "comments")
    via = ticket.get("via")
    channel = via.get("channel") if isinstance(via, Mapping) else None
    person = users.get(requester or "", {})
    conversation: dict[str, Any] = {
        "id": ticket_id,
        "channel": channel if isinstance(channel, str) else None,
        "customer": {
            "id": requester,
            "language": person.get("locale") if isinstance(person.get("locale"), str) else None,
            "segment": segment_of(
                organization=ticket.get("organization_id") or person.get("organization_id"),
                group=ticket.get("group_id"),
                brand=ticket.get("brand_id"),
            ),
        },
        "messages": in_order(messages),
        "status": status_of(ticket.get("status"), STATUSES),
        "meta": _meta(ticket),
    }
    rating = ticket.get("satisfaction_rating")
    if isinstance(rating, Mapping) and rating.get("score") in RATINGS:
        survey: dict[str, Any] = {"satisfaction": RATINGS[rating["score"]]}
        if isinstance(rating.get("comment"), str) and rating["comment"].strip():
            survey["comment"] = rating["comment"].strip()
        conversation["survey"] = survey
    return conversation


def _meta(ticket: Mapping[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {"source": NAME}
    for key in ("subject", "priority", "type", "tags", "status"):
        if ticket.get(key) not in (None, "", []):
            meta[key] = ticket[key]
    return meta


def _message(
    comment: Any, index: int, requester: str | None, users: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    where = f"comments.{index}"
    if not isinstance(comment, Mapping):
        raise RecordError("a comment must be a JSON object", where)
    author = optional_id(comment.get("author_id"))
    if "body" in comment and comment["body"] is not None:
        text = body_text(comment["body"])
    elif comment.get("plain_body") is not None:
        text = body_text(comment["plain_body"], html=False)
    else:
        text = body_text(comment.get("html_body"), html=True)
    names = attachment_names(comment.get("attachments"), "file_name", "name")
    return {
        "id": ident(comment.get("id", f"c{index + 1}"), f"{where}.id"),
        "role": _role(comment, author, requester, users),
        "author": author and f"{NAME}:{author}",
        "at": time_of(comment.get("created_at"), f"{where}.created_at"),
        "text": with_attachments(text, names),
    }


def _role(
    comment: Mapping[str, Any],
    author: str | None,
    requester: str | None,
    users: Mapping[str, Mapping[str, Any]],
) -> str:
    via = comment.get("via")
    channel = str(via.get("channel", "")) if isinstance(via, Mapping) else ""
    if comment.get("public") is False:
        return "note"
    if channel.startswith(BOT_CHANNELS):
        return "bot"
    if channel in SYSTEM_CHANNELS or author in (None, "-1"):
        return "system"
    role = users.get(author or "", {}).get("role")
    if isinstance(role, str):
        return "customer" if role.lower() == "end-user" else "agent"
    return "customer" if author == requester else "agent"
