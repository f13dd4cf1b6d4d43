"""Lexicon: the shared word-boundary probe and the lower-case mode find exactly what the plain
case-insensitive scan finds, with offsets and quotes from the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustdesk.text.lexicon import Lexicon, _starts_at_boundary

ENTRIES: dict[str, str | list[str]] = {
    "urgency": [r"\bact now\b", r"\bonly \d+ left\b", r"\b(?:hurry|rush)\b"],
    "money": [r"[£$€]\s?\d+", r"\b\d+ ?% off\b"],
    "negation": [r"n't\b", r"\bnot\b"],
}
PLAIN = Lexicon("test.plain", ENTRIES)
LOWER = Lexicon("test.lower", ENTRIES, lowercase=True)


def as_tuples(lexicon: Lexicon, text: str) -> list[tuple[str, int, int, str]]:
    return [(h.label, h.start, h.end, h.text) for h in lexicon.scan(text)]


@pytest.mark.parametrize(
    "text",
    [
        "HURRY! Only 3 LEFT, act NOW and get 20% OFF, £5 off too. Don't wait.",
        "Nothing here at all.",
        "",
        "İstanbul: ONLY 2 LEFT",  # lower-casing "İ" changes the length
    ],
)
def test_lowercase_mode_matches_the_case_insensitive_scan(text: str) -> None:
    assert as_tuples(LOWER, text) == as_tuples(PLAIN, text)


def test_quotes_keep_the_original_casing() -> None:
    assert [h.text for h in LOWER.scan("ACT NOW, only 2 LEFT")] == ["ACT NOW", "only 2 LEFT"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAcCtTnNoOwWlLyY12 %£'.!İ")), max_size=60))
def test_both_modes_agree_on_any_text(text: str) -> None:
    assert as_tuples(LOWER, text) == as_tuples(PLAIN, text)


@pytest.mark.parametrize(
    ("pattern", "bounded"),
    [
        (r"\bact now\b", True),
        (r"\b(?:a|b)c", True),
        (r"\bfoo|bar", False),  # the second branch may start anywhere
        (r"\b[|]x", True),
        (r"\b\|x", True),
        (r"n't\b", False),
        (r"\b?x", False),
    ],
)
def test_word_boundary_detection(pattern: str, bounded: bool) -> None:
    assert _starts_at_boundary(pattern) is bounded


def test_an_empty_lexicon_finds_nothing() -> None:
    assert Lexicon("test.empty", {}).scan("anything") == []
    assert Lexicon("test.empty.lower", {}, lowercase=True).scan("anything") == []
