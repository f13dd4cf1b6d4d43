"""Secrets a word introduces: passwords, PINs, card security codes and one-time codes.

Nothing tells "hunter2" from any other word except what stands before it, so each is found
only after its keyword (the phrases are the `sensitive.*` patterns of privacy.yaml):

- a password after "password", "pw", "pwd", "passcode", "pass" (not a boarding pass) and "is",
  ":", "=" ("my password is hunter2", "pwd: Tr0ub4dor&3", "the pass I use is Rover1234"); any
  word counts there unless it says something about the password ("is incorrect", "is
  case-sensitive") or, written bare, continues the sentence ("my password is sunflower" counts,
  "my password is sunflower but" does not);
- a password-shaped token (letters and digits) right after the keyword, "to", "as" or a comma
  ("pass Sunflower2024", "I set it to Marmalade#77");
- the second half of a user name and password ("login is jo@example.com / Bluebird!42",
  "log in with dsilva:Copper!Kettle9", "signing in as m.jones with Harvest#2021");
- PINs, card security codes and one-time codes: digits after their name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from trustdesk.text.sensitive.items import SensitiveItem, item, pattern, scan_named, words

# Every keyword that introduces a code or a password holds one of these (a cheap first test).
CODE_TRIGGERS = ("cv", "csc", "code", "otp", "one time", "one-time", "pin", "sec", "verif", "back")
PASSWORD_TRIGGERS = ("pass", "pw", "log", "sign", "credential", "details", "user", "key")
# How near "code" must be to digits someone "entered" for them to count as a one-time code.
CODE_REACH = 60
_TRAILING_PUNCT = ".,;:!?)]}"
_MASK_CHARS = "*•●·xX#._-"
_WORDLIKE_SUFFIXES = ("ed", "ing", "ly", "ble", "ive", "ful", "ous", "ent", "ant", "less")
# A passphrase runs to the end of its clause, over at most this many words.
MAX_PHRASE_WORDS = 8
_CLAUSE = re.compile(r"[^\s.,;:!?]+(?:[ ](?!(?:but|and|so|because|which|though)\b)[^\s.,;:!?]+)*")
_DATE = re.compile(r"\d{1,4}[\-/.]\d{1,2}[\-/.]\d{1,4}")
# Words one of which each pattern's keywords hold: a pattern runs only when one is present.
_PASSWORD_WORDS = ("pass", "pw", "key")
_SIGN_IN_WORDS = ("log", "sign")
# (pattern, its words, how much the separator vouches for the token): "stated" after "is" or
# ":", "bare" needs a password-shaped token, "pair" the second half of a user name and password.
_PASSWORD_FORMS = (
    ("password_stated", _PASSWORD_WORDS, "stated"),
    ("password_bare", _PASSWORD_WORDS, "bare"),
    ("password_before", _PASSWORD_WORDS, "bare"),
    ("login_pair", ("log", "sign", "credential", "details", "user"), "pair"),
    ("login_colon", _SIGN_IN_WORDS, "pair"),
    ("login_with", _SIGN_IN_WORDS, "bare"),
)
_OTP_WORDS = ("code", "otp", "one time", "one-time", "verif")


def codes(text: str, lower: str) -> Iterator[SensitiveItem]:
    if any(word in lower for word in ("cv", "csc", "sec", "verif", "back")):
        for match in scan_named("cvv", text, lower):
            yield item("cvv", match, 1, "cvv", text)
    if any(word in lower for word in _OTP_WORDS):
        yield from _one_time_codes(text, lower)
    if "pin" in lower:
        for match in scan_named("pin", text, lower):
            yield item("password", match, 1, "pin", text)


def _one_time_codes(text: str, lower: str) -> Iterator[SensitiveItem]:
    for match in scan_named("otp", text, lower):
        yield item("otp", match, 1, "otp", text)
    if "code" in lower:
        not_after = pattern("code_not_after")
        for match in scan_named("otp_bare", text, lower):
            if not not_after.search(text, max(0, match.start() - 24), match.start()):
                yield item("otp", match, 1, "otp", text)
    near = pattern("code_near")
    for match in scan_named("otp_entered", text, lower):
        if near.search(text[max(0, match.start() - CODE_REACH) : match.end() + CODE_REACH]):
            yield item("otp", match, 1, "otp", text)


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
            if start not in seen and _looks_like_password(token, match, trust):
                seen.add(start)
                yield SensitiveItem("password", start, start + len(token), token, "password", token)


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
        token[0].isalnum()
        and any(c.isdigit() for c in token)
        and any(c.isalpha() for c in token)
        and not _DATE.fullmatch(token)
    )


def _looks_like_password(token: str, match: re.Match[str], trust: str) -> bool:
    if len(token) < 4 or token.lower() in _not_passwords() or not token.strip(_MASK_CHARS):
        return False
    keyword = match.group("keyword").lower()
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
