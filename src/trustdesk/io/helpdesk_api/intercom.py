"""Intercom's REST API, for a pull sync: the conversations updated since a moment (the search
endpoint, a page at a time, by its `starting_after` cursor), and each conversation with its
parts, mapped by the Intercom reader.

Calls sign in with an access token (HTTP bearer).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from trustdesk.io.helpdesk_api.http import VendorClient, VendorError, note_html
from trustdesk.io.helpdesks import intercom as mapper

PER_PAGE = 50


class IntercomClient(VendorClient):
    vendor = "intercom"

    def __init__(self, base_url: str, token: str, *, client: httpx.Client | None = None):
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        super().__init__(base_url, client=client, headers=headers)
        if client is not None:
            client.headers.update(headers)

    def search_page(self, since: datetime, cursor: str | None) -> tuple[list[Any], str | None]:
        """A page of the conversations updated after `since`, and the cursor of the next page
        (None: this was the last)."""
        pagination: dict[str, Any] = {"per_page": PER_PAGE}
        if cursor:
            pagination["starting_after"] = cursor
        body = {
            "query": {"field": "updated_at", "operator": ">", "value": int(since.timestamp())},
            "pagination": pagination,
        }
        answer = self.call("POST", "/conversations/search", json=body)
        listed = answer.get("conversations") if isinstance(answer, Mapping) else None
        if not isinstance(listed, list):
            raise VendorError("intercom: a search page without conversations", retryable=False)
        pages = answer.get("pages")
        following = pages.get("next") if isinstance(pages, Mapping) else None
        after = following.get("starting_after") if isinstance(following, Mapping) else None
        return listed, after if isinstance(after, str) and after else None

    def post_note(self, conversation_id: str, admin_id: str, text: str) -> None:
        """A note on the conversation (teammates see it, the customer does not), by the admin
        `admin_id`; the note's body is HTML, so each line is a paragraph."""
        self.call(
            "POST",
            f"/conversations/{conversation_id}/reply",
            json={
                "message_type": "note",
                "type": "admin",
                "admin_id": admin_id,
                "body": note_html(text),
            },
        )

    def converted(self, conversation_id: str) -> dict[str, Any]:
        """The conversation with its parts, in trustdesk's input format (the Intercom reader)."""
        record = self.call("GET", f"/conversations/{conversation_id}")
        for _, found, context in mapper.records(record, "api"):
            return mapper.convert(found, context)
        raise VendorError("intercom: no conversation to read", retryable=False)
