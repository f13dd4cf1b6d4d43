"""Payment card numbers: Luhn-valid, with a real brand's prefix and length, or introduced by a
word for a card ("card number …", "cc …", "my visa …") when the brand's ranges do not fit."""

from __future__ import annotations

import re
from collections.abc import Iterator

from trustdesk.text.sensitive.items import SensitiveItem

_CARD = re.compile(r"(?<![\w+\-/.,])\d(?:[ \-]?\d){11,18}(?![\w\-]|[.,]\d)")
_CARD_SEPARATORS = re.compile(r"[ \-]")
# A word for a card just before the number: "card number", "cc", "my visa", "credit card?".
_CARD_WORD = re.compile(
    r"\b(?:card|cc|visa|master ?card|amex|american express|discover|maestro|jcb|diners|"
    r"union ?pay)\b(?:\s+(?:number|no\.?|num|#|is|was|ending))*[\s:#=?.,\-]{0,4}$",
    re.IGNORECASE,
)
# How far before a number its card word may stand.
CARD_WORD_REACH = 40

# (brand, prefixes as (digits, low, high), allowed lengths), tried in order.
_BRANDS: tuple[tuple[str, tuple[tuple[int, int, int], ...], frozenset[int]], ...] = (
    ("amex", ((2, 34, 34), (2, 37, 37)), frozenset({15})),
    ("visa", ((1, 4, 4),), frozenset({13, 16, 19})),
    ("mastercard", ((2, 51, 55), (4, 2221, 2720)), frozenset({16})),
    ("mir", ((4, 2200, 2204),), frozenset(range(16, 20))),
    (
        "discover",
        ((4, 6011, 6011), (3, 644, 649), (2, 65, 65), (6, 622126, 622925)),
        frozenset(range(16, 20)),
    ),
    ("jcb", ((4, 3528, 3589),), frozenset(range(16, 20))),
    ("jcb", ((4, 2131, 2131), (4, 1800, 1800)), frozenset({15})),
    ("diners", ((3, 300, 305), (2, 36, 36), (2, 38, 39)), frozenset(range(14, 20))),
    ("unionpay", ((2, 62, 62),), frozenset(range(16, 20))),
    ("rupay", ((2, 60, 60), (2, 81, 82), (3, 508, 508)), frozenset({16})),
    ("maestro", ((2, 50, 50), (2, 56, 69)), frozenset(range(12, 20))),
)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_brand(digits: str) -> str | None:
    """The brand whose issuer prefixes and lengths fit `digits`, if any."""
    for brand, prefixes, lengths in _BRANDS:
        if len(digits) not in lengths:
            continue
        for width, low, high in prefixes:
            if low <= int(digits[:width]) <= high:
                return brand
    return None


def cards(text: str) -> Iterator[SensitiveItem]:
    for match in _CARD.finditer(text):
        raw = match.group()
        groups = _CARD_SEPARATORS.split(raw)
        # Card numbers are printed in groups of 3-6 digits; "1 2 3 4 …" is a list, not a card.
        if len(groups) > 1 and (len(groups) > 5 or min(len(g) for g in groups[:-1]) < 3):
            continue
        digits = "".join(groups)
        if not luhn_valid(digits):
            continue
        brand = card_brand(digits)
        if brand is None:
            # Issuers outside the published ranges (and test generators) exist: a Luhn-valid
            # number the customer calls a card is one.
            before = text[max(0, match.start() - CARD_WORD_REACH) : match.start()]
            if not _CARD_WORD.search(before):
                continue
            brand = "unknown"
        yield SensitiveItem("card", match.start(), match.end(), raw, brand, digits)
