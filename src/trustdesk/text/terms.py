"""Labelled literal phrases found word by word over a message's shared word segmentation.

A regex alternation of a few dozen phrases costs Python's engine about a microsecond per
character (every branch is tried at every position). A `TermIndex` instead looks up each word
of the text once in a dictionary keyed by the first word of every phrase and only then
compares the following words, so hundreds of phrases cost about as much as one. It reads the
words that `MessageAnalysis.words` already split, so nothing is tokenised twice.

A phrase written with capitals ("DNS", "MX record") matches only as written; a phrase in lower
case ("pro rata") matches in any case. `ignore_case=True` makes every phrase match in any case
(for lists that come from a policy). Words of a phrase may be separated by any whitespace;
a possessive "'s" after a word does not stop it matching ("the DNS's cache").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from trustdesk.policy.patterns import compile_phrase
from trustdesk.text.lexicon import Hit
from trustdesk.text.sentences import words as split_words
from trustdesk.text.spans import Span

_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True, slots=True)
class _Phrase:
    label: str
    words: tuple[str, ...]  # as compared: lower case unless `exact`
    exact: bool


def _base(word: str) -> str:
    return word[:-2] if word.endswith(_POSSESSIVE) and len(word) > 2 else word


class TermIndex:
    """A set of labelled literal phrases; `find` returns their hits in a text."""

    def __init__(self, entries: Mapping[str, Iterable[str]], *, ignore_case: bool = False) -> None:
        self._by_first: dict[str, list[_Phrase]] = {}
        # Phrases whose characters are not all word characters and spaces ("C++", "24/7")
        # cannot be matched word by word; they are searched as whole-text patterns instead.
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for label, phrases in entries.items():
            for phrase in phrases:
                self._add(label, phrase.strip(), ignore_case)
        self._sort()

    @classmethod
    def union(cls, *indexes: TermIndex) -> TermIndex:
        """One index holding the phrases of all `indexes` (one lookup per word for all)."""
        merged = cls({})
        for index in indexes:
            for first, candidates in index._by_first.items():
                merged._by_first.setdefault(first, []).extend(candidates)
            merged._patterns.extend(index._patterns)
        merged._sort()
        return merged

    def _sort(self) -> None:
        # Longest phrases first, so "MX record" is tried before "MX".
        for candidates in self._by_first.values():
            candidates.sort(key=lambda p: -len(p.words))

    def _add(self, label: str, phrase: str, ignore_case: bool) -> None:
        if not phrase:
            return
        tokens = [span.text for span in split_words(phrase)]
        if not tokens or " ".join(tokens) != " ".join(phrase.split()):
            self._patterns.append((label, compile_phrase(phrase)))
            return
        exact = not ignore_case and phrase != phrase.lower()
        words = tuple(tokens if exact else (t.lower() for t in tokens))
        self._by_first.setdefault(words[0].lower(), []).append(_Phrase(label, words, exact))

    def find(self, text: str, words: Sequence[Span]) -> list[Hit]:
        """Hits in `text` (split into `words`), by position; one per phrase start."""
        hits: list[Hit] = []
        by_first = self._by_first
        for index, word in enumerate(words):
            key = word.text.lower()
            candidates = by_first.get(key)
            if candidates is None:
                if not key.endswith(_POSSESSIVE):
                    continue
                candidates = by_first.get(key[:-2])
                if candidates is None:
                    continue
            for phrase in candidates:
                end = self._match(text, words, index, phrase)
                if end is not None:
                    hits.append(Hit(phrase.label, word.start, end, text[word.start : end]))
                    break
        for label, pattern in self._patterns:
            hits.extend(
                Hit(label, m.start(), m.end(), m.group())
                for m in pattern.finditer(text)
                if m.end() > m.start()
            )
        if self._patterns:
            hits.sort(key=lambda h: (h.start, h.end))
        return hits

    @staticmethod
    def _match(text: str, words: Sequence[Span], index: int, phrase: _Phrase) -> int | None:
        """The end offset of `phrase` starting at `words[index]`, or None."""
        if index + len(phrase.words) > len(words):
            return None
        end = words[index].start
        for offset, expected in enumerate(phrase.words):
            word = words[index + offset]
            if offset and not text[end : word.start].isspace():
                return None
            actual = _base(word.text)
            if (actual if phrase.exact else actual.lower()) != expected:
                return None
            end = word.start + len(actual)
        return end
