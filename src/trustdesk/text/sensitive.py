"""Sensitive data in text, validated rather than guessed from digits.

`find_sensitive(text)` finds:

- payment card numbers: 12-19 digits (optionally grouped by spaces or dashes), Luhn-valid, with
  an issuer prefix and a length that a real card brand uses (12-digit numbers only for Maestro);
- IBANs: checked with python-stdnum (country format and the mod-97 check digits);
- phone numbers: `phonenumbers.PhoneNumberMatcher` at leniency VALID, run only around runs of
  at least seven digits, in the default regions `DEFAULT_PHONE_REGIONS` (numbers written with
  a "+" country code are found whatever the region);
- e-mail addresses;
- national IDs with a check that random digits rarely pass and a shape that nothing else in a
  support conversation has: US SSN (written 123-45-6789, or nine digits after "SSN"; the
  ranges never issued are excluded), UK National Insurance number (upper case), Spanish
  DNI/NIE (check letter), Italian codice fiscale (check letter) and Brazilian CPF (written
  123.456.789-09, two check digits). Bare 9-11 digit IDs (Canadian SIN, Dutch BSN, …) are
  left out: without a keyword they cannot be told from phone or order numbers;
- card security codes, one-time codes, PINs and passwords, only when a keyword introduces
  them ("CVV 123", "the code is 482913", "my password is hunter2").

Each item carries the text span of the data itself, a `detail` (card brand, phone region, ID
type, …) and a normalised `value` so the same number written two ways compares equal.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

SensitiveKind = Literal["card", "iban", "phone", "email", "national_id", "cvv", "otp", "password"]

# Regions for numbers written without a country code.
DEFAULT_PHONE_REGIONS: tuple[str, ...] = ("US", "GB")
# At most this many places in one text are tried as phone numbers (bounds hostile input).
MAX_PHONE_WINDOWS = 256


@dataclass(frozen=True, slots=True)
class SensitiveItem:
    kind: SensitiveKind
    start: int
    end: int
    text: str
    # Card brand, IBAN country, phone region, ID type ("us_ssn"), "pin" for a PIN.
    detail: str = ""
    # Digits of a card, compact upper-case IBAN, E.164 phone, lower-case e-mail, …
    value: str = ""


# When two items overlap, the more specific one wins (a card number is not also a phone).
_PRIORITY: dict[str, int] = {
    "card": 0,
    "iban": 0,
    "national_id": 1,
    "cvv": 2,
    "otp": 2,
    "password": 2,
    "email": 3,
    "phone": 4,
}

_DIGIT = re.compile(r"\d")

# --- payment cards ---------------------------------------------------------------------------

_CARD = re.compile(r"(?<![\w+\-/.,])\d(?:[ \-]?\d){11,18}(?![\w\-]|[.,]\d)")
_CARD_SEPARATORS = re.compile(r"[ \-]")

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


def _cards(text: str) -> Iterator[SensitiveItem]:
    for match in _CARD.finditer(text):
        raw = match.group()
        groups = _CARD_SEPARATORS.split(raw)
        # Card numbers are printed in groups of 3-6 digits; "1 2 3 4 …" is a list, not a card.
        if len(groups) > 1 and (len(groups) > 5 or min(len(g) for g in groups[:-1]) < 3):
            continue
        digits = "".join(groups)
        brand = card_brand(digits)
        if brand is not None and luhn_valid(digits):
            yield SensitiveItem("card", match.start(), match.end(), raw, brand, digits)


# --- IBANs -----------------------------------------------------------------------------------

_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,32}")


def _mod97_ok(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    try:
        number = "".join(str(int(char, 36)) for char in rearranged)
    except ValueError:
        return False
    return int(number) % 97 == 1


@functools.cache
def _stdnum(module: str) -> Any:
    # python-stdnum takes ~60 ms to import, so load it on the first candidate, not at import.
    import importlib

    return importlib.import_module(f"stdnum.{module}")


def _ibans(text: str) -> Iterator[SensitiveItem]:
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
            if _stdnum("iban").is_valid(compact):
                yield SensitiveItem("iban", match.start(), end, candidate, compact[:2], compact)
                break


# --- phone numbers ---------------------------------------------------------------------------

_PHONE_RUN = re.compile(r"\+?\(?\d(?:[ \t().\-/]{0,3}\d){6,}")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# A window holds at most this much of a run of digits: longer runs are tables, not phones.
MAX_RUN_CHARS = 48
# Neighbouring windows merge up to this length; beyond it they overlap instead.
MAX_WINDOW_CHARS = 160

Window = tuple[int, int, list[tuple[int, int]]]  # start, end, the digit runs inside


def _phone_windows(
    text: str, runs: list[re.Match[str]], taken: list[tuple[int, int]]
) -> list[Window]:
    """Whole-token windows around the runs of 7+ digits that no card, IBAN or ID explains."""
    windows: list[Window] = []
    for match in runs:
        run = (match.start(), min(match.end(), match.start() + MAX_RUN_CHARS))
        index = bisect.bisect_right(taken, (run[0], len(text))) - 1
        if index >= 0 and taken[index][1] >= run[1]:
            continue  # already a card number, IBAN or ID
        start = max(0, run[0] - 12)
        space = text.rfind(" ", start, run[0])
        start = space + 1 if space >= 0 else start
        end = min(len(text), run[1] + 16)
        space = text.find(" ", run[1], end)
        end = space if space >= 0 else end
        if windows and start <= windows[-1][1] and end - windows[-1][0] <= MAX_WINDOW_CHARS:
            windows[-1][2].append(run)
            windows[-1] = (windows[-1][0], end, windows[-1][2])
        elif len(windows) == MAX_PHONE_WINDOWS:
            break
        else:
            windows.append((start, end, [run]))
    return windows


def _regions_for(
    text: str, runs: list[tuple[int, int]], regions: tuple[str, ...]
) -> tuple[str, ...]:
    """The regions worth trying: matching a number in the wrong region is the slow part."""
    leads = {text[start : start + 2].lstrip("(")[:1] for start, _ in runs}
    if leads == {"+"}:
        return regions[:1]  # an international number reads the same from any region
    if leads <= {"+", "0"}:
        # North American numbers never start with 0.
        import phonenumbers

        outside = tuple(r for r in regions if phonenumbers.country_code_for_region(r) != 1)
        return outside or regions
    return regions


def _phones(
    text: str, runs: list[re.Match[str]], taken: list[tuple[int, int]], regions: tuple[str, ...]
) -> Iterator[SensitiveItem]:
    seen: set[tuple[int, int]] = set()
    for start, end, window_runs in _phone_windows(text, runs, taken):
        piece = text[start:end]
        spans: list[tuple[int, int]] = []
        for region in _regions_for(text, window_runs, regions):
            for found_start, found_end, raw, number_region, e164 in _match_phones(piece, region):
                span = (start + found_start, start + found_end)
                spans.append(span)
                if span in seen or _IPV4.fullmatch(raw):
                    continue
                seen.add(span)
                yield SensitiveItem("phone", span[0], span[1], raw, number_region, e164)
            # Once every run in the window is a number, other regions have nothing to add.
            if all(any(s < e2 and s2 < e for s2, e2 in spans) for s, e in window_runs):
                break


@functools.lru_cache(maxsize=4096)
def _match_phones(piece: str, region: str) -> tuple[tuple[int, int, str, str, str], ...]:
    """(start, end, raw text, region, E.164) of each valid number in a short window.

    Cached: a conversation's history is checked again with every new draft, and matching is
    the slowest step of finding sensitive data.
    """
    import phonenumbers

    found = []
    for match in phonenumbers.PhoneNumberMatcher(
        piece, region, leniency=phonenumbers.Leniency.VALID
    ):
        number = match.number
        found.append(
            (
                match.start,
                match.end,
                match.raw_string,
                phonenumbers.region_code_for_number(number) or "",
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            )
        )
    return tuple(found)


# --- e-mail addresses ------------------------------------------------------------------------

_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-_'")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_LOCAL = re.compile(r"[A-Za-z0-9%+\-_'](?:[A-Za-z0-9%+\-_'.]{0,62}[A-Za-z0-9%+\-_'])?")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}")


def _emails(text: str) -> Iterator[SensitiveItem]:
    # Expand around each "@" instead of scanning with one regex: a single e-mail regex
    # backtracks quadratically on long runs of local-part characters.
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and at - start < 64 and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        end = at + 1
        while end < len(text) and end - at < 254 and text[end] in _DOMAIN_CHARS:
            end += 1
        while start < at and text[start] in ".'":
            start += 1
        while end > at + 1 and text[end - 1] in ".-":
            end -= 1
        local, domain = text[start:at], text[at + 1 : end]
        if (
            local
            and ".." not in local
            and ".." not in domain
            and _LOCAL.fullmatch(local)
            and _DOMAIN.fullmatch(domain)
        ):
            address = text[start:end]
            yield SensitiveItem("email", start, end, address, domain.lower(), address.lower())
        at = text.find("@", at + 1)


# --- national IDs ----------------------------------------------------------------------------

_SSN = re.compile(r"(?<![\w\-])\d{3}([- ])\d{2}\1\d{4}(?![\w\-])")
_SSN_KEYWORD = re.compile(
    r"\b(?:ssn|social security (?:number|no\.?|#))\s*(?:is|:|#)?\s*"
    r"(\d{9})\b",
    re.IGNORECASE,
)
# First letter never D, F, I, Q, U, V; second never D, F, I, O, Q, U, V; suffix A-D.
_NINO = re.compile(
    r"(?<![\w])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
    r"(?![\w])"
)
_NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_DNI = re.compile(r"(?<![\w\-])\d{8}-?[A-Z](?![\w\-])")
_NIE = re.compile(r"(?<![\w\-])[XYZ]-?\d{7}-?[A-Z](?![\w\-])")
_CODICE_FISCALE = re.compile(r"(?<![\w])[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z](?![\w])")
_CAPITAL_THEN_DIGITS = re.compile(r"[A-Z] ?\d\d")
_CPF = re.compile(r"(?<![\w.\-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w\-]|\.\d)")

_ID_FORMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (_SSN, "us_ssn", "us.ssn"),
    (_DNI, "es_dni", "es.dni"),
    (_NIE, "es_nie", "es.nie"),
    (_CPF, "br_cpf", "br.cpf"),
)


def _digit_ids(text: str, runs: list[re.Match[str]]) -> Iterator[SensitiveItem]:
    """IDs with seven or more digits in a row (SSN, DNI, NIE, CPF), searched near the runs."""
    seen: set[tuple[int, int]] = set()
    for run in runs:
        # An ID starts at most a letter before its digit run and ends two characters after;
        # "SSN is" stands up to a few words before.
        start, end = max(0, run.start() - 2), min(len(text), run.end() + 3)
        for pattern, detail, module in _ID_FORMS:
            for match in pattern.finditer(text, start, end):
                if match.span() not in seen and _stdnum(module).is_valid(match.group()):
                    seen.add(match.span())
                    yield _item("national_id", match, 0, detail)
        for match in _SSN_KEYWORD.finditer(text, max(0, run.start() - 40), end):
            if match.span(1) not in seen and _stdnum("us.ssn").is_valid(match.group(1)):
                seen.add(match.span(1))
                yield _item("national_id", match, 1, "us_ssn")


def _letter_ids(text: str) -> Iterator[SensitiveItem]:
    """IDs that mix capitals and short groups of digits: NINO, codice fiscale."""
    if not _CAPITAL_THEN_DIGITS.search(text):
        return
    for match in _NINO.finditer(text):
        if match.group()[:2] not in _NINO_NEVER:
            yield _item("national_id", match, 0, "gb_nino")
    for match in _CODICE_FISCALE.finditer(text):
        if _stdnum("it.codicefiscale").is_valid(match.group()):
            yield _item("national_id", match, 0, "it_codice_fiscale")


# --- secrets introduced by a keyword ---------------------------------------------------------

_CVV = re.compile(
    r"\b(?:cvv2?|cvc2?|csc|cvn|card (?:verification|security) (?:code|value|number)"
    r"|security code|(?:3|4|three|four)[- ]digit(?:s| code)? on the back(?: of (?:the|my|your) "
    r"card)?)(?: (?:is|was|are|number))?[\s:#=\-]{0,3}(\d{3,4})(?![\w\-])",
    re.IGNORECASE,
)
_OTP = re.compile(
    r"\b(?:one[- ]time (?:pass(?:word|code)?|code|pin)|otp|verification code|verify code"
    r"|authenti(?:cation|cator) code|auth code|2fa code|mfa code|log ?in code|sign[- ]in code"
    r"|sms code|text code|access code|(?:the|my|your|this) code(?: (?:we|you|i|they) "
    r"(?:just )?(?:sent|texted|e-?mailed|got|received)(?: (?:you|me))?)?)"
    r"(?: (?:is|was))?[\s:#=\-]{0,3}(\d{3}[ \-]\d{3}|\d{4,8})(?![\w\-])",
    re.IGNORECASE,
)
_PIN = re.compile(
    r"\b(?:pin)(?: number| code)?(?: (?:is|was))?[\s:#=\-]{1,3}(\d{4,8})(?![\w\-])", re.IGNORECASE
)
_PASSWORD = re.compile(
    r"\b(?:password|passwd|pass ?word|passcode|passphrase|pwd)(?P<sep> (?:is|was)\s*:?\s*"
    r"|\s*[:=]\s*| (?:to|as) | )(?P<quote>[\"'“‘]?)(?P<token>[^\s\"'“”‘’]{1,64})",
    re.IGNORECASE,
)
_TRAILING_PUNCT = ".,;:!?)]}"
# Words that follow "password is" when the password itself is not given.
_NOT_PASSWORD_WORDS = (
    "a an the not no now still also too very so being been incorrect wrong correct right "
    "invalid valid expired locked reset changed required needed missing empty blank weak "
    "strong secure safe fine ok okay same different case-sensitive sensitive long short new "
    "old temporary saved stored encrypted hidden visible working accepted rejected updated "
    "sent above below here there mine yours your my our their his her its this that what "
    "which unknown forgotten lost stolen compromised hacked broken useless simple complicated "
    "hard easy set unchanged please pending active inactive forgot"
)
_NOT_PASSWORDS = frozenset(_NOT_PASSWORD_WORDS.split())
# Every keyword that introduces a card security code, one-time code or PIN holds one of these.
_CODE_KEYWORDS = ("cv", "csc", "code", "digit", "otp", "pin", "pass")
_MASK_CHARS = "*•●·xX#._-"
_WORDLIKE_SUFFIXES = ("ed", "ing", "ly", "ble", "ive", "ful", "ous", "ent", "ant", "less")


def _codes(text: str) -> Iterator[SensitiveItem]:
    for match in _CVV.finditer(text):
        yield _item("cvv", match, 1, "cvv")
    for match in _OTP.finditer(text):
        yield _item("otp", match, 1, "otp")
    for match in _PIN.finditer(text):
        yield _item("password", match, 1, "pin")


def _passwords(text: str) -> Iterator[SensitiveItem]:
    for match in _PASSWORD.finditer(text):
        token = match.group("token").rstrip(_TRAILING_PUNCT)
        if _looks_like_password(token, match):
            start = match.start("token")
            yield SensitiveItem("password", start, start + len(token), token, "password", token)


def _looks_like_password(token: str, match: re.Match[str]) -> bool:
    if len(token) < 4 or token.lower() in _NOT_PASSWORDS or not token.strip(_MASK_CHARS):
        return False
    plain_word = token.replace("-", "").replace("'", "").isalpha() and (
        token[1:].islower() or token.isupper()
    )
    separator = match.group("sep")
    if separator.strip().lower() in ("", "to", "as"):
        # "your password Tr0ub4dor&3", "I set my password to Marmalade#77": with no "is" or
        # ":", only a password-shaped token (the password to *your account* is no password).
        return (
            token[0].isalnum()
            and any(c.isdigit() for c in token)
            and any(c.isalpha() for c in token)
        )
    if not plain_word:
        return True  # digits, symbols or mixed case: shaped like a password
    if match.group("quote") or ":" in separator or "=" in separator:
        return True
    # "my password is hunter." - a bare word that ends the clause and is not an adjective.
    after = match.string[match.start("token") + len(token) :].lstrip()
    return after[:1] in ("", ".", ",", ";", "!", "?") and not token.lower().endswith(
        _WORDLIKE_SUFFIXES
    )


def _item(kind: SensitiveKind, match: re.Match[str], group: int, detail: str) -> SensitiveItem:
    start, end = match.span(group)
    value = match.group(group)
    compact = "".join(char for char in value if char.isalnum()).upper()
    return SensitiveItem(kind, start, end, value, detail, compact)


# --- all together ----------------------------------------------------------------------------


def find_sensitive(
    text: str, *, phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS
) -> list[SensitiveItem]:
    """Validated sensitive data in `text`, ordered by position, without overlaps."""
    if not text:
        return []
    lower = text.lower()
    found: list[SensitiveItem] = []
    if "pass" in lower or "pwd" in lower:
        found.extend(_passwords(text))
    if "@" in text:
        found.extend(_emails(text))
    if _DIGIT.search(text):
        if any(keyword in lower for keyword in _CODE_KEYWORDS):
            found.extend(_codes(text))
        found.extend(_letter_ids(text))
        # Cards, IBANs, most IDs and phones all hold a run of seven or more digits.
        runs = list(_PHONE_RUN.finditer(text))
        if runs:
            found.extend(_cards(text))
            found.extend(_ibans(text))
            found.extend(_digit_ids(text, runs))
            taken = sorted((i.start, i.end) for i in found if _PRIORITY[i.kind] < 2)
            found.extend(_phones(text, runs, taken, phone_regions))
    if len(found) < 2:
        return found
    # Keep the most specific item where two overlap; `kept` stays sorted and disjoint.
    kept: list[tuple[int, int, SensitiveItem]] = []
    for item in sorted(found, key=lambda i: (_PRIORITY[i.kind], i.start, -i.end)):
        index = bisect.bisect_left(kept, (item.start, item.end), key=lambda k: (k[0], k[1]))
        before_ok = index == 0 or kept[index - 1][1] <= item.start
        after_ok = index == len(kept) or item.end <= kept[index][0]
        if before_ok and after_ok:
            kept.insert(index, (item.start, item.end, item))
    return [item for _, _, item in kept]
