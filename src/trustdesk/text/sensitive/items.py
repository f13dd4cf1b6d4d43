"""What every finder of sensitive data returns, and what they share."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from trustdesk.text.gated import GatedPattern
from trustdesk.text.wordlists import WordLists, load

SensitiveKind = Literal[
    "card", "iban", "bank_account", "phone", "email", "national_id", "cvv", "otp", "password"
]


@dataclass(frozen=True, slots=True)
class SensitiveItem:
    kind: SensitiveKind
    start: int
    end: int
    text: str
    # Card brand, IBAN country, phone region, ID type ("us_ssn"), "pin" for a PIN, …
    detail: str = ""
    # Digits of a card, compact upper-case IBAN, E.164 phone, lower-case e-mail, …
    value: str = ""


# When two items overlap, the more specific one wins (a card number is not also a phone).
PRIORITY: dict[str, int] = {
    "card": 0,
    "iban": 0,
    "national_id": 1,
    "bank_account": 1,
    "cvv": 2,
    "otp": 2,
    "password": 2,
    "email": 3,
    "phone": 4,
}


def item(
    kind: SensitiveKind,
    match: re.Match[str],
    group: int | str,
    detail: str,
    text: str | None = None,
) -> SensitiveItem:
    """The item for one group of a match (made in `text`, when the match was made in a
    lower-cased copy), its value the letters and digits in upper case."""
    start, end = match.span(group)
    value = (match.string if text is None else text)[start:end]
    compact = "".join(char for char in value if char.isalnum()).upper()
    return SensitiveItem(kind, start, end, value, detail, compact)


@functools.cache
def stdnum(module: str) -> Any:
    # python-stdnum takes ~60 ms to import, so load it on the first candidate, not at import.
    import importlib

    return importlib.import_module(f"stdnum.{module}")


@functools.cache
def words() -> WordLists:
    """The phrases that introduce secrets (data/lexicons/privacy.yaml), read on first use."""
    return load("privacy")


@functools.cache
def pattern(name: str) -> re.Pattern[str]:
    """The pattern `sensitive.<name>` of privacy.yaml, compiled case-insensitively."""
    return re.compile(words().pattern(f"sensitive.{name}"), re.IGNORECASE)


@functools.cache
def lowercase_pattern(source: str) -> re.Pattern[str]:
    """`source` for lower-cased text: with no IGNORECASE and a look-behind instead of a
    leading `\\b`, Python's matcher skips most positions several times faster."""
    if source.startswith("\\b"):
        source = "(?<!\\w)" + source[2:]
    return re.compile(source)


def scan(source: str, text: str, lower: str) -> Iterator[re.Match[str]]:
    """Matches of `source` (lower-case words) in `text`, found in its lower-cased copy; take
    what a match holds from `text` by its offsets. When lower-casing changes the length (rare
    Unicode), the text itself is matched case-insensitively instead."""
    if len(lower) == len(text):
        return gated_lowercase(source).finditer(lower)
    return re.compile(source, re.IGNORECASE).finditer(text)


def scan_named(name: str, text: str, lower: str) -> Iterator[re.Match[str]]:
    """`scan` with the pattern `sensitive.<name>` of privacy.yaml."""
    if len(lower) == len(text):
        return gated_lowercase(words().pattern(f"sensitive.{name}")).finditer(lower)
    return pattern(name).finditer(text)


@functools.cache
def gated_lowercase(source: str) -> GatedPattern:
    """`lowercase_pattern(source)` behind an RE2 gate: most texts hold no secret of a kind, and
    the gate says so in one linear pass."""
    # The look-behind's gate: the start of the text or a character RE2 calls no word
    # character, which holds wherever Python's look-behind does, in plain and wider text.
    gate = "(?:\\A|\\W)" + source[2:] if source.startswith("\\b") else None
    return GatedPattern(lowercase_pattern(source).pattern, gate=gate)
