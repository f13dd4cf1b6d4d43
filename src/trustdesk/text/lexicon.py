"""Named lexicons of trusted, built-in patterns, each compiled once into one multi-pattern regex.

A lexicon is a set of labelled patterns ("vague_followup": r"get back to you", …). All
entries of a lexicon are joined into one alternation with a named group per entry, so one
scan of the text finds every entry's hits; `MessageAnalysis.hits()` caches the scan per
message. Built-in patterns are written by us and avoid nested quantifiers; patterns that come
from a policy go through RE2 instead (see `userpattern`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from trustdesk.text.spans import Span


@dataclass(frozen=True, slots=True)
class Hit:
    label: str
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


class Lexicon:
    """A compiled set of labelled patterns. Labels may repeat (several patterns, one label)."""

    def __init__(self, name: str, entries: Mapping[str, str | list[str]]) -> None:
        self.name = name
        self._labels: dict[str, str] = {}
        alternatives: list[str] = []
        for label, patterns in entries.items():
            for pattern in [patterns] if isinstance(patterns, str) else patterns:
                group = f"g{len(self._labels)}"
                self._labels[group] = label
                alternatives.append(f"(?P<{group}>{pattern})")
        # Each alternative is tried at every position via a lookahead, so overlapping hits of
        # different entries are all reported, not only the leftmost-longest one.
        self._regex = re.compile("(?=" + "|".join(alternatives) + ")", re.IGNORECASE)
        self._singles = [
            (self._labels[f"g{i}"], re.compile(alt, re.IGNORECASE))
            for i, alt in enumerate(alternatives)
        ]

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(self._labels.values())

    def scan(self, text: str) -> list[Hit]:
        """All hits, ordered by position; one hit per entry per starting position."""
        hits: list[Hit] = []
        last_end: dict[str, int] = {}
        for probe in self._regex.finditer(text):
            position = probe.start()
            # The lookahead tells us some entry matches here; find each that does.
            for label, single in self._singles:
                match = single.match(text, position)
                if match is None or match.end() == match.start():
                    continue
                # Skip hits nested inside an earlier hit of the same label.
                if last_end.get(label, -1) > position:
                    continue
                last_end[label] = match.end()
                hits.append(Hit(label, match.start(), match.end(), match.group()))
        return hits
