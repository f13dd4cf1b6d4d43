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
    """A compiled set of labelled patterns. Labels may repeat (several patterns, one label).

    With `lowercase=True` the patterns must be written in lower case: they are matched
    case-sensitively against the lower-cased text, which lets the regex engine skip
    alternatives on their first character and scans several times faster than IGNORECASE.
    """

    def __init__(
        self, name: str, entries: Mapping[str, str | list[str]], *, lowercase: bool = False
    ) -> None:
        self.name = name
        self._entries = entries
        self._lowercase = lowercase
        self._twin: Lexicon | None = None
        flags = 0 if lowercase else re.IGNORECASE
        self._labels: dict[str, str] = {}
        alternatives: list[str] = []
        bounded: list[str] = []
        free: list[str] = []
        for label, patterns in entries.items():
            for pattern in [patterns] if isinstance(patterns, str) else patterns:
                group = f"g{len(self._labels)}"
                self._labels[group] = label
                alternatives.append(f"(?P<{group}>{pattern})")
                if _starts_at_boundary(pattern):
                    bounded.append(pattern[2:])
                else:
                    free.append(pattern)
        # Each alternative is tried at every position via a lookahead, so overlapping hits of
        # different entries are all reported, not only the leftmost-longest one. Entries that
        # can only start at a word boundary share one leading `\b`, so a position inside a
        # word skips them all with a single test.
        probes = [
            f"{prefix}(?={'|'.join(group)})"
            for prefix, group in ((r"\b", bounded), ("", free))
            if group
        ]
        self._regex = re.compile("|".join(probes) or "(?!)", flags)
        self._singles = [
            (self._labels[f"g{i}"], re.compile(alt, flags)) for i, alt in enumerate(alternatives)
        ]

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(self._labels.values())

    def scan(self, text: str) -> list[Hit]:
        """All hits, ordered by position; one hit per entry per starting position."""
        subject = text
        if self._lowercase:
            subject = text.lower()
            if len(subject) != len(text):
                # Lower-casing changed the length ("İ" becomes two characters), so offsets
                # would shift: match this text case-insensitively instead.
                if self._twin is None:
                    self._twin = Lexicon(self.name, self._entries)
                return self._twin.scan(text)
        hits: list[Hit] = []
        last_end: dict[str, int] = {}
        for probe in self._regex.finditer(subject):
            position = probe.start()
            # The lookahead tells us some entry matches here; find each that does.
            for label, single in self._singles:
                match = single.match(subject, position)
                if match is None or match.end() == match.start():
                    continue
                # Skip hits nested inside an earlier hit of the same label.
                if last_end.get(label, -1) > position:
                    continue
                last_end[label] = match.end()
                hits.append(
                    Hit(label, match.start(), match.end(), text[match.start() : match.end()])
                )
        return hits


def _starts_at_boundary(pattern: str) -> bool:
    r"""Whether every match of `pattern` starts at a word boundary: it opens with `\b` and has
    no alternation at its top level (which could start elsewhere)."""
    if not pattern.startswith(r"\b") or pattern[2:3] in ("?", "*", "+", "{"):
        return False
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
    return True
