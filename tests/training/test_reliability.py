"""Judgement scores per principle and Cronbach's alpha of each principle's items."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustdesk.training.judgement import Answer
from trustdesk.training.reliability import (
    cronbach_alpha,
    principle_reliability,
    principle_scores,
    scale_reliability,
)

# Worked by hand: item variances 0.1875 + 0.25 + 0.1875 = 0.625, totals 3, 2, 1, 0 have
# variance 1.25, so alpha = 3 / 2 * (1 - 0.625 / 1.25) = 0.75.
HAND_WORKED = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_alpha_of_a_hand_worked_table() -> None:
    assert cronbach_alpha(HAND_WORKED) == pytest.approx(0.75)


def test_alpha_is_undefined_without_two_items_two_people_or_a_spread() -> None:
    assert cronbach_alpha([[1], [0], [1]]) is None
    assert cronbach_alpha([[1, 0]]) is None
    assert cronbach_alpha([[1, 0], [0, 1], [1, 0]]) is None  # every total is 1
    with pytest.raises(ValueError, match="every item"):
        cronbach_alpha([[1, 0], [1]])


tables = st.integers(min_value=2, max_value=6).flatmap(
    lambda k: st.lists(
        st.lists(st.integers(min_value=0, max_value=1), min_size=k, max_size=k),
        min_size=2,
        max_size=12,
    )
)


@given(st.lists(st.integers(min_value=0, max_value=1), min_size=2, max_size=20), st.integers(2, 6))
def test_alpha_of_identical_items_is_one(column: list[int], k: int) -> None:
    alpha = cronbach_alpha([[value] * k for value in column])
    if len(set(column)) == 1:
        assert alpha is None  # no spread
    else:
        assert alpha == pytest.approx(1.0)


@given(tables, st.randoms(use_true_random=False))
def test_alpha_is_at_most_one_and_ignores_the_order_of_people_and_items(
    table: list[list[int]], shuffle: random.Random
) -> None:
    alpha = cronbach_alpha(table)
    people = table[:]
    shuffle.shuffle(people)
    order = list(range(len(table[0])))
    shuffle.shuffle(order)
    shuffled = cronbach_alpha([[row[i] for i in order] for row in people])
    if alpha is None:
        assert shuffled is None
    else:
        assert alpha <= 1.0 + 1e-9
        assert shuffled == pytest.approx(alpha)


def _answers(table: list[list[int]], items: list[str]) -> list[Answer]:
    return [
        Answer(person=f"p{n}", item=item, option="x", correct=bool(row[i]))
        for n, row in enumerate(table)
        for i, item in enumerate(items)
    ]


def test_alpha_per_principle_needs_two_items_and_five_people_and_says_why_not() -> None:
    table = [*HAND_WORKED, [1, 1, 1]]
    trains = {"a": ["honesty"], "b": ["honesty", "privacy"], "c": ["honesty"]}
    rows = {r.principle: r for r in principle_reliability(_answers(table, ["a", "b", "c"]), trains)}
    # Totals 3, 2, 1, 0, 3: item variances 0.16 + 0.24 + 0.24, total variance 1.36.
    assert rows["honesty"].alpha == pytest.approx(round(1.5 * (1 - 0.64 / 1.36), 3))
    assert (rows["honesty"].items, rows["honesty"].people, rows["honesty"].reason) == (3, 5, None)
    assert rows["privacy"].alpha is None
    assert rows["privacy"].reason == "only 1 item trains it; alpha needs at least 2"
    four = principle_reliability(_answers(HAND_WORKED, ["a", "b", "c"]), trains)
    assert four[0].alpha is None
    assert four[0].reason == "4 people answered all its items; alpha needs at least 5"


def test_alpha_counts_only_people_who_answered_every_item_of_the_principle() -> None:
    table = [*HAND_WORKED, [1, 1, 1], [0, 1, 1]]
    answers = _answers(table, ["a", "b", "c"])[:-1]  # the last person skipped item c
    (row,) = principle_reliability(answers, {"a": ["honesty"], "b": ["honesty"], "c": ["honesty"]})
    assert row.people == 5


def test_scores_per_principle_count_an_item_on_each_principle_it_trains() -> None:
    answers = [
        Answer("ann", "a", "b", True),
        Answer("ann", "b", "a", False),
        Answer("lee", "b", "c", True),
        Answer("ann", "unknown", "a", True),
    ]
    trains = {"a": ["honesty"], "b": ["honesty", "privacy"]}
    got = {
        (s.person, s.principle): (s.correct, s.answered) for s in principle_scores(answers, trains)
    }
    assert got == {
        ("ann", "honesty"): (1, 2),
        ("ann", "privacy"): (0, 1),
        ("lee", "honesty"): (1, 1),
        ("lee", "privacy"): (1, 1),
    }


def test_a_whole_assessment_is_one_scale_whatever_its_items_train() -> None:
    table = [*HAND_WORKED, [1, 1, 1]]
    whole = scale_reliability(_answers(table, ["a", "b", "c"]), ["a", "b", "c"], "all")
    assert (whole.principle, whole.items, whole.people) == ("all", 3, 5)
    assert whole.alpha == pytest.approx(0.794, abs=1e-3)
    one = scale_reliability(_answers(table, ["a"]), ["a"], "all")
    assert one.alpha is None and one.reason == "only 1 item trains it; alpha needs at least 2"
