"""Offset lookups in sorted spans agree with a plain scan."""

from __future__ import annotations

from trustdesk.text.ranges import containing, last_ending_by, starting_within
from trustdesk.text.spans import Span

SENTENCES = [Span(0, 10, "a"), Span(11, 20, "b"), Span(25, 30, "c")]


def test_starting_within() -> None:
    assert starting_within(SENTENCES, 0, 11) == SENTENCES[:1]
    assert starting_within(SENTENCES, 11, 31) == SENTENCES[1:]
    assert starting_within(SENTENCES, 12, 24) == []


def test_containing() -> None:
    assert containing(SENTENCES, 0) == SENTENCES[0]
    assert containing(SENTENCES, 19) == SENTENCES[1]
    assert containing(SENTENCES, 10) is None
    assert containing(SENTENCES, 22) is None
    assert containing([], 3) is None


def test_last_ending_by() -> None:
    assert last_ending_by(SENTENCES, 25) == SENTENCES[1]
    assert last_ending_by(SENTENCES, 11) == SENTENCES[0]
    assert last_ending_by(SENTENCES, 5) is None
