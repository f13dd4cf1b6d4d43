"""Flesch reading ease from the shared segmentation, with a dictionary-free syllable count."""

from __future__ import annotations

import pytest

from scaling import assert_linear_steps
from trustdesk.text.readability import flesch, measure, syllables
from trustdesk.text.sentences import split_sentences, words
from trustdesk.text.spans import Span


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("cat", 1),
        ("make", 1),
        ("table", 2),
        ("people", 2),
        ("asked", 1),
        ("wanted", 2),
        ("boxes", 2),
        ("agreed", 2),
        ("refund", 2),
        ("delivery", 4),
        ("information", 4),
        ("reimbursement", 4),
        ("9.99", 1),
        ("42", 1),
        ("Queue", 1),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def _measure(text: str) -> float:
    return measure(split_sentences(text), words(text)).reading_ease


def test_plain_text_scores_high_and_dense_text_low() -> None:
    plain = "I'm sorry about that. Your refund is on its way. It should reach you by Friday."
    dense = (
        "Notwithstanding the aforementioned documentation, reimbursement eligibility "
        "determinations necessitate comprehensive organisational authorisation procedures."
    )
    assert _measure(plain) > 80
    assert _measure(dense) < 0


def test_hardest_sentence_ignores_very_short_ones() -> None:
    text = (
        "Unfortunately. The organisational reimbursement authorisation procedure "
        "necessitates documentation. We can help you today with that."
    )
    result = measure(split_sentences(text), words(text))
    hardest = result.hardest(min_words=4)
    assert hardest is not None
    assert hardest.sentence.text.startswith("The organisational")
    assert result.words == 15
    assert len(result.sentences) == 3


def test_empty_and_wordless_text() -> None:
    assert flesch(0, 0, 0) == 100.0
    assert measure([], []).hardest() is None
    assert measure(split_sentences("... !!!"), words("... !!!")).reading_ease == 100.0


def test_long_text_stays_linear() -> None:
    def segmented(n: int) -> tuple[list[Span], list[Span]]:
        text = "The refund was approved yesterday and reaches your card soon. " * n
        return split_sentences(text), words(text)

    assert measure(*segmented(2000)).words == 20_000
    assert_linear_steps(segmented, lambda both: measure(*both), 100)
