"""Freshdesk: tickets with their conversations (API v2), and the tickets CSV export.

A ticket (`GET /api/v2/tickets/{id}?include=conversations,requester`) opens with its
`description` from the requester; each conversation is `incoming` (from the customer) or not
(from an agent), `private` (a note) or public. Lists of tickets, and `{"tickets": [...]}`, are
read too. The CSV export holds one row per ticket and no replies: each ticket becomes its
description alone, with its status, source, company and contact.
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

NAME = "freshdesk"
TITLE = "Freshdesk"

# Ticket status codes of the API, and the names the CSV export uses.
STATUSES = {
    "2": "open",
    "3": "pending",
    "4": "solved",
    "5": "closed",
    "open": "open",
    "pending": "pending",
    "resolved": "solved",
    "closed": "closed",
    "waiting on customer": "pending",
    "waiting on third party": "open",
}
# Ticket source codes of the API.
SOURCES = {
    1: "email",
    2: "portal",
    3: "phone",
    5: "twitter",
    6: "facebook",
    7: "chat",
    9: "feedback widget",
    10: "email",
    11: "ecommerce",
}

# Columns of the tickets CSV export.
CSV_COLUMNS = ("Ticket ID", "Subject", "Status")


def recognise(doc: Any) -> bool:
    if isinstance(doc, Mapping) and isinstance(doc.get("tickets"), list):
        doc = doc["tickets"]
    if isinstance(doc, list):
        return bool(doc) and all(_is_ticket(t) for t in doc[:3])
    return _is_ticket(doc)


def _is_ticket(doc: Any) -> bool:
    if not isinstance(doc, Mapping):
        return False
    if isinstance(doc.get("conversations"), list):
        return True
    return "requester_id" in doc and ("description_text" in doc or "responder_id" in doc)


def records(doc: Any, source: str) -> Iterator[tuple[str | None, Any, dict[str, Any]]]:
    return listed_records(doc, "tickets", "")


def convert(ticket: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(ticket, Mapping):
        raise RecordError("a ticket must be a JSON object")
    ticket_id = ident(ticket.get("id"), "id")
    requester = optional_id(ticket.get("requester_id"))
    messages: list[dict[str, Any]] = []
    description = ticket.get("description_text")
    if description is None:
        description = ticket.get("description")
    if description is not None:
        messages.append(
            {
                "id": f"{ticket_id}-description",
                "role": "customer",
                "author": requester and f"{NAME}:{requester}",
                "at": time_of(ticket.get("created_at"), "created_at"),
                "text": with_attachments(
                    body_text(description), attachment_names(ticket.get("attachments"), "name")
                ),
            }
        )
    for index, item in enumerate(items(ticket.get("conversations"), "conversations")):
        messages.append(_message(item, index, requester))
    if not messages:
        raise RecordError("a ticket with neither a description nor conversations", "description")
    person = ticket.get("requester")
    person = person if isinstance(person, Mapping) else {}
    source = ticket.get("source")
    meta: dict[str, Any] = {"source": NAME}
    for key in ("subject", "priority", "type", "tags"):
        if ticket.get(key) not in (None, "", []):
            meta[key] = ticket[key]
    return {
        "id": ticket_id,
        "channel": SOURCES.get(source) if isinstance(source, int) else None,
        "customer": {
            "id": requester,
            "language": person.get("language") if isinstance(person.get("language"), str) else None,
            "segment": segment_of(company=ticket.get("company_id"), group=ticket.get("group_id")),
        },
        "messages": in_order(messages),
        "status": status_of(ticket.get("status"), STATUSES),
        "meta": meta,
    }


def _message(item: Any, index: int, requester: str | None) -> dict[str, Any]:
    where = f"conversations.{index}"
    if not isinstance(item, Mapping):
        raise RecordError("a conversation must be a JSON object", where)
    author = optional_id(item.get("user_id"))
    # A private note is for agents only; a public note is seen by the requester, like a reply.
    if item.get("private") is True:
        role = "note"
    elif item.get("incoming") is True or (author is not None and author == requester):
        role = "customer"
    else:
        role = "agent"
    if item.get("body_text") is not None:
        text = body_text(item["body_text"], html=False)
    else:
        text = body_text(item.get("body"), html=True)
    names = attachment_names(item.get("attachments"), "name", "file_name")
    return {
        "id": ident(item.get("id"), f"{where}.id"),
        "role": role,
        "author": author and f"{NAME}:{author}",
        "at": time_of(item.get("created_at"), f"{where}.created_at"),
        "text": with_attachments(text, names),
    }


def recognise_csv(header: list[str]) -> bool:
    return all(column in header for column in CSV_COLUMNS) and "Description" in header


def csv_conversation(row: Mapping[str, str]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(conversation id, its one message, the conversation's own fields) for a CSV row."""
    ticket_id = (row.get("Ticket ID") or "").strip()
    if not ticket_id:
        raise RecordError("missing", "Ticket ID")
    contact = row.get("Contact ID") or row.get("Email") or row.get("Full name") or None
    message = {
        "id": f"{ticket_id}-description",
        "role": "customer",
        "at": _csv_time(row.get("Created time")),
        "text": body_text(row.get("Description") or ""),
    }
    if contact:
        message["author"] = f"{NAME}:{contact}"
    extra: dict[str, Any] = {
        "customer": {
            "id": contact,
            "segment": segment_of(company=row.get("Company Name"), group=row.get("Group")),
        },
        "status": status_of(row.get("Status"), STATUSES),
        "meta": {
            "source": NAME,
            **{
                key.lower(): row[key]
                for key in ("Subject", "Priority", "Type", "Agent", "Tags")
                if row.get(key)
            },
        },
    }
    channel = (row.get("Source") or "").strip().lower()
    if channel:
        extra["channel"] = channel
    return ticket_id, message, extra


def _csv_time(value: str | None) -> str | None:
    """Freshdesk's CSV writes "2026-03-02 09:12:00" (the account's time zone, read as UTC)."""
    value = (value or "").strip()
    return value.replace(" ", "T", 1) if value else None
