"""Secrets a customer typed are removed before their message is stored.

Customers paste card numbers and passwords into chats. Keeping them would turn the desk into
a store of secrets; the validated detector (Luhn for cards, keyword-anchored codes and
passwords, checksummed ID numbers) finds them and each is replaced by a plain marker.
E-mail addresses and phone numbers are how the desk reaches the customer: they are kept.
"""

from __future__ import annotations

from typing import NamedTuple

from trustdesk.text.sensitive import SensitiveKind, find_sensitive

MARKERS: dict[SensitiveKind, str] = {
    "card": "[card number removed]",
    "cvv": "[security code removed]",
    "otp": "[one-time code removed]",
    "password": "[password removed]",
    "national_id": "[ID number removed]",
    "iban": "[bank account number removed]",
}


class Redacted(NamedTuple):
    text: str
    # The kinds removed, in order of appearance (for the record; never the values).
    kinds: list[str]


def redact_secrets(text: str) -> Redacted:
    pieces: list[str] = []
    kinds: list[str] = []
    position = 0
    for item in find_sensitive(text):
        marker = MARKERS.get(item.kind)
        if marker is None:
            continue
        if item.kind == "password" and item.detail == "pin":
            marker = "[PIN removed]"
        pieces.append(text[position : item.start])
        pieces.append(marker)
        kinds.append("pin" if item.detail == "pin" else item.kind)
        position = item.end
    if not kinds:
        return Redacted(text, [])
    pieces.append(text[position:])
    return Redacted("".join(pieces), kinds)
