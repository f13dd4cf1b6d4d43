"""The obvious PII-only scanner: the yardstick for the full audit's speed (#19).

What anyone would write to screen support messages for personal data and nothing else: four
compiled regular expressions (e-mail address, phone number, payment card number, IBAN), each
run with `finditer` over the message, a Luhn check on the card candidates and the mod-97 check
on the IBAN candidates. No language identification, no sentiment, no policy: the audit with
every check on is measured against this, on the same messages in the same run, and the issue's
target is that the audit runs at half this scanner's rate or better.

It is a baseline for speed, not for quality: trustdesk's own sensitive-data finder, and
Presidio's, are compared for what they find in evals/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

PiiKind = Literal["email", "phone", "card", "iban"]

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An optional +, then digits in groups split by spaces, dots, dashes or a bracketed area code.
PHONE = re.compile(r"(?<![\w#+-])\+?\(?\d(?:[\d .()-]*\d)?(?![\w-])")
PHONE_DIGITS = range(7, 16)  # E.164 allows at most 15 digits; shorter runs are other numbers
# 13 to 19 digits, in groups split by single spaces or dashes.
CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
# Country code, check digits, then up to 30 letters and digits, in groups of four or not.
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")


class PiiMatch(NamedTuple):
    kind: PiiKind
    start: int
    end: int


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn checksum that payment card numbers carry."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def iban_valid(compact: str) -> bool:
    """True when an IBAN without spaces passes its ISO 13616 mod-97 check."""
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _only_digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def scan(text: str) -> Iterator[PiiMatch]:
    """Every e-mail address, Luhn-valid card number, valid IBAN and phone number in `text`."""
    for match in EMAIL.finditer(text):
        yield PiiMatch("email", match.start(), match.end())
    taken: list[tuple[int, int]] = []
    for match in CARD.finditer(text):
        if luhn_valid(_only_digits(match.group())):
            taken.append(match.span())
            yield PiiMatch("card", match.start(), match.end())
    for match in IBAN.finditer(text):
        if iban_valid(match.group().replace(" ", "")):
            taken.append(match.span())
            yield PiiMatch("iban", match.start(), match.end())
    for match in PHONE.finditer(text):
        # Card numbers and IBANs are runs of digits too; each is reported once, as itself.
        start, end = match.span()
        if len(_only_digits(match.group())) in PHONE_DIGITS and not any(
            start < taken_end and taken_start < end for taken_start, taken_end in taken
        ):
            yield PiiMatch("phone", start, end)
