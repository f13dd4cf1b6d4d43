"""What a draft's history gives, read once while the same history comes back with each draft.

A desk or a bot checks draft after draft against one conversation: the messages before the
draft are the same objects every time, and what is read from them alone (the waits walked so
far, who wrote to whom) is the same too. `HistoryCache` keeps a few such readings, each with
the messages it was read from, and serves one only when the history is made of the very same
message objects saying the very same thing (role, author, time and text, compared by
identity: a message changed since, or rebuilt equal, is read again). The messages are held
by the entry, so their ids cannot be reused by other messages while it lives.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from trustdesk.model import Message

T = TypeVar("T")

# A handful of conversations being answered at once; each entry holds its history's messages
# (and so their analyses), so long histories are bounded by their messages too.
HISTORY_CACHE_SIZE = 16
HISTORY_CACHE_MESSAGES = 2048


def _said(messages: Sequence[Message]) -> tuple[object, ...]:
    """Each message with what it says, for comparison by identity."""
    said: list[object] = []
    for message in messages:
        said += (message, message.role, message.author, message.at, message.text)
    return tuple(said)


def _same(said: tuple[object, ...], messages: Sequence[Message]) -> bool:
    if len(said) != 5 * len(messages):
        return False
    for position, message in enumerate(messages):
        at = 5 * position
        if not (
            said[at] is message
            and said[at + 1] is message.role
            and said[at + 2] is message.author
            and said[at + 3] is message.at
            and said[at + 4] is message.text
        ):
            return False
    return True


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    said: tuple[object, ...]
    value: T


class HistoryCache(Generic[T]):
    """The last `size` readings of histories (of `max_messages` messages in all), by the
    history's message objects and a `variant` (what else the reading depends on, such as a
    threshold). A history longer than `max_messages` is read every time."""

    def __init__(
        self, size: int = HISTORY_CACHE_SIZE, max_messages: int = HISTORY_CACHE_MESSAGES
    ) -> None:
        self.size = size
        self.max_messages = max_messages
        self._entries: OrderedDict[tuple[Hashable, ...], _Entry[T]] = OrderedDict()
        self._messages = 0
        self._lock = threading.Lock()

    def get(self, history: Sequence[Message], read: Callable[[], T], variant: Hashable = None) -> T:
        """The reading of `history` (`read()` when this history was not read before)."""
        key = (variant, *map(id, history))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and _same(entry.said, history):
                self._entries.move_to_end(key)
                return entry.value
        if len(history) > self.max_messages:
            return read()
        said = _said(history)  # before reading: a message changed meanwhile is not served
        value = read()
        with self._lock:
            replaced = self._entries.pop(key, None)
            if replaced is not None:
                self._messages -= len(replaced.said) // 5
            self._entries[key] = _Entry(said, value)
            self._messages += len(history)
            while len(self._entries) > self.size or self._messages > self.max_messages:
                _, dropped = self._entries.popitem(last=False)
                self._messages -= len(dropped.said) // 5
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._messages = 0

    def __len__(self) -> int:
        return len(self._entries)
