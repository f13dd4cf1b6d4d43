"""Secrets a customer typed are removed before their message is stored.

Customers paste card numbers and passwords into chats. Keeping them would turn the desk into
a store of secrets; the validated detector (Luhn for cards, keyword-anchored codes and
passwords, checksummed ID numbers) finds them and each is replaced by a plain marker.
E-mail addresses and phone numbers are how the desk reaches the customer: they are kept.

The findings an import stores were judged on the text as the customer wrote it (so a reply
that repeats a customer's password is still caught), then follow the same redaction: a
finding on a redacted message has its span moved onto the redacted text (its quote is still
the stored text between its offsets), and no quote, explanation, suggestion or data value
keeps a secret that was cut out of any message of the conversation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from trustdesk.model import Conversation, Finding, Role
from trustdesk.text.sensitive import SensitiveItem, SensitiveKind, find_sensitive

MARKERS: dict[SensitiveKind, str] = {
    "card": "[card number removed]",
    "cvv": "[security code removed]",
    "otp": "[one-time code removed]",
    "password": "[password removed]",
    "national_id": "[ID number removed]",
    "iban": "[bank account number removed]",
    "bank_account": "[bank account number removed]",
}
PIN_MARKER = "[PIN removed]"
# Shorter values (a 3-digit code) are scrubbed only where the detector finds them in context.
MIN_LITERAL_CHARS = 4


class Redacted(NamedTuple):
    text: str
    # The kinds removed, in order of appearance (for the record; never the values).
    kinds: list[str]


@dataclass(frozen=True, slots=True)
class Cut:
    """One secret cut out of a text: where it was, and where its marker now stands."""

    start: int
    end: int
    at: int
    marker: str
    item: SensitiveItem


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    kinds: list[str]
    cuts: tuple[Cut, ...] = ()

    def position(self, offset: int, *, end: bool) -> int:
        """Where `offset` of the original text lands in the redacted one; an offset inside a
        secret moves to the start of its marker (a span's start) or its end (a span's end)."""
        shift = 0
        for cut in self.cuts:
            if offset < cut.start or (end and offset == cut.start):
                break
            if offset < cut.end or (end and offset == cut.end):
                return cut.at + len(cut.marker) if end else cut.at
            shift += len(cut.marker) - (cut.end - cut.start)
        return offset + shift


def _marker(item: SensitiveItem) -> str | None:
    if item.kind == "password" and item.detail == "pin":
        return PIN_MARKER
    return MARKERS.get(item.kind)


def redact(text: str) -> Redaction:
    """`text` with every secret replaced by its marker, and where each one was."""
    pieces: list[str] = []
    kinds: list[str] = []
    cuts: list[Cut] = []
    position = length = 0
    # Contacts are kept, so they need not be looked for.
    for item in find_sensitive(text, contacts=False):
        marker = _marker(item)
        if marker is None:
            continue
        kept = text[position : item.start]
        pieces += [kept, marker]
        cuts.append(Cut(item.start, item.end, length + len(kept), marker, item))
        length += len(kept) + len(marker)
        kinds.append("pin" if item.detail == "pin" else item.kind)
        position = item.end
    if not cuts:
        return Redaction(text, [])
    pieces.append(text[position:])
    return Redaction("".join(pieces), kinds, tuple(cuts))


def redact_secrets(text: str) -> Redacted:
    redaction = redact(text)
    return Redacted(redaction.text, redaction.kinds)


class Scrubber:
    """Takes the secrets cut out of some texts out of any other text: every copy of each one
    (as written, and normalised: a card's digits), then whatever the detector finds."""

    def __init__(self, cuts: Iterable[Cut]) -> None:
        markers: dict[str, str] = {}
        for cut in cuts:
            for value in (cut.item.text, cut.item.value):
                if len(value) >= MIN_LITERAL_CHARS:
                    markers.setdefault(value, cut.marker)
        self._markers = markers
        self._pattern = (
            re.compile(
                r"(?<![^\W_])(?:"
                + "|".join(re.escape(v) for v in sorted(markers, key=len, reverse=True))
                + r")(?![^\W_])"
            )
            if markers
            else None
        )

    def text(self, value: str) -> str:
        if self._pattern is not None:
            value = self._pattern.sub(lambda m: self._markers[m.group()], value)
        return _redacted_text(value)

    def value(self, value: Any) -> Any:
        """A JSON-like value with every string scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value


# Findings of the same kind repeat their explanations and fixes word for word.
@functools.lru_cache(maxsize=4096)
def _redacted_text(value: str) -> str:
    return redact(value).text


class ConversationRedaction:
    """A conversation's customer messages redacted, and its findings to match."""

    def __init__(self, conversation: Conversation, *, enabled: bool = True) -> None:
        self.messages: dict[str, Redaction] = {
            message.id: redact(message.text)
            for message in conversation.messages
            if enabled and message.role is Role.CUSTOMER
        }
        self._scrubber = Scrubber(c for r in self.messages.values() for c in r.cuts)

    def text(self, message_id: str, text: str) -> Redacted:
        redaction = self.messages.get(message_id)
        return Redacted(redaction.text, redaction.kinds) if redaction else Redacted(text, [])

    def findings(self, findings: Iterable[Finding]) -> dict[str, list[dict[str, Any]]]:
        """Each message's findings as stored: moved onto redacted text, secrets scrubbed."""
        stored: dict[str, list[dict[str, Any]]] = {}
        for finding in findings:
            data = finding.to_dict()
            data.pop("conversation_id", None)
            redaction = self.messages.get(finding.message_id)
            if redaction is not None and redaction.cuts:
                start = redaction.position(finding.start, end=False)
                end = max(start, redaction.position(finding.end, end=True))
                data.update(start=start, end=end, quote=redaction.text[start:end])
            for field in ("explanation", "suggestion", "data"):
                if data.get(field) is not None:
                    data[field] = self._scrubber.value(data[field])
            stored.setdefault(finding.message_id, []).append(data)
        return stored
