"""Zendesk Support's API: a ticket with its comments (and their authors), an internal note,
tags, and the incremental ticket export (for a pull sync).

Calls sign in with an agent's e-mail and an API token (`{email}/token:{api_token}`, HTTP basic).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from trustdesk.io.helpdesk_api.http import VendorClient, VendorError
from trustdesk.io.helpdesks import zendesk as mapper

# Pages of 100 comments a ticket is read to.
MAX_COMMENT_PAGES = 50


class ZendeskClient(VendorClient):
    vendor = "zendesk"

    def __init__(
        self, base_url: str, email: str, token: str, *, client: httpx.Client | None = None
    ) -> None:
        auth = httpx.BasicAuth(f"{email}/token", token)
        super().__init__(base_url, client=client, auth=auth)
        if client is not None:
            client.auth = auth

    def ticket(self, ticket_id: str) -> tuple[dict[str, Any], list[Any]]:
        """The ticket with every comment inline, and the comments' authors (sideloaded)."""
        answer = self.call("GET", f"/api/v2/tickets/{ticket_id}.json")
        ticket = answer.get("ticket") if isinstance(answer, Mapping) else None
        if not isinstance(ticket, Mapping):
            raise VendorError(f"zendesk: ticket {ticket_id} is not an object", retryable=False)
        comments, users = self.comments(ticket_id)
        return {**ticket, "comments": comments}, users

    def comments(self, ticket_id: str) -> tuple[list[Any], list[Any]]:
        comments: list[Any] = []
        users: list[Any] = []
        url: str | None = f"/api/v2/tickets/{ticket_id}/comments.json"
        params: dict[str, str] | None = {"include": "users"}
        for _ in range(MAX_COMMENT_PAGES):
            if url is None:
                break
            page = self.call("GET", url, params=params)
            if not isinstance(page, Mapping):
                raise VendorError(
                    f"zendesk: comments of {ticket_id} are not an object", retryable=False
                )
            comments += page.get("comments") or []
            users += page.get("users") or []
            following = page.get("next_page")
            url, params = (following, None) if isinstance(following, str) else (None, None)
        return comments, users

    def converted(self, ticket_id: str) -> dict[str, Any]:
        """The ticket in trustdesk's input format (the Zendesk reader's mapping)."""
        ticket, users = self.ticket(ticket_id)
        return self.convert(ticket, users)

    @staticmethod
    def convert(ticket: Mapping[str, Any], users: list[Any]) -> dict[str, Any]:
        # Through the reader's own door: a tickets page with its users sideloaded.
        for _, record, context in mapper.records({"tickets": [ticket], "users": users}, "api"):
            return mapper.convert(record, context)
        raise VendorError("zendesk: no ticket to read", retryable=False)

    def add_note(self, ticket_id: str, text: str) -> None:
        """An internal note: a private comment added with Update Ticket."""
        update = {"ticket": {"comment": {"body": text, "public": False}}}
        self.call("PUT", f"/api/v2/tickets/{ticket_id}.json", json=update)

    def add_tags(self, ticket_id: str, tags: list[str]) -> None:
        """Tags added to the ticket's own (Zendesk's Add Tags endpoint: Update Ticket would
        replace them, and its additional_tags work only in bulk updates)."""
        self.call("PUT", f"/api/v2/tickets/{ticket_id}/tags.json", json={"tags": tags})

    def export_page(self, *, start_time: int | None, cursor: str | None) -> dict[str, Any]:
        """A page of the incremental ticket export (cursor-based): `tickets`, `after_cursor`,
        `end_of_stream`."""
        params: dict[str, Any] = {"cursor": cursor} if cursor else {"start_time": start_time or 0}
        answer = self.call("GET", "/api/v2/incremental/tickets/cursor.json", params=params)
        if not isinstance(answer, Mapping) or not isinstance(answer.get("tickets"), list):
            raise VendorError("zendesk: an export page without tickets", retryable=False)
        return dict(answer)
