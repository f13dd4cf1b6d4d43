"""Lookups by character offset in lists sorted by start (sentences, time expressions, hits).

Checks often ask "which sentence holds this offset" or "which items fall in this span"; on a
long message a linear scan per question is quadratic, so these bisect instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Protocol, TypeVar


class Located(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=Located)


def _start(item: Located) -> int:
    return item.start


def starting_within(items: Sequence[T], start: int, end: int) -> list[T]:
    """The items (sorted by start) that start in [start, end)."""
    low = bisect_left(items, start, key=_start)
    high = bisect_left(items, end, key=_start)
    return list(items[low:high])


def any_starting_within(items: Sequence[T], start: int, end: int) -> bool:
    """Whether an item (sorted by start) starts in [start, end)."""
    index = bisect_left(items, start, key=_start)
    return index < len(items) and items[index].start < end


def any_within(offsets: Sequence[int], start: int, end: int) -> bool:
    """Whether an offset (sorted) lies in [start, end)."""
    index = bisect_left(offsets, start)
    return index < len(offsets) and offsets[index] < end


def containing(items: Sequence[T], offset: int) -> T | None:
    """The item (sorted by start, not overlapping) whose span holds `offset`."""
    index = bisect_right(items, offset, key=_start) - 1
    if index >= 0 and items[index].start <= offset < items[index].end:
        return items[index]
    return None


def last_ending_by(items: Sequence[T], offset: int) -> T | None:
    """The last item (sorted, not overlapping) that ends at or before `offset`."""
    index = bisect_right(items, offset, key=_start) - 1
    while index >= 0 and items[index].end > offset:
        index -= 1
    return items[index] if index >= 0 else None
