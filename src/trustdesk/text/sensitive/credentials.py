"""Passwords: found by the words that introduce them, and judged by their shape.

Nothing tells "hunter2" from any other word except the sentence around it, so a password is
found only where a password's name introduces it (the phrases are the `sensitive.*` patterns
of privacy.yaml; the name may be misspelt: "passwrod", "paswd", "P/W"), in three grammars of
decreasing strength:

- stated: the name, an optional clause ("the password I'm using", "the password on my
  account"), a copula ("is", ":", "=", "'s", ", which is", ", it's"), an optional adverb ("now",
  "still", "either") and the token. Any word counts there unless it says something about the
  password ("is incorrect", "is case-sensitive") or, written bare, continues the sentence ("my
  password is sunflower" counts, "my password is sunflower but" does not);
- bare: a password-shaped token (letters with digits) right after the name, "to", "as", a comma
  or "should be" ("pass Sunflower2024", "I set it to Marmalade#77"), or before it ("I use
  Mango2021 as my password", "Cactus2019 is my password"), or after "the new one is" in a
  message that names a password;
- near: a strongly shaped token (six or more characters, letters with digits or symbols, not a
  date, version, unit or reference) later in the same clause, after a comma, a colon, a bracket
  or "is" ("the temporary password you emailed me (Tmp-48213-xk)", "I use the same password
  everywhere, Hummingbird1"). Words that make the name part of another noun ("password reset
  link", "password manager") rule this out.

Also the second half of a user name and password ("login is jo@example.com / Bluebird!42", "log
in with dsilva:Copper!Kettle9", "login details are janet88 and Marigold!4"), and the passwords
listed after a first ("either Otter2020 or Otter2021").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from trustdesk.text.sensitive.items import SensitiveItem, pattern, scan_named, words

# Every keyword that introduces a password holds one of these (a cheap first test).
PASSWORD_TRIGGERS = (
    "pas",
    "pw",
    "p/w",
    "memorable",
    "secret word",
    "log",
    "sign",
    "credential",
    "details",
    "user",
    "key",
)
_TRAILING_PUNCT = ".,;:!?)]}"
_LEADING_PUNCT = "([{\"'“‘"
_MASK_CHARS = "*•●·xX#._-"
_WORDLIKE_SUFFIXES = ("ed", "ing", "ly", "ble", "ive", "ful", "ous", "ent", "ant", "less")
# A passphrase runs to the end of its clause, over at most this many words.
MAX_PHRASE_WORDS = 8
# A quoted password may hold spaces up to its closing quote, this far away at most.
MAX_QUOTED_CHARS = 64
_CLOSING = {"“": "”", "‘": "’"}
_CLAUSE = re.compile(r"[^\s.,;:!?]+(?:[ ](?!(?:but|and|so|because|which|though)\b)[^\s.,;:!?]+)*")
_DATE = re.compile(r"\d{1,4}[\-/.]\d{1,2}[\-/.]\d{1,4}")
# Words one of which each pattern's keywords hold: a pattern runs only when one is present.
_PASSWORD_WORDS = ("pas", "pw", "p/w", "memorable", "secret word", "key")
_SIGN_IN_WORDS = ("log", "sign")
_LOGIN_WORDS = ("log", "sign", "credential", "details", "user")
# (pattern, its words, how much the separator vouches for the token): "stated" after "is" or
# ":", "bare" needs a password-shaped token, "pair" the second half of a user name and password.
_PASSWORD_FORMS = (
    ("password_stated", _PASSWORD_WORDS, "stated"),
    ("password_bare", _PASSWORD_WORDS, "bare"),
    ("password_before", _PASSWORD_WORDS, "bare"),
    ("password_is_mine", _PASSWORD_WORDS, "bare"),
    ("password_one", _PASSWORD_WORDS, "bare"),
    ("login_pair", _LOGIN_WORDS, "pair"),
    ("login_and", _LOGIN_WORDS, "bare"),
    ("login_colon", _SIGN_IN_WORDS, "pair"),
    ("login_with", _SIGN_IN_WORDS, "bare"),
)
# "user/pass: jo / Pa55word": the first token after "pass" is the user name.
_USER_SLASH = re.compile(r"user(?:name)?\s*/\s*$", re.IGNORECASE)
# The near form looks this far after a password's name, over at most this many words.
NEAR_REACH = 90
NEAR_WORDS = 9
NEAR_MIN_CHARS = 6
_TOKEN = re.compile(r"\S{1,64}")
_CLAUSE_END = ".?!;"
# Shapes that hold letters and digits but are no password: versions, units, ordinals, times,
# short product names ("v2.3.1", "8GB", "2nd", "10:45pm", "iOS17", "24h").
_NOT_PASSWORD_SHAPE = re.compile(
    r"v?\d+(?:[.:,/\-]\d+)*(?:st|nd|rd|th|am|pm|[kmgt]b|gbps|mbps|ghz|mhz|mm|cm|km|kg|mg|ml|"
    r"hrs?|h|mins?|secs?|s|x|k|m|p|d|w|y|yrs?|%)?|[a-z]{1,3}\d{1,3}|\d{1,3}[a-z]{1,3}|"
    r"[a-z]+(?:[.\-]\d+)+",
    re.IGNORECASE,
)
_SYMBOLS = frozenset("!@#$%^&*_+=?~")
# Further passwords listed after a first: "either Otter2020 or Otter2021", "Lantern7, then …".
_MORE = re.compile(
    r"\s*(?:,\s*(?:(?:or|and|then)\s+)?|\s(?:or|and|then|and then)\s+)"
    r"(?:(?:also|maybe|possibly|perhaps|even|then)\s+)?(?P<quote>[\"'“‘]?)(?P<token>[^\s\"'“”‘’]{1,64})"
)
MAX_MORE = 3


def passwords(text: str, lower: str) -> Iterator[SensitiveItem]:
    seen: set[int] = set()
    for name, triggers, trust in _PASSWORD_FORMS:
        if not any(word in lower for word in triggers):
            continue
        for match in scan_named(name, text, lower):
            start = match.start("token")
            token = text[start : match.end("token")].rstrip(_TRAILING_PUNCT)
            if trust == "stated" and match.group("keyword").lower() == "passphrase":
                token = _phrase(text, start) or token
            elif match.group("quote"):
                token = _quoted(text, start, match.group("quote")) or token
            if start not in seen and _looks_like_password(token, match, trust):
                seen.add(start)
                yield _password(start, token)
                yield from _more(text, start + len(token), seen)
    if any(word in lower for word in _PASSWORD_WORDS):
        yield from _near(text, lower, seen)


def _password(start: int, token: str) -> SensitiveItem:
    return SensitiveItem("password", start, start + len(token), token, "password", token)


def _more(text: str, end: int, seen: set[int]) -> Iterator[SensitiveItem]:
    """Password-shaped tokens listed right after one found."""
    for _ in range(MAX_MORE):
        match = _MORE.match(text, end)
        if match is None:
            return
        start = match.start("token")
        token = text[start : match.end("token")].rstrip(_TRAILING_PUNCT)
        if start in seen or not _shaped(token):
            return
        seen.add(start)
        yield _password(start, token)
        end = start + len(token)


def _near(text: str, lower: str, seen: set[int]) -> Iterator[SensitiveItem]:
    """A strongly shaped token later in the clause of a password's name."""
    lead = pattern("password_near_lead")
    for keyword in scan_named("password_near", text, lower):
        end = min(len(text), keyword.end() + NEAR_REACH)
        for count, token in enumerate(_TOKEN.finditer(text, keyword.end(), end), 1):
            raw = token.group()
            start = token.start() + len(raw) - len(raw.lstrip(_LEADING_PUNCT))
            if start in seen:
                break  # this clause's password is already found
            candidate = text[start : token.end()].rstrip(_TRAILING_PUNCT + "\"'”’")
            if _strongly_shaped(candidate) and lead.search(text, max(0, token.start() - 24), start):
                seen.add(start)
                yield _password(start, candidate)
                yield from _more(text, start + len(candidate), seen)
                break
            if count >= NEAR_WORDS or raw[-1] in _CLAUSE_END:
                break


def _quoted(text: str, start: int, quote: str) -> str | None:
    """A quoted password with a space in it: "Starling 2020" up to its closing quote."""
    closing = _CLOSING.get(quote, quote)
    end = text.find(closing, start, start + MAX_QUOTED_CHARS + 1)
    quoted = text[start:end] if end > start else ""
    return quoted if " " in quoted and len(quoted.split()) <= MAX_PHRASE_WORDS else None


def _phrase(text: str, start: int) -> str | None:
    """A passphrase of several words: the rest of the clause after "passphrase is"."""
    clause = _CLAUSE.match(text, start)
    phrase = clause.group().rstrip() if clause else ""
    return phrase if 2 <= len(phrase.split()) <= MAX_PHRASE_WORDS else None


@functools.cache
def _not_passwords() -> frozenset[str]:
    return frozenset(words().words("sensitive.not_passwords"))


def _shaped(token: str) -> bool:
    """Letters and digits together, as passwords are and words are not."""
    return (
        len(token) >= 4
        and token[0].isalnum()
        and any(c.isdigit() for c in token)
        and any(c.isalpha() for c in token)
        and not _DATE.fullmatch(token)
        and token.lower() not in _not_passwords()
    )


def _strongly_shaped(token: str) -> bool:
    """A password's shape with nothing else's: six or more characters, letters with digits or
    with symbols and capitals, no address, amount, date, version or unit."""
    if len(token) < NEAR_MIN_CHARS or "@" in token or "://" in token or token[0] in "#£$€":
        return False
    letters = any(c.isalpha() for c in token)
    digits = any(c.isdigit() for c in token)
    symbols = any(c in _SYMBOLS for c in token)
    mixed = any(c.isupper() for c in token) and any(c.islower() for c in token)
    if not letters or not (digits or (symbols and mixed)):
        return False
    return not _NOT_PASSWORD_SHAPE.fullmatch(token) and not _DATE.search(token)


def _looks_like_password(token: str, match: re.Match[str], trust: str) -> bool:
    if len(token) < 4 or token.lower() in _not_passwords() or not token.strip(_MASK_CHARS):
        return False
    keyword = match.group("keyword").lower()
    if keyword.startswith("pas") and _USER_SLASH.search(
        match.string, max(0, match.start() - 12), match.start()
    ):
        return False  # "user/pass: jo / …": the token is the user name
    if keyword == "pass":
        before = match.string[max(0, match.start() - 24) : match.start()]
        if pattern("pass_noun").search(before) or token.isdigit():
            return False  # "boarding pass BA2490", "season pass 2024"
        if trust == "bare" and pattern("pass_verb").search(before):
            return False  # "just pass X to the function"
    if trust == "pair":
        return not _DATE.fullmatch(token)
    if trust == "bare":
        # "your password Tr0ub4dor&3", "I set my password to Marmalade#77"; the password to
        # *your account* is no password.
        return _shaped(token) or (bool(match.group("quote")) and token.isalnum())
    plain_word = token.replace("-", "").replace("'", "").isalpha() and (
        token[1:].islower() or token.isupper()
    )
    if not plain_word:
        return not _DATE.fullmatch(token)  # digits, symbols or mixed case: a password's shape
    separator = match.group("sep")
    if match.group("quote") or ":" in separator or "=" in separator:
        return True
    # "my password is hunter." - a bare word that ends the clause and is not an adjective.
    after = match.string[match.start("token") + len(token) :].lstrip()
    return after[:1] in ("", ".", ",", ";", "!", "?") and not token.lower().endswith(
        _WORDLIKE_SUFFIXES
    )
