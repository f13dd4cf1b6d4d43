"""A ticket's subject: what a lead scanning the inbox needs to tell tickets apart.

The helpdesk's own subject when it sent one; otherwise the customer's first sentence that says
something, skipping a bare greeting ("Hi,", "Buenos dias:") or a pleasantry ("I hope you are
well."), and cut at a word, never inside one.
"""

from __future__ import annotations

import re

from trustdesk.text.sentences import split_sentences, words
from trustdesk.text.wordlists import load

# Long enough for a sentence of a dozen words, short enough for one line of the inbox.
MAX_CHARS = 80
# A sentence with fewer words than this left after its greeting says nothing on its own.
MIN_WORDS = 2
# A greeting names at most a few words before its comma ("Dear customer support team,").
_NAME = r"(?:\s+[^\W\d_][\w.'’-]*){0,4}"

_WORDS = load("subject")
_GREETING = re.compile(
    rf"^\s*{_WORDS.pattern('greeting')}(?:{_NAME}\s*[,:;!.—–-]+|\s*$|\s+)\s*",
    re.IGNORECASE,
)
_PLEASANTRY = re.compile(rf"^\s*(?:{_WORDS.pattern('pleasantry')})\W*$", re.IGNORECASE)
# Social channels open with the handles addressed ("@brand @user my order ...").
_HANDLES = re.compile(r"^(?:\s*@\w+)+[\s,:]*")
_SPACE = re.compile(r"\s+")


def subject_of(text: str, given: str | None = None) -> str:
    """The subject to show for a conversation that opens with `text`; `given` is the
    helpdesk's subject, used when it has one. A message with nothing but a greeting is its
    own subject; an empty one has none ("")."""
    if given is not None and given.strip():
        return shorten(given)
    for sentence in split_sentences(text):
        content = _content(sentence.text)
        if content:
            return shorten(content)
    return shorten(text)


def _content(sentence: str) -> str:
    """The sentence without its greeting, or "" when nothing worth a subject is left."""
    rest = _HANDLES.sub("", sentence)
    rest = _GREETING.sub("", rest, count=1)
    if _PLEASANTRY.match(rest) or len(words(rest)) < MIN_WORDS:
        return ""
    rest = rest.strip()
    return rest[:1].upper() + rest[1:]


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """One line of at most `limit` characters, cut at the last whole word with an ellipsis."""
    line = _SPACE.sub(" ", text).strip()
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
