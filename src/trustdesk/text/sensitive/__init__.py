"""Sensitive data in text, validated rather than guessed from digits.

`find_sensitive(text)` finds:

- payment card numbers: 12-19 digits (optionally grouped by spaces or dashes), Luhn-valid,
  with an issuer prefix and a length that a real card brand uses, or called a card by the
  words just before them (`cards`);
- bank details: IBANs (python-stdnum: country format and mod-97 check digits), and after their
  keyword a UK sort code, an Australian BSB, a US routing number (check digit) and an account
  number with bank words near it (`banks`);
- national ID numbers: those with an unmistakable written shape anywhere, the others after
  their name, each validated by python-stdnum where a check digit exists (`ids`);
- passwords, PINs, card security codes and one-time codes, only when a keyword introduces them
  ("my password is hunter2", "pass Sunflower2024", "CVV 123", "the code is 482913")
  (`credentials`);
- phone numbers (python-phonenumbers, leniency VALID, default regions `DEFAULT_PHONE_REGIONS`;
  numbers written with a "+" country code are found whatever the region) and e-mail addresses
  (`contacts`).

Each item carries the text span of the data itself, a `detail` (card brand, phone region, ID
type, …) and a normalised `value` so the same number written two ways compares equal. The
phrases that introduce secrets are data: the `sensitive.*` entries of
`data/lexicons/privacy.yaml`, read on the first text that needs them.
"""

from __future__ import annotations

import bisect
import re

from trustdesk.text.gated import GatedPattern
from trustdesk.text.sensitive.banks import bank_accounts, ibans
from trustdesk.text.sensitive.cards import card_brand, cards, luhn_valid
from trustdesk.text.sensitive.codes import CODE_TRIGGERS, codes
from trustdesk.text.sensitive.contacts import (
    DEFAULT_PHONE_REGIONS,
    MAX_PHONE_WINDOWS,
    PHONE_RUN,
    emails,
    phones,
)
from trustdesk.text.sensitive.credentials import PASSWORD_TRIGGERS, passwords
from trustdesk.text.sensitive.ids import digit_ids, letter_ids, named_ids
from trustdesk.text.sensitive.items import PRIORITY, SensitiveItem, SensitiveKind

__all__ = [
    "DEFAULT_PHONE_REGIONS",
    "MAX_PHONE_WINDOWS",
    "SensitiveItem",
    "SensitiveKind",
    "card_brand",
    "find_sensitive",
    "luhn_valid",
]

_DIGIT = re.compile(r"\d")
# Most texts with a digit hold no run of seven: RE2 says so in one pass.
_PHONE_RUNS = GatedPattern(PHONE_RUN.pattern)


def find_sensitive(
    text: str, *, phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS, contacts: bool = True
) -> list[SensitiveItem]:
    """Validated sensitive data in `text`, ordered by position, without overlaps.

    `contacts=False` leaves out e-mail addresses and phone numbers (the costliest to find):
    every other kind wins where it overlaps them, so the rest is the same either way."""
    if not text:
        return []
    lower = text.lower()
    found: list[SensitiveItem] = []
    if any(keyword in lower for keyword in PASSWORD_TRIGGERS):
        found.extend(passwords(text, lower))
    if contacts and "@" in text:
        found.extend(emails(text))
    if _DIGIT.search(text):
        if any(keyword in lower for keyword in CODE_TRIGGERS):
            found.extend(codes(text, lower))
        found.extend(letter_ids(text))
        found.extend(named_ids(text, lower))
        found.extend(bank_accounts(text, lower))
        # Cards, IBANs, most IDs and phones all hold a run of seven or more digits.
        runs = list(_PHONE_RUNS.finditer(text))
        if runs:
            found.extend(cards(text))
            found.extend(ibans(text))
            found.extend(digit_ids(text, runs))
            if contacts:
                taken = sorted((i.start, i.end) for i in found if PRIORITY[i.kind] < 2)
                found.extend(phones(text, runs, taken, phone_regions))
    if len(found) < 2:
        return found
    # Keep the most specific item where two overlap; `kept` stays sorted and disjoint.
    kept: list[tuple[int, int, SensitiveItem]] = []
    for item in sorted(found, key=lambda i: (PRIORITY[i.kind], i.start, -i.end)):
        index = bisect.bisect_left(kept, (item.start, item.end), key=lambda k: (k[0], k[1]))
        before_ok = index == 0 or kept[index - 1][1] <= item.start
        after_ok = index == len(kept) or item.end <= kept[index][0]
        if before_ok and after_ok:
            kept.insert(index, (item.start, item.end, item))
    return [item for _, _, item in kept]
