"""Bank details: IBANs (checked with python-stdnum), and the national forms a keyword
introduces: a UK sort code, an Australian BSB, a US routing number (its check digit verified),
and an account number when bank words stand near it ("account number 0044127 with you, for
the gas bill" is a customer number, not a bank account)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from trustdesk.text.sensitive.items import SensitiveItem, item, pattern, scan_named, stdnum

_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,32}")
_SORT_CODE_SHAPE = re.compile(r"\d\d-\d\d-\d\d")
# Bank words this near an account number make it a bank account's.
BANK_CONTEXT_REACH = 80
# (pattern, the words one of which it needs, detail): most messages hold none of them.
_KEYWORD_FORMS = (
    ("sort_code", ("sort", "s/c", "s.c"), "gb_sort_code"),
    ("bsb", ("bsb",), "au_bsb"),
    ("routing", ("routing", "aba", "rtn", "transit"), "us_routing"),
    ("account", ("acc", "a/c"), "account"),
)


def _mod97_ok(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    try:
        number = "".join(str(int(char, 36)) for char in rearranged)
    except ValueError:
        return False
    return int(number) % 97 == 1


def ibans(text: str) -> Iterator[SensitiveItem]:
    for match in _IBAN.finditer(text):
        # The pattern may run into the next words; try the longest prefix ending on a group.
        pieces = match.group().split(" ")
        for count in range(len(pieces), 0, -1):
            candidate = " ".join(pieces[:count])
            compact = candidate.replace(" ", "").upper()
            if not 15 <= len(compact) <= 34 or not _mod97_ok(compact):
                continue
            end = match.start() + len(candidate)
            if end < len(text) and text[end].isalnum():
                continue
            if stdnum("iban").is_valid(compact):
                yield SensitiveItem("iban", match.start(), end, candidate, compact[:2], compact)
                break


def bank_accounts(text: str, lower: str) -> Iterator[SensitiveItem]:
    if "-" in text and _SORT_CODE_SHAPE.search(text):
        for match in scan_named("sort_and_account", text, lower):
            yield item("bank_account", match, 1, "gb_sort_code", text)
            yield item("bank_account", match, 2, "account", text)
    for name, triggers, detail in _KEYWORD_FORMS:
        if not any(trigger in lower for trigger in triggers):
            continue
        for match in scan_named(name, text, lower):
            if detail == "us_routing" and not stdnum("us.rtn").is_valid(match.group(1)):
                continue
            if detail == "account" and not _near_bank_words(text, match):
                continue
            yield item("bank_account", match, 1, detail, text)


def _near_bank_words(text: str, match: re.Match[str]) -> bool:
    near = text[max(0, match.start() - BANK_CONTEXT_REACH) : match.end() + BANK_CONTEXT_REACH]
    return pattern("bank_context").search(near) is not None
