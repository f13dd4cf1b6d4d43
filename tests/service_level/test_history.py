"""What a draft's history gives is read once while the very same history comes back, and read
again as soon as it differs: another conversation, a message rebuilt, a message changed."""

from __future__ import annotations

from datetime import timedelta

from support import conversation
from trustdesk.engine import Engine
from trustdesk.model import Conversation, Message, Role
from trustdesk.service_level.history import HistoryCache
from trustdesk.service_level.waits import walk, walk_after_history
from trustdesk.text.analysis import MessageAnalysis

ENGINE = Engine()
HOUR = timedelta(hours=1)


def _history(*texts: str) -> list[Message]:
    turns = [("customer" if i % 2 == 0 else "agent", text, HOUR) for i, text in enumerate(texts)]
    return Conversation.parse(conversation(*turns)).messages


class _Reads:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        return self.count


def test_the_same_history_is_read_once() -> None:
    cache: HistoryCache[int] = HistoryCache()
    history = _history("Where is my order?", "Let me check.", "Any update?")
    reads = _Reads()
    assert [cache.get(history, reads) for _ in range(3)] == [1, 1, 1]
    # A new list of the same message objects is the same history.
    assert cache.get(list(history), reads) == 1
    assert reads.count == 1


def test_another_history_is_read_again_even_when_equal() -> None:
    cache: HistoryCache[int] = HistoryCache()
    reads = _Reads()
    first = _history("Where is my order?", "Let me check.")
    rebuilt = _history("Where is my order?", "Let me check.")
    cache.get(first, reads)
    cache.get(rebuilt, reads)
    cache.get(first[:1], reads)
    assert reads.count == 3


def test_a_message_changed_since_is_read_again() -> None:
    cache: HistoryCache[int] = HistoryCache()
    reads = _Reads()
    history = _history("Where is my order?", "Let me check.")
    cache.get(history, reads)
    changes = [
        ("text", "Where is my refund?"),
        ("role", Role.BOT),
        ("author", "sam"),
        ("at", history[1].at + HOUR if history[1].at else None),
    ]
    for field, value in changes:
        setattr(history[1], field, value)
        before = reads.count
        cache.get(history, reads)
        assert reads.count == before + 1, field
        cache.get(history, reads)
        assert reads.count == before + 1, field


def test_variants_are_read_apart_and_the_cache_is_bounded() -> None:
    cache: HistoryCache[int] = HistoryCache(size=3)
    reads = _Reads()
    history = _history("Where is my order?")
    cache.get(history, reads, variant=12)
    cache.get(history, reads, variant=3)
    assert reads.count == 2
    for text in ("one", "two", "three", "four"):
        cache.get(_history(text), reads)
    assert len(cache) == cache.size


def test_the_cache_is_bounded_by_messages_too() -> None:
    cache: HistoryCache[int] = HistoryCache(size=10, max_messages=5)
    reads = _Reads()
    long = _history("one", "two", "three", "four", "five", "six")
    cache.get(long, reads)
    cache.get(long, reads)
    assert reads.count == 2 and len(cache) == 0  # longer than the bound: read every time
    three = _history("one", "two", "three")
    cache.get(three, reads)
    cache.get(three, reads)
    assert reads.count == 3
    cache.get(_history("four", "five", "six"), reads)
    assert len(cache) == 1  # the first history made room for the second


def test_the_walk_after_a_history_is_the_walk_of_the_whole_conversation() -> None:
    history = _history(
        "My parcel never arrived. Where is it?",
        "Let me check with the courier and get back to you.",
        "Any news?",
        "It is at the depot; it will be delivered tomorrow.",
        "Thanks, that's all!",
        "You're welcome.",
        "Actually, it still hasn't come. Can you check again?",
    )
    analysed: list[Message] = []

    def analyse(message: Message) -> MessageAnalysis:
        analysed.append(message)
        return ENGINE.analyse(message)

    at = history[-1].at
    for number, text in enumerate(["Sorry, checking now.", "I'll look into it and update you."]):
        draft = Message(id=f"d{number}", role=Role.AGENT, text=text, at=at and at + HOUR)
        analysed.clear()
        for closing_max_words in (12, 2):
            messages = [*history, draft]
            assert walk_after_history(messages, analyse, closing_max_words) == walk(
                messages, ENGINE.analyse, closing_max_words
            )
        # From the second draft on, the history is not read again: only the draft is.
        if number:
            assert set(map(id, analysed)) == {id(draft)}
