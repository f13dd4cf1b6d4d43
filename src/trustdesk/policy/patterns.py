"""Patterns a policy configures, compiled with RE2 so that no pattern can hang the engine.

RE2 matches in time linear in the text and rejects the constructs (backreferences,
lookaround) that make backtracking engines explode on hostile input.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import re2

_UNANCHORED = re2._Anchor.UNANCHORED
_OPTIONS = re2.Options()
_OPTIONS.case_sensitive = False
_OPTIONS.max_mem = 8 << 20  # a huge pattern fails to compile rather than eating memory
_OPTIONS.log_errors = False  # the reason goes into our error, not onto stderr


@functools.lru_cache(maxsize=1024)
def compile_user_pattern(pattern: str) -> Any:
    """Compile an RE2 pattern (case-insensitive); raise ValueError naming RE2's reason."""
    if len(pattern) > 2000:
        raise ValueError("pattern is longer than 2000 characters")
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(f"invalid pattern {pattern!r}: {reason}") from None


@functools.lru_cache(maxsize=4096)
def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A literal phrase as a case-insensitive, whitespace-tolerant, word-bounded pattern."""
    words = [re.escape(word) for word in phrase.split()]
    body = r"\s+".join(words)
    left = r"\b" if phrase[:1].isalnum() else ""
    right = r"\b" if phrase[-1:].isalnum() else ""
    return re.compile(f"{left}{body}{right}", re.IGNORECASE)


def find_spans(
    text: str, *, phrase: str | None = None, pattern: str | None = None
) -> Iterator[tuple[int, int]]:
    """Spans of a policy phrase or pattern in `text`."""
    if phrase is not None:
        for match in compile_phrase(phrase).finditer(text):
            yield match.start(), match.end()
    elif pattern is not None:
        compiled = compile_user_pattern(pattern)
        if first_match_start(compiled, text) is None:
            return  # the common case, answered without pyre2's match objects
        for match in compiled.finditer(text):
            if match.end() > match.start():
                yield match.start(), match.end()


def first_match_start(regex: Any, text: str) -> int | None:
    """Where the RE2 `regex` first matches in `text` (a character offset), or None: what
    `regex.search(text)` says, without the match object, whose making (every offset mapped
    from bytes back to characters) costs more than the search itself."""
    encoded = text.encode("utf-8")
    start: int = regex._regexp.Match(_UNANCHORED, encoded, 0, len(encoded))[0][0]
    if start < 0:
        return None
    return start if len(encoded) == len(text) else len(encoded[:start].decode("utf-8"))
