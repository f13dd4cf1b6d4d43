"""Secrets a customer typed are removed before their message is stored.

Customers paste card numbers and passwords into chats. Keeping them would turn the desk into
a store of secrets; the validated detector (Luhn for cards, keyword-anchored codes and
passwords, checksummed ID numbers) finds them and each is replaced by a plain marker.
E-mail addresses and phone numbers are how the desk reaches the customer: they are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

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
    for item in find_sensitive(text):
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
