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


def split_sentences(text: str) -> list[Span]:
    sentences: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        piece = text[start:end]
        last_word = piece.rstrip(".!?…\"')] \n").rsplit(None, 1)[-1:] if piece.strip() else []
        if (
            match.group().startswith(".")
            and last_word
            and last_word[0].lower().rstrip(".") in _ABBREVIATIONS
        ):
            continue
        _append(sentences, text, start, end)
        start = end
    _append(sentences, text, start, len(text))
    return sentences


def _append(out: list[Span], text: str, start: int, end: int) -> None:
    # Trim surrounding whitespace so spans quote exactly the sentence.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


def words(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
