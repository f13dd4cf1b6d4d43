"""The conventions of social and chat channels around what a message says.

On Twitter, Facebook or a chat widget a message is wrapped in things that are not its words:
the @handles it is addressed to, links, an agent's sign-off ("^AB", "-Jo", "/MT", "*Sam"),
and a part marker when one reply is split over several messages ("1/2", "(2/n)"). Checks that
read tone, questions or promises should read the body between them, and a conversation check
should know that "2/2" continues "1/2" rather than starts a new turn.

`read(text)` finds these pieces with their offsets, so findings still quote the original text.
Every scan here is linear: the leading handles are read once from the start, and the sign-off
and part marker are looked for only in a short tail of the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trustdesk.text.spans import Span
from trustdesk.text.wordlists import load

# Hand-offs to a private message and referrals elsewhere: data/lexicons/channel.yaml.
HANDOFF = load("channel").lexicon("channel.handoff")

# @handles at the very start: whom a tweet or a reply is addressed to, not what it says.
_LEADING_HANDLE = re.compile(r"[ \t\r\n]*[@＠][A-Za-z0-9_]{1,30}[ \t\r\n,:;]*")
_HANDLE = re.compile(r"(?<![\w@＠])[@＠][A-Za-z0-9_]{1,30}")
_HASHTAG = re.compile(r"(?<![\w#])#[^\W\d_][\w]{0,60}")
_LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']{1,2000}", re.IGNORECASE)
# A sign-off or part marker is short: reading this many characters from the end finds one.
_TAIL = 60
# Part markers: "1/2", "(2/n)", "2 of 3", at the end of the body (or alone at its start). A
# reply is rarely split in more than four; "rated it 1/5" is a score, not a part.
_PART_AT_END = re.compile(
    r"(?:^|[\s(\[])(?P<index>[1-4])\s?(?:/|of)\s?(?P<total>[2-4]|n)[)\]]?[.\s]*$", re.IGNORECASE
)
_PART_AT_START = re.compile(r"^\s*\(?(?P<index>[1-4])\s?/\s?(?P<total>[2-4]|n)\)?\s+", re.I)
# Sign-offs: "^AB", "^Kartika", "-Yana", "- Anwar", "~Jo", "/MT", "*BlakeT", "^J 2/2".
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[\s.!?,)]))(?:\^\s?[A-Za-z][A-Za-z.]{0,19}"
    r"|[-–—~]\s?[A-Z][A-Za-z]{1,19}"
    r"|/[A-Z]{1,3}"
    r"|\*[A-Z][A-Za-z]{1,19})[.\s]*$"
)
_TRAILING_LINK = re.compile(r"(?:^|\s)(?:https?://|www\.)\S{1,2000}\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ChannelText:
    """Where a message's own words are, and what surrounds them."""

    body: Span
    # (index, total) of a split message: (1, 2) for "1/2"; total is None for "1/n".
    part: tuple[int, int | None] | None
    sign_off: str | None
    handles: tuple[Span, ...]
    hashtags: tuple[Span, ...]
    links: tuple[Span, ...]

    @property
    def continued(self) -> bool:
        """Another part of the same message follows ("1/2", "2/n")."""
        if self.part is None:
            return False
        index, total = self.part
        return total is None or index < total

    @property
    def continues(self) -> bool:
        """This is a later part of a split message ("2/2")."""
        return self.part is not None and self.part[0] > 1


def read(text: str) -> ChannelText:
    """The body of `text` and the channel conventions around it."""
    # Each pattern below needs a character that most messages lack ("@", "#", "://" or
    # "www."): a text without it is not searched.
    linked = "://" in text or "www." in text.lower()
    start = _leading_handles_end(text) if "@" in text or "＠" in text else 0
    end = len(text.rstrip())
    part: tuple[int, int | None] | None = None
    sign_off: str | None = None
    # Links, a sign-off and a part marker can come in any order at the end ("1/n https://..",
    # "2/2 ^HD", "^J 2/2"): peel them off one at a time, a few times at most.
    for _ in range(4):
        tail_start = max(start, end - _TAIL)
        tail = text[tail_start:end]
        found = _TRAILING_LINK.search(tail) if linked else None
        if found is None:
            found = _PART_AT_END.search(tail)
            if found is not None and part is None:
                part = _part(found)
        if found is None:
            found = _SIGN_OFF.search(tail)
            if found is not None and sign_off is None:
                sign_off = found.group().strip(" .\t\r\n")
        if found is None:
            break
        end = len(text[: tail_start + found.start()].rstrip())
    if end < start:
        end = start
    leading_part = _PART_AT_START.match(text, start, end)
    if leading_part is not None:
        part = part or _part(leading_part)
        start = leading_part.end()
    return ChannelText(
        body=Span(start, end, text[start:end]),
        part=part,
        sign_off=sign_off,
        handles=_spans(_HANDLE, text) if start or "@" in text or "＠" in text else (),
        hashtags=_spans(_HASHTAG, text) if "#" in text else (),
        links=_spans(_LINK, text) if linked else (),
    )


def _leading_handles_end(text: str) -> int:
    position = 0
    while (found := _LEADING_HANDLE.match(text, position)) is not None:
        position = found.end()
    return position


def _part(found: re.Match[str]) -> tuple[int, int | None] | None:
    index = int(found.group("index"))
    total = None if found.group("total").lower() == "n" else int(found.group("total"))
    return (index, total) if total is None or index <= total else None


def _spans(pattern: re.Pattern[str], text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end(), m.group()) for m in pattern.finditer(text))
