"""A piece of a message's text with its character offsets."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """Immutable and cheap to make: texts yield one per word, and a frozen dataclass costs
    several times more to construct."""

    start: int
    end: int
    text: str

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end
