"""Zammad: tickets with their articles (REST API with `expand=true`).

A ticket holds `articles` (as `GET /api/v1/ticket_articles/by_ticket/{id}` lists them), each
with its `sender` (Customer, Agent or System), `internal` (a note) and a body whose
`content_type` says whether it is HTML. A bare list of articles, each with its `ticket_id`, is
read as one conversation per ticket.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from trustdesk.io.helpdesks.shape import (
    RecordError,
    RecordStream,
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

NAME = "zammad"
TITLE = "Zammad"

STATUSES = {
    "new": "open",
    "open": "open",
    "pending reminder": "pending",
    "pending close": "pending",
    "closed": "closed",
    "merged": "closed",
}
SENDERS = {"customer": "customer", "agent": "agent", "system": "system"}
# Zammad's sender ids when `sender` is not expanded.
SENDER_IDS = {1: "agent", 2: "customer", 3: "system"}


def recognise(doc: Any) -> bool:
    if isinstance(doc, Mapping) and isinstance(doc.get("tickets"), list):
        doc = doc["tickets"]
    if isinstance(doc, list):
        return bool(doc) and all(_is_ticket(d) or _is_article(d) for d in doc[:3])
    return _is_ticket(doc)


def _is_ticket(doc: Any) -> bool:
    return isinstance(doc, Mapping) and isinstance(doc.get("articles"), list)


def _is_article(doc: Any) -> bool:
    return (
        isinstance(doc, Mapping) and "ticket_id" in doc and ("sender" in doc or "sender_id" in doc)
    )


def records(doc: Any, source: str) -> Iterator[tuple[str | None, Any, dict[str, Any]]]:
    if isinstance(doc, Mapping) and is_listed(doc.get("tickets")):
        doc = doc["tickets"]
    if not is_listed(doc):
        yield None, doc, {}
        return
    if _articles(doc):
        # A flat list of articles is grouped by ticket, so it is held whole (the tickets
        # export, articles inside each ticket, is the one read record by record).
        grouped: dict[str, list[Any]] = {}
        for article in doc:
            grouped.setdefault(str(article["ticket_id"]), []).append(article)
        for ticket_id, articles in grouped.items():
            yield f"ticket {ticket_id}", {"id": ticket_id, "articles": articles}, {}
        return
    for index, ticket in enumerate(doc):
        yield f"[{index}]", ticket, {}


def _articles(doc: list[Any] | RecordStream) -> bool:
    """Whether the list holds articles rather than tickets (a stream: judged on its first)."""
    first = doc.sample if isinstance(doc, RecordStream) else doc
    return bool(first) and all(_is_article(d) for d in first)


def convert(ticket: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(ticket, Mapping):
        raise RecordError("a ticket must be a JSON object")
    ticket_id = ident(ticket.get("id"), "id")
    articles = items(ticket.get("articles"), "articles")
    messages = [_message(article, index) for index, article in enumerate(articles)]
    if not messages:
        raise RecordError("a ticket without articles", "articles")
    meta: dict[str, Any] = {"source": NAME}
    for key in ("number", "title", "priority", "group", "tags"):
        if ticket.get(key) not in (None, "", []):
            meta[key] = ticket[key]
    customer = ticket.get("customer")
    return {
        "id": ticket_id,
        "channel": _channel(articles),
        "customer": {
            "id": optional_id(ticket.get("customer_id"))
            or (customer if isinstance(customer, str) else None),
            "segment": segment_of(
                organization=ticket.get("organization"), group=ticket.get("group")
            ),
        },
        "messages": in_order(messages),
        "status": status_of(ticket.get("state"), STATUSES),
        "meta": meta,
    }


def _channel(articles: list[Any]) -> str | None:
    first = articles[0] if articles and isinstance(articles[0], Mapping) else {}
    kind = first.get("type")
    return kind if isinstance(kind, str) else None


def _message(article: Any, index: int) -> dict[str, Any]:
    where = f"articles.{index}"
    if not isinstance(article, Mapping):
        raise RecordError("an article must be a JSON object", where)
    sender = article.get("sender")
    role = SENDERS.get(sender.lower()) if isinstance(sender, str) else None
    if role is None and isinstance(article.get("sender_id"), int):
        role = SENDER_IDS.get(article["sender_id"])
    if role is None:
        raise RecordError(f"unknown sender {sender!r}", f"{where}.sender")
    if article.get("internal") is True and role != "system":
        role = "note"
    html = str(article.get("content_type", "")).lower() == "text/html"
    text = body_text(article.get("body"), html=html or None)
    names = attachment_names(article.get("attachments"), "filename", "name")
    author = optional_id(article.get("created_by_id")) or optional_id(article.get("created_by"))
    return {
        "id": ident(article.get("id"), f"{where}.id"),
        "role": role,
        "author": author and f"{NAME}:{author}",
        "at": time_of(article.get("created_at"), f"{where}.created_at"),
        "text": with_attachments(text, names),
    }
