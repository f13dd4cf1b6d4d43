"""Named lexicons of trusted, built-in patterns, each compiled once, on first use, into one regex.

A lexicon is a set of labelled patterns ("vague_followup": r"get back to you", …). All
entries of a lexicon are joined into one alternation with a named group per entry, so one
scan of the text finds every entry's hits; `MessageAnalysis.hits()` caches the scan per
message. Built-in patterns are written by us and avoid nested quantifiers; patterns that come
from a policy go through RE2 instead (see `trustdesk.policy.patterns`).

Before the scan, an RE2 "gate" (every entry, loosened so that it matches wherever the entry
could) says in one linear-time pass whether any entry can match at all, and where the first
hit could start; most texts hit no entry of most lexicons and are dismissed there.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import re2

from trustdesk.policy.patterns import first_match_start
from trustdesk.text.spans import Span

# Room for the DFA of a large, Unicode-widened gate; past it RE2 falls back to a much slower
# (still linear) matcher.
_GATE_MEMORY = 64 << 20
# Characters that may make the two engines disagree: the ASCII controls Python's \s matches
# and RE2's does not, and anything beyond ASCII.
_NEEDS_CARE = re.compile("[\x0b\x1c-\x1f\x80-\U0010ffff]")
_ASCII_CONTROLS = re.compile("[\x0b\x1c-\x1f]")
# RE2's \w, \d, \s and \b are ASCII-only; Python's are Unicode. For text where that matters
# the gate widens the classes to (at least) Python's, so it never misses a hit.
_WIDER_CLASS = {
    "w": r"\w\p{L}\p{N}\p{M}",
    "d": r"\d\p{N}",
    "s": r"\s\x0b\x1c-\x1f\x85\p{Z}",
}


@dataclass(frozen=True, slots=True)
class Hit:
    label: str
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(frozen=True, slots=True)
class _Scanner:
    """A lexicon's two Python regexes, built on its first scan that passes a gate."""

    probes: re.Pattern[str]
    every: re.Pattern[str]
    groups: list[tuple[str, int]]


class Lexicon:
    """A set of labelled patterns. Labels may repeat (several patterns, one label).

    With `lowercase=True` the patterns must be written in lower case: they are matched
    case-sensitively against the lower-cased text, which lets the regex engine skip
    alternatives on their first character and scans several times faster than IGNORECASE.

    Making a lexicon costs nothing: each part is compiled when a scan first needs it (the
    plain-text gate, the gate for text beyond ASCII, the full regexes once a gate lets a text
    through), once, even when threads scan at the same time. A program pays only for what
    it uses.
    """

    def __init__(
        self, name: str, entries: Mapping[str, str | list[str]], *, lowercase: bool = False
    ) -> None:
        self.name = name
        self._entries = entries
        self._lowercase = lowercase
        self._twin: Lexicon | None = None
        self._scanner: _Scanner | None = None
        # Each entry's own regex, compiled when a one-pass scan first names it (see `scan`).
        self._singles: dict[int, re.Pattern[str]] = {}
        self._pattern_pairs: list[tuple[str, str]] | None = None
        # The gates by width (False: for plain text, True: for text beyond ASCII).
        self._gates: dict[bool, re2._Regexp | None] = {}
        self._lock = threading.Lock()

    @property
    def entries(self) -> Mapping[str, str | list[str]]:
        return self._entries

    @property
    def lowercase(self) -> bool:
        return self._lowercase

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(
            label
            for label, patterns in self._entries.items()
            if isinstance(patterns, str) or patterns
        )

    def gate(self, *, wide: bool) -> re2._Regexp | None:
        """The RE2 gate for plain (`wide=False`) or wider text, compiled on first use; None
        when the entries allow no gate."""
        try:
            return self._gates[wide]
        except KeyError:
            with self._lock:
                if wide not in self._gates:
                    self._gates[wide] = _compile_gate(
                        _alternatives(self._entries), case_sensitive=self._lowercase, wide=wide
                    )
                return self._gates[wide]

    def scanner(self) -> _Scanner:
        """The full regexes, compiled on first use."""
        scanner = self._scanner
        if scanner is None:
            with self._lock:
                scanner = self._scanner
                if scanner is None:
                    scanner = self._scanner = _compile_scanner(self._entries, self._lowercase)
        return scanner

    def scan(
        self, text: str, *, screened: bool = False, entries: Sequence[int] | None = None
    ) -> list[Hit]:
        """All hits, ordered by position; one hit per entry per starting position.

        `screened`: a scan of several lexicons' gates at once (`trustdesk.text.onepass`)
        found that an entry may match in `text`, so this lexicon's own gate is skipped.
        `entries`: that scan also named the entries (indices in `_patterns` order) that may
        match; only those are tried, each with its own regex."""
        subject = text
        if self._lowercase:
            subject = text.lower()
            if len(subject) != len(text):
                # Lower-casing changed the length ("İ" becomes two characters), so offsets
                # would shift: match this text case-insensitively instead.
                if self._twin is None:
                    self._twin = Lexicon(self.name, self._entries)
                return self._twin.scan(text, screened=screened or entries is not None)
        if entries is not None:
            return self._scan_entries(text, subject, entries)
        begin = 0
        gated = subject
        if screened:
            gate = None
        elif _ascii_semantics(text):
            gate = self._gates[False] if False in self._gates else self.gate(wide=False)
        else:
            gate = self._gates[True] if True in self._gates else self.gate(wide=True)
            if not self._lowercase and ("\u0130" in subject or "\u0131" in subject):
                # Python's IGNORECASE matches "İ" and "ı" to "i"; RE2's case folding does not.
                gated = subject.replace("\u0130", "i").replace("\u0131", "i")
        if gate is not None:
            # Most texts hit no entry of most lexicons; RE2 says so in linear time, and
            # otherwise where the first possible hit starts, so the scan can begin there.
            first = first_match_start(gate, gated)
            if first is None:
                return []
            begin = first
        scanner = self._scanner or self.scanner()
        hits: list[Hit] = []
        last_end: dict[str, int] = {}
        every = scanner.every.match
        groups = scanner.groups
        for probe in scanner.probes.finditer(subject, begin):
            position = probe.start()
            # The probe tells us some entry matches here; one match finds each that does.
            spans = every(subject, position).regs  # type: ignore[union-attr]  # always matches
            for label, group in groups:
                start, end = spans[group]
                # Entries that did not match (-1) or matched nothing are no hits; nor is a
                # hit nested inside an earlier hit of the same label.
                if end <= start or last_end.get(label, -1) > position:
                    continue
                last_end[label] = end
                hits.append(Hit(label, start, end, text[start:end]))
        return hits

    def _scan_entries(self, text: str, subject: str, entries: Sequence[int]) -> list[Hit]:
        """The hits of the named entries alone: what `scan` finds when no other entry matches.

        Each entry is searched for at every position it matches (a search from one past each
        match start), as the full scan's lookaheads try every entry at every position; the
        matches are then put in the full scan's order (by position, then by entry) and the
        same nesting rule applied."""
        pairs = self._pairs()
        found: list[tuple[int, int, int]] = []
        for index in entries:
            single = self._singles.get(index) or self._single(index)
            search = single.search
            match = search(subject)
            while match is not None:
                start = match.start()
                found.append((start, index, match.end()))
                match = search(subject, start + 1)
        if len(entries) > 1:
            found.sort()
        hits: list[Hit] = []
        last_end: dict[str, int] = {}
        for start, index, end in found:
            label = pairs[index][0]
            if end <= start or last_end.get(label, -1) > start:
                continue
            last_end[label] = end
            hits.append(Hit(label, start, end, text[start:end]))
        return hits

    def _pairs(self) -> list[tuple[str, str]]:
        pairs = self._pattern_pairs
        if pairs is None:
            pairs = self._pattern_pairs = _patterns(self._entries)
        return pairs

    def _single(self, index: int) -> re.Pattern[str]:
        single = re.compile(self._pairs()[index][1], 0 if self._lowercase else re.IGNORECASE)
        self._singles[index] = single
        return single


def _patterns(entries: Mapping[str, str | list[str]]) -> list[tuple[str, str]]:
    """Every (label, pattern) pair, in order."""
    return [
        (label, pattern)
        for label, patterns in entries.items()
        for pattern in ([patterns] if isinstance(patterns, str) else patterns)
    ]


def _alternatives(entries: Mapping[str, str | list[str]]) -> list[str]:
    """Each pattern in its own named group: g0, g1, …"""
    return [f"(?P<g{i}>{pattern})" for i, (_, pattern) in enumerate(_patterns(entries))]


def _compile_scanner(entries: Mapping[str, str | list[str]], lowercase: bool) -> _Scanner:
    flags = 0 if lowercase else re.IGNORECASE
    pairs = _patterns(entries)
    bounded = [pattern[2:] for _, pattern in pairs if _starts_at_boundary(pattern)]
    free = [pattern for _, pattern in pairs if not _starts_at_boundary(pattern)]
    # Each alternative is tried at every position via a lookahead, so overlapping hits of
    # different entries are all reported, not only the leftmost-longest one. Entries that
    # can only start at a word boundary share one leading `\b`, so a position inside a
    # word skips them all with a single test.
    probes = [
        f"{prefix}(?={'|'.join(group)})"
        for prefix, group in ((r"\b", bounded), ("", free))
        if group
    ]
    # At a probe position, one match of this regex tries every entry in C: each entry is
    # an optional lookahead with its own group, so the groups that took part are exactly
    # the entries that match there, each with the span its own regex would give.
    every = re.compile("".join(f"(?:(?={alt})|)" for alt in _alternatives(entries)), flags)
    return _Scanner(
        probes=re.compile("|".join(probes) or "(?!)", flags),
        every=every,
        groups=[(label, every.groupindex[f"g{i}"]) for i, (label, _) in enumerate(pairs)],
    )


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


@functools.lru_cache(maxsize=256)
def _ascii_semantics(text: str) -> bool:
    """Whether Python and RE2 read `text` alike: every character beyond ASCII is punctuation or
    a symbol ("£", "’", "—"), which neither engine counts as a letter, digit or space, and
    there is none of the ASCII controls that only Python's \\s matches. Cached: every lexicon
    scanning a message asks."""
    if text.isascii():  # most text: only the controls could part the engines
        return _ASCII_CONTROLS.search(text) is None
    return not any(
        char < "\x80" or char.isalnum() or char.isspace() for char in set(_NEEDS_CARE.findall(text))
    )


def _compile_gate(
    alternatives: list[str], *, case_sensitive: bool, wide: bool
) -> re2._Regexp | None:
    """An RE2 regex that matches wherever any entry could match, or None if there is none.

    The gate matches a superset of the entries' hits (see `_gate_pattern`), so its first match
    starts no later than the first hit. Patterns RE2 cannot read get no gate and are always
    scanned in full.
    """
    relaxed = [_gate_pattern(alternative, wide=wide) for alternative in alternatives]
    if any(pattern is None for pattern in relaxed):
        return None
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.never_capture = True
    options.log_errors = False
    options.max_mem = _GATE_MEMORY
    try:
        gate = re2.compile("|".join(f"(?:{pattern})" for pattern in relaxed), options)
    except re2.error:
        return None
    # A gate that matches the empty text (an entry made only of assertions) passes every
    # text and would only add cost.
    return None if gate.search("") is not None else gate


def _gate_pattern(pattern: str, *, wide: bool) -> str | None:
    """`pattern` loosened for RE2 so that it matches wherever Python's `re` would.

    Lookarounds, ^ and $ are dropped. With `wide` (for text beyond plain ASCII) \\b and \\B are
    dropped too and \\w, \\d, \\s widened to their Unicode meaning; negated classes need no
    change, as RE2's are already the wider ones. None when the pattern uses syntax the two
    engines read differently ({,n}) or is unbalanced.
    """
    widen = _WIDER_CLASS if wide else {}
    if "{," in pattern:
        return None
    out: list[str] = []
    i, in_class, negated = 0, False, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escape = pattern[i : i + 2]
            letter = escape[1:]
            if in_class:
                out.append(widen[letter] if letter in widen and not negated else escape)
            elif letter in widen:
                out.append(f"[{widen[letter]}]")
            elif not (wide and letter in ("b", "B")):
                out.append(escape)
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
            i += 1
            continue
        if char == "[":
            negated = pattern.startswith("^", i + 1)
            opening = 2 if negated else 1
            # A ']' first in a class is a literal, not the class's end.
            if pattern.startswith("]", i + opening):
                opening += 1
            out.append(pattern[i : i + opening])
            in_class = True
            i += opening
            continue
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            end = _group_end(pattern, i)
            if end is None:
                return None
            i = end
            continue
        if char not in "^$":
            out.append(char)
        i += 1
    return "".join(out)


def _group_end(pattern: str, start: int) -> int | None:
    """Index just after the group that opens at `start`."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 1
            if pattern.startswith("^", i):
                i += 1
            if pattern.startswith("]", i):
                i += 1
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
