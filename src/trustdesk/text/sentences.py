"""Sentence and word segmentation with character offsets."""

from __future__ import annotations

import re

from trustdesk.text.spans import Span

# A sentence ends at ., ! or ? (possibly repeated, possibly followed by a closing quote or
# bracket) when whitespace follows, or at a line break. "9.99" and "e.g." inside a sentence
# are not ends because no whitespace follows the dot, or a lower-case word follows.
_BOUNDARY = re.compile(r"""(?:[.!?…]+["')\]]*(?=\s+[^a-z\s])|[.!?…]+["')\]]*(?=\s*$)|\n+)""")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e", "approx", "dept", "ref"}
)
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


# What closes a sentence after its last word: its punctuation, quotes and brackets, spaces.
_CLOSING_CHARACTERS = ".!?…\"')] \n"
_CLOSING = frozenset(_CLOSING_CHARACTERS)
# How far back from a boundary its last word is first looked for.
_NEAR = 64


def split_sentences(text: str) -> list[Span]:
    sentences: list[Span] = []
    start = 0
    last = _LastWord(text)
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _last_word(text, start, end, last) in _ABBREVIATIONS:
            continue
        _append(sentences, text, start, end)
        start = end
    _append(sentences, text, start, len(text))
    return sentences


def _last_word(text: str, start: int, end: int, far: _LastWord) -> str:
    """The last word of text[start:end] before its closing characters, lower-cased and
    without its dots. Looked for in the last few characters first: found there whole (white
    space before it), it is the word; otherwise `far` finds it, reading no text twice."""
    near = text[max(start, end - _NEAR) : end].rstrip(_CLOSING_CHARACTERS).rsplit(None, 1)
    if len(near) == 2 or (near and end - start <= _NEAR):
        return near[-1].lower().rstrip(".")
    if end - start <= _NEAR:
        return ""
    return far.before(start, end)


class _LastWord:
    """The last word before each sentence boundary, lower-cased and without its dots: the
    word before the closing characters, as far back as the sentence's start.

    Boundaries come in order, so each closing run is walked once (a run that spans several
    boundaries, as in "Dr. . . .", carries over from one to the next) and the word found last
    is reused while the run goes on: no text is read twice, however many boundaries are
    skipped as abbreviations."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._end = 0  # the last boundary looked at
        self._run = 0  # where the closing run that ends there begins
        self._at = -1  # the (start, run start) of the word found last, and that word
        self._start = -1
        self._word = ""

    def before(self, start: int, end: int) -> str:
        text = self._text
        run = end
        while run > self._end and text[run - 1] in _CLOSING:
            run -= 1
        if run == self._end:
            run = self._run
        self._end, self._run = end, run
        run = max(run, start)
        if (start, run) != (self._start, self._at):
            # Past the closing run: any other white space, then the word.
            stop = run
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            begin = stop
            while begin > start and not text[begin - 1].isspace():
                begin -= 1
            self._start, self._at = start, run
            self._word = text[begin:stop].lower().rstrip(".")
        return self._word


def _append(out: list[Span], text: str, start: int, end: int) -> None:
    # Trim surrounding whitespace so spans quote exactly the sentence (str.strip trims what
    # str.isspace calls white space).
    piece = text[start:end]
    sentence = piece.strip()
    if sentence:
        start += len(piece) - len(piece.lstrip())
        out.append(_span(Span, (start, start + len(sentence), sentence)))


# A Span made straight from its fields: NamedTuple's own constructor is a Python function,
# and a text yields one Span per word.
_span = tuple.__new__


def words(text: str) -> list[Span]:
    return [_span(Span, (m.start(), m.end(), m.group())) for m in _WORD.finditer(text)]
