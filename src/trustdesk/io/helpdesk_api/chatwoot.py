"""Chatwoot's Application API: a conversation with all its messages, a private note, labels,
and the account's conversations page by page (for a pull sync).

Every call signs in with the `api_access_token` header (a user's or an agent bot's access
token) and acts in one account.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from trustdesk.io.helpdesk_api.http import VendorClient, VendorError
from trustdesk.io.helpdesks import chatwoot as mapper

# Chatwoot answers a page of 20 messages; a conversation is read back to this many pages.
MAX_MESSAGE_PAGES = 100


class ChatwootClient(VendorClient):
    vendor = "chatwoot"

    def __init__(
        self, base_url: str, account_id: str, token: str, *, client: httpx.Client | None = None
    ) -> None:
        super().__init__(base_url, client=client, headers={"api_access_token": token})
        if client is not None:
            client.headers["api_access_token"] = token
        self.account = f"/api/v1/accounts/{account_id}"

    def conversation(self, conversation_id: str) -> dict[str, Any]:
        """The conversation with every message, as Chatwoot's API gives them."""
        path = f"{self.account}/conversations/{conversation_id}"
        record = self.call("GET", path)
        if not isinstance(record, Mapping):
            raise VendorError(
                f"chatwoot: conversation {conversation_id} is not an object", retryable=False
            )
        messages: list[Any] = []
        before: Any = None
        for _ in range(MAX_MESSAGE_PAGES):
            params = {"before": before} if before is not None else None
            page = self.call("GET", f"{path}/messages", params=params)
            batch = page.get("payload") if isinstance(page, Mapping) else None
            if not isinstance(batch, list) or not batch:
                break
            messages = batch + messages
            ids = [m.get("id") for m in batch if isinstance(m, Mapping)]
            oldest = min((i for i in ids if isinstance(i, int)), default=None)
            if oldest is None or oldest == before:
                break
            before = oldest
        return {**record, "messages": _unique(messages)}

    def converted(self, conversation_id: str) -> dict[str, Any]:
        """The conversation in trustdesk's input format (the Chatwoot reader's mapping)."""
        return mapper.convert(self.conversation(conversation_id), {})

    def post_note(self, conversation_id: str, text: str) -> None:
        self.call(
            "POST",
            f"{self.account}/conversations/{conversation_id}/messages",
            json={"content": text, "message_type": "outgoing", "private": True},
        )

    def add_label(self, conversation_id: str, label: str) -> None:
        """Add `label`, keeping the labels the conversation has (the API sets the whole list)."""
        path = f"{self.account}/conversations/{conversation_id}/labels"
        current = self.call("GET", path)
        labels = current.get("payload") if isinstance(current, Mapping) else None
        labels = [x for x in labels if isinstance(x, str)] if isinstance(labels, list) else []
        if label not in labels:
            self.call("POST", path, json={"labels": [*labels, label]})

    def conversations_page(self, page: int) -> list[dict[str, Any]]:
        """One page of the account's conversations, every status, oldest activity first."""
        answer = self.call(
            "GET",
            f"{self.account}/conversations",
            params={"status": "all", "page": page, "sort_by": "last_activity_at_asc"},
        )
        data = answer.get("data") if isinstance(answer, Mapping) else None
        payload = data.get("payload") if isinstance(data, Mapping) else None
        if not isinstance(payload, list):
            raise VendorError(
                "chatwoot: a conversations page without data.payload", retryable=False
            )
        return [c for c in payload if isinstance(c, dict)]


def _unique(messages: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    kept = []
    for message in messages:
        key = message.get("id") if isinstance(message, Mapping) else id(message)
        if key not in seen:
            seen.add(key)
            kept.append(message)
    return kept
