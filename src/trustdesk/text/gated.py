"""A Python regex behind an RE2 gate, for the checks' long alternations of phrases.

A check that looks for one of a few hundred phrases ("legally binding", "safe to take with",
"our app is useless") with Python's `re` pays for trying the alternation at every position of
every reply, though almost no reply holds any of them. The gate is the pattern loosened for
RE2 (see `trustdesk.text.lexicon._gate_pattern`): it matches wherever the pattern could, so a
text it rejects has no match, found in one linear pass; any other text is searched by the
Python regex as before, with the same results.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import re2

from trustdesk.policy.patterns import first_match_start
from trustdesk.text.lexicon import _ascii_semantics, _compile_gate


class GatedPattern:
    """`re.compile(pattern, flags)`, whose `finditer` and `search` over a whole text first ask
    the gate. Searches within a part of a text (`pos`, `endpos`) go straight to the regex."""

    def __init__(self, pattern: str, flags: int = 0, *, gate: str | None = None) -> None:
        self.regex = re.compile(pattern, flags)
        # What the gate is made from: the pattern, or one that matches wherever it does.
        self._gate_source = pattern if gate is None else gate
        self._ignore_case = bool(flags & re.IGNORECASE)
        # The gates by width (False: for plain text, True: for text beyond ASCII), compiled on
        # first use; None where the pattern allows no gate. A flag other than IGNORECASE
        # (DOTALL, MULTILINE, VERBOSE) would change what the gate must match: no gate.
        self._gates: dict[bool, re2._Regexp | None] = (
            {} if not flags & ~re.IGNORECASE else {False: None, True: None}
        )
        self._lock = threading.Lock()

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def may_match(self, text: str) -> bool:
        """False only when the regex has no match anywhere in `text`."""
        wide = not _ascii_semantics(text)
        gate = self._gates[wide] if wide in self._gates else self._gate(wide)
        if gate is None:
            return True
        if wide and self._ignore_case and ("\u0130" in text or "\u0131" in text):
            # Python's IGNORECASE matches "İ" and "ı" to "i"; RE2's case folding does not.
            text = text.replace("\u0130", "i").replace("\u0131", "i")
        return first_match_start(gate, text) is not None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.may_match(text) else iter(())

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.may_match(text) else None

    def _gate(self, wide: bool) -> re2._Regexp | None:
        with self._lock:
            if wide not in self._gates:
                self._gates[wide] = _compile_gate(
                    [self._gate_source], case_sensitive=not self._ignore_case, wide=wide
                )
            return self._gates[wide]
