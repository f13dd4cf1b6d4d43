"""Freshdesk's API (v2): the tickets updated since a moment, page by page (for a pull sync), each
ticket with its requester and every conversation, mapped by the Freshdesk reader, and a private
note on a ticket (for a webhook delivery's findings).

Calls sign in with the API key as the user name of HTTP basic authentication (any password).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from trustdesk.io.helpdesk_api.http import VendorClient, VendorError, note_html
from trustdesk.io.helpdesks import freshdesk as mapper

PER_PAGE = 100
# Pages of conversations a ticket is read to.
MAX_CONVERSATION_PAGES = 50


class FreshdeskClient(VendorClient):
    vendor = "freshdesk"

    def __init__(self, base_url: str, api_key: str, *, client: httpx.Client | None = None):
        auth = httpx.BasicAuth(api_key, "X")
        super().__init__(base_url, client=client, auth=auth)
        if client is not None:
            client.auth = auth

    def tickets_page(self, since: datetime, page: int) -> list[dict[str, Any]]:
        """A page of the tickets updated since `since`, least recently updated first."""
        answer = self.call(
            "GET",
            "/api/v2/tickets",
            params={
                "updated_since": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "order_by": "updated_at",
                "order_type": "asc",
                "page": page,
                "per_page": PER_PAGE,
            },
        )
        if not isinstance(answer, list):
            raise VendorError("freshdesk: a tickets page that is not a list", retryable=False)
        return [t for t in answer if isinstance(t, dict)]

    def ticket(self, ticket_id: str) -> dict[str, Any]:
        """The ticket with its requester and all its conversations (the API's own shape)."""
        answer = self.call("GET", f"/api/v2/tickets/{ticket_id}", params={"include": "requester"})
        if not isinstance(answer, Mapping):
            raise VendorError(f"freshdesk: ticket {ticket_id} is not an object", retryable=False)
        conversations: list[Any] = []
        for page in range(1, MAX_CONVERSATION_PAGES + 1):
            batch = self.call(
                "GET",
                f"/api/v2/tickets/{ticket_id}/conversations",
                params={"page": page, "per_page": PER_PAGE},
            )
            if not isinstance(batch, list) or not batch:
                break
            conversations += batch
            if len(batch) < PER_PAGE:
                break
        return {**answer, "conversations": conversations}

    def converted(self, ticket_id: str) -> dict[str, Any]:
        """The ticket in trustdesk's input format (the Freshdesk reader's mapping)."""
        return self.convert(self.ticket(ticket_id))

    @staticmethod
    def convert(ticket: Mapping[str, Any]) -> dict[str, Any]:
        for _, record, context in mapper.records([ticket], "api"):
            return mapper.convert(record, context)
        raise VendorError("freshdesk: no ticket to read", retryable=False)

    def post_note(self, ticket_id: str, text: str) -> None:
        """A private note (agents see it, the requester does not): Create a Note, whose body
        is HTML, so each line is a paragraph."""
        note = {"body": note_html(text), "private": True}
        self.call("POST", f"/api/v2/tickets/{ticket_id}/notes", json=note)
