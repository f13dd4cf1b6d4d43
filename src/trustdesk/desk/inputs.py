"""What a use case is given about a customer, shared by the API, the importer and the CLI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.errors import InputError, TooLargeError
from trustdesk.model import Preferences, Text

MAX_TEXT_CHARS = 200_000


class CustomerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The customer's id in the helpdesk or shop; the same id means the same customer.
    external_id: str | None = Field(default=None, min_length=1, max_length=200)
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    language: str | None = Field(default=None, max_length=35)
    segment: dict[Text, Text] = Field(default_factory=dict, max_length=50)
    preferences: Preferences = Field(default_factory=Preferences)

    def preferences_dict(self) -> dict[str, Any]:
        return self.preferences.model_dump(exclude_none=True)


def check_text(text: str, what: str = "message", limit: int = MAX_TEXT_CHARS) -> None:
    """A message must say something, and stay within `limit` characters (the desk's
    `max_message_chars` setting): a longer one is refused whole."""
    if not text.strip():
        raise InputError(f"the {what} is empty", field="text")
    if len(text) > limit:
        raise TooLargeError(
            f"the {what} has {len(text):,} characters; the limit is {limit:,}", field="text"
        )
