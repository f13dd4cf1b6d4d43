"""One scan per message for every lexicon an engine uses.

Each lexicon has a gate (see `trustdesk.text.lexicon`): an RE2 pattern, loosened from its
entries, that matches wherever one of them could. Asking each lexicon's gate costs one pass over
the message per lexicon. A `LexiconSet`, built once when an engine is built, puts the gates of
all the lexicons its checks declare into one `re2.Set`: one pass over the message says which
of them may match. Those run their exact Python regexes as before; the others have no hits and
cost nothing more. The hits are the same either way (tests/text/test_onepass.py).

The set scans the lower-cased text, so that one pass serves the lexicons matched against it
(`lowercase=True`) and the case-insensitive ones alike (their gates are matched in any case,
even a part written for one case only, `(?-i:...)`). The few texts where lower-casing could
part the engines (a dotless "ı", a long "ſ", the Kelvin sign, a dotted "İ", a lone surrogate)
go lexicon by lexicon, as does any lexicon without a gate.

Why RE2 and not Hyperscan: the `hyperscan` wheels (0.9.x) bundle Vectorscan 5.4.12, which
misses matches on x86 (upstream VectorCamp/vectorscan#382; here, `\b(?:it|the
(?:problem|issue))(?: has)? (?:been )?(?:fixed)` finds nothing in "en it fails, so i can get it
fixed?"), and compiled these gates in 13-18 s. An `re2.Set` compiles them in a fraction of a
second and, once its DFA is warm, answers for all of them in about the time of two single
gates. A set runs on the DFA alone (RE2 checks at compile time that its memory suffices);
`_SET_MEMORY` leaves it ample room.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import re2

from trustdesk.text.lexicon import Lexicon, _ascii_semantics, _gate_pattern, _patterns

# Characters that Python's case-insensitive matching or lower-casing maps onto ASCII letters
# (found by trying every code point); with them lower-casing is not a neutral step.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
# Room for the DFA of all gates at once, widened ones included.
_SET_MEMORY = 96 << 20


# The entries of each screened lexicon that may match a text (indices in the order of the
# lexicon's patterns), or None for "any of them": the lexicon is scanned whole.
Fired = Mapping[str, Sequence[int] | None]


class _Gates:
    """One compiled set of gates, one per lexicon entry, and the entry each index stands for."""

    def __init__(self, lexicons: tuple[Lexicon, ...], *, wide: bool) -> None:
        options = re2.Options()
        options.never_capture = True
        options.log_errors = False
        options.max_mem = _SET_MEMORY
        self._set: Any = re2.Set.SearchSet(options)
        owners: list[tuple[str, int]] = []
        refused: set[str] = set()
        for lexicon in lexicons:
            sources = entry_gates(lexicon, wide=wide)
            if sources is None:
                continue
            for entry, source in enumerate(sources):
                try:
                    self._set.Add(source)
                except re2.error:
                    # Entries added before stay in the set; their lexicon is not screened.
                    refused.add(lexicon.name)
                    break
                owners.append((lexicon.name, entry))
        try:
            self._set.Compile()
        except re2.error:  # too large even for `_SET_MEMORY`: every lexicon keeps its gate
            self._set, owners = None, []
        # A gate that matches the empty text passes every text: its lexicon keeps its own path.
        empty = self._set.Match("") or () if self._set is not None else ()
        refused.update(owners[i][0] for i in empty)
        self.covered = frozenset(name for name, _ in owners if name not in refused)
        # Each index's lexicon (None where that lexicon is not screened) and entry.
        self._names = tuple(name if name in self.covered else None for name, _ in owners)
        self._entries = tuple(entry for _, entry in owners)

    def fired(self, lower: str) -> dict[str, list[int]]:
        if self._set is None:
            return {}
        names, entries = self._names, self._entries
        fired: dict[str, list[int]] = {}
        for index in self._set.Match(lower) or ():
            name = names[index]
            if name is not None:
                found = fired.get(name)
                if found is None:
                    fired[name] = [entries[index]]
                else:
                    found.append(entries[index])
        return fired


class LexiconSet:
    """The lexicons an engine uses, screened together by one scan of each message.

    `covers(lexicon)` says whether the set screens that lexicon; `fired(text, lower)` gives the
    covered lexicons that may match `text`, each with the entries that may, or None when this
    text must be scanned lexicon by lexicon. The gates for plain text are compiled when the set
    is made; those for text beyond ASCII (wider classes, a larger DFA) when such a text first
    comes.
    """

    def __init__(self, lexicons: Iterable[Lexicon]) -> None:
        by_name: dict[str, Lexicon] = {}
        for lexicon in lexicons:
            known = by_name.setdefault(lexicon.name, lexicon)
            if not _same(known, lexicon):
                raise ValueError(f"two different lexicons are called {lexicon.name!r}")
        self.lexicons = tuple(sorted(by_name.values(), key=lambda lexicon: lexicon.name))
        self._narrow = _Gates(self.lexicons, wide=False)
        self._wide: _Gates | None = None
        self._lock = threading.Lock()
        # The lexicons with a gate are screened; any other keeps its own path. (Whether a
        # pattern allows a gate does not depend on the width; a lexicon whose wide gate RE2
        # refuses counts as fired on every wide text.)
        self._covered = {lx.name: lx for lx in self.lexicons if lx.name in self._narrow.covered}

    @property
    def screened(self) -> frozenset[str]:
        """The names of the lexicons this set screens in its one scan."""
        return frozenset(self._covered)

    def covers(self, lexicon: Lexicon) -> bool:
        known = self._covered.get(lexicon.name)
        return known is not None and (known is lexicon or _same(known, lexicon))

    def fired(self, text: str, lower: str) -> Fired | None:
        """The screened lexicons that may match `text` (`lower` is `text.lower()`), with the
        entries of each that may, or None when `text` must be scanned lexicon by lexicon."""
        if not text.isascii() and (len(lower) != len(text) or _FOLDS_TO_ASCII.search(text)):
            return None
        gates = self._narrow if _ascii_semantics(text) else self._wide or self._wide_gates()
        try:
            fired = gates.fired(lower)
        except UnicodeEncodeError:  # a lone surrogate
            return None
        if gates is self._narrow:
            return fired
        # A lexicon whose wide gates RE2 could not take, or that match the empty text, may
        # match anywhere: report it as fired, every entry of it.
        unscreened: dict[str, Sequence[int] | None] = dict.fromkeys(self.screened - gates.covered)
        return {**fired, **unscreened}

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        # A compiled set does not travel with a pickled analysis (a worker's batch): the
        # process that reads it back has its own engine and set, and an analysis without one
        # scans lexicon by lexicon.
        return _dropped, ()

    def _wide_gates(self) -> _Gates:
        with self._lock:
            if self._wide is None:
                self._wide = _Gates(self.lexicons, wide=True)
            return self._wide


def _dropped() -> None:
    return None


def _same(one: Lexicon, other: Lexicon) -> bool:
    return one.lowercase == other.lowercase and (
        one.entries is other.entries or one.entries == other.entries
    )


@functools.lru_cache(maxsize=16)
def _lexicon_set(lexicons: tuple[Lexicon, ...]) -> LexiconSet:
    return LexiconSet(lexicons)


def lexicon_set(lexicons: Iterable[Lexicon]) -> LexiconSet:
    """The set of `lexicons`, compiled once and shared by the engines that use the same ones."""
    unique = {id(lexicon): lexicon for lexicon in lexicons}
    return _lexicon_set(tuple(sorted(unique.values(), key=lambda lx: (lx.name, id(lx)))))


def entry_gates(lexicon: Lexicon, *, wide: bool) -> list[str] | None:
    """The gate of each of the lexicon's entries for the lower-cased text, as RE2 patterns;
    None when an entry allows no gate."""
    relaxed = [_gate_pattern(pattern, wide=wide) for _, pattern in _patterns(lexicon.entries)]
    if not relaxed or any(pattern is None for pattern in relaxed):
        return None
    # Matched in any case, even a part written for one case only.
    sources = [f"(?:{pattern})".replace("(?-i:", "(?:") for pattern in relaxed if pattern]
    if len(sources) != len(relaxed):
        return None  # an empty entry matches everywhere
    return sources if lexicon.lowercase else [f"(?i:{source})" for source in sources]
