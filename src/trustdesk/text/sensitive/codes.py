"""PINs, card security codes and one-time codes: digits that a word for them introduces.

Four, six or eight digits are an order, a price or a year as often as a code, so each is taken
only where the words around it say what it is (the `sensitive.*` patterns of privacy.yaml):

- after the code's name and an optional copula, in any of the ways customers write it ("PIN
  4821", "my pin's 2580", "the pin on my card is 2468", "the cvc on my card is 560", "the code
  you texted me is 448 190", "the code in the text says 482019", "Code 847261 doesn't work");
- before its name ("I put in 1357 as my pin", "I was sent 8342 as the code");
- in the words of the message that brought it ("use 528391 to verify your account");
- a card's security code right after its expiry date ("… / 09/27 / 321");
- typed in or received, when a code, a text message or a refused code is spoken of near them
  ("I entered 661204, invalid code", "I got 771203 by sms");
- and the ones listed after a first ("I tried pin 4821 and also 4812").

"code" alone is anything's code: a word just before it ("error", "promo", "zip", "order", …)
makes it something else (`code_not_after`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from trustdesk.text.sensitive.items import (
    SensitiveItem,
    SensitiveKind,
    item,
    pattern,
    scan_named,
)

# Every keyword that introduces a code holds one of these (a cheap first test).
CODE_TRIGGERS = (
    "cv",
    "csc",
    "code",
    "otp",
    "one time",
    "one-time",
    "pin",
    "sec",
    "verif",
    "back",
    "digit",
    "authentic",
    "your ",
    "/",
    "got",
    "get",
    "receiv",
    "sent",
    "gave",
    "given",
    "texted",
    "mailed",
)
# How near a word about codes must stand to digits typed in or received.
CODE_REACH = 60
_OTP_WORDS = ("code", "otp", "one time", "one-time", "verif", "sec", "digit", "authentic", "your ")
_RECEIVED_WORDS = ("got", "get", "receiv", "sent", "gave", "given", "texted", "mailed")
# Further codes listed after a first one: "pin 4821 and also 4812", "882104 or 882140".
_MORE = re.compile(
    r"\s*(?:,\s*(?:(?:or|and|then)\s+)?|\s(?:or|and|then|and then)\s+)"
    r"(?:(?:also|maybe|possibly|perhaps|even|then)\s+)?(\d{4,8})(?![\w\-]|[ ]\d|[.,]\d)"
)
MAX_MORE = 3


def codes(text: str, lower: str) -> Iterator[SensitiveItem]:
    if any(word in lower for word in ("cv", "csc", "sec", "back", "digit")):
        for match in scan_named("cvv", text, lower):
            yield item("cvv", match, 1, "cvv", text)
    if "/" in text:
        card = pattern("card_near")
        for match in scan_named("cvv_after_expiry", text, lower):
            if card.search(text, max(0, match.start() - CODE_REACH), match.start()):
                yield item("cvv", match, 1, "cvv", text)
    if any(word in lower for word in _OTP_WORDS):
        yield from _one_time_codes(text, lower)
    if any(word in lower for word in _RECEIVED_WORDS):
        yield from _received_codes(text, lower)
    if "pin" in lower:
        for match in scan_named("pin", text, lower):
            found = item("password", match, 1, "pin", text)
            yield found
            yield from _more("password", "pin", text, found.end)
    if "pin" in lower or "code" in lower or "otp" in lower:
        for match in scan_named("pin_before", text, lower):
            pin = match.group("name").startswith("pin")
            yield item("password" if pin else "otp", match, 1, "pin" if pin else "otp", text)


def _one_time_codes(text: str, lower: str) -> Iterator[SensitiveItem]:
    for match in scan_named("otp", text, lower):
        found = item("otp", match, 1, "otp", text)
        yield found
        yield from _more("otp", "otp", text, found.end)
    if "code" in lower:
        not_after = pattern("code_not_after")
        for match in scan_named("otp_bare", text, lower):
            if not not_after.search(text, max(0, match.start() - 24), match.start()):
                found = item("otp", match, 1, "otp", text)
                yield found
                yield from _more("otp", "otp", text, found.end)
    for match in scan_named("otp_message", text, lower):
        yield item("otp", match, 1, "otp", text)
    near = pattern("code_near")
    for match in scan_named("otp_entered", text, lower):
        if near.search(text[max(0, match.start() - CODE_REACH) : match.end() + CODE_REACH]):
            yield item("otp", match, 1, "otp", text)


def _received_codes(text: str, lower: str) -> Iterator[SensitiveItem]:
    """Digits someone got or was sent, when the words near them speak of a code or a text
    message, and no unit follows ("I got 1500 points by email" is no code)."""
    near, units = pattern("code_received_near"), pattern("code_units")
    for match in scan_named("otp_received", text, lower):
        if units.match(text, match.end()):
            continue
        if near.search(text[max(0, match.start() - CODE_REACH) : match.end() + CODE_REACH]):
            yield item("otp", match, 1, "otp", text)


def _more(kind: SensitiveKind, detail: str, text: str, end: int) -> Iterator[SensitiveItem]:
    """The codes listed right after one found: "4821 and also 4812", "4821, 4812"."""
    for _ in range(MAX_MORE):
        match = _MORE.match(text, end)
        if match is None:
            return
        yield item(kind, match, 1, detail)
        end = match.end()
