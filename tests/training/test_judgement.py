"""Situational-judgement items and their statistics."""

from __future__ import annotations

import pytest

from trustdesk.errors import InputError
from trustdesk.model import Principle
from trustdesk.training.judgement import Answer, item_statistics, judgement_item, judgement_items


def test_the_shipped_items_cover_every_principle_with_one_best_option_each() -> None:
    items = judgement_items()
    assert {p for item in items for p in item.principles} == set(Principle)
    # Two items a principle at least, so each principle's alpha can be worked out.
    trained = [p for item in items for p in item.principles]
    assert all(trained.count(principle) >= 2 for principle in Principle)
    assert all(sum(o.best for o in item.options) == 1 for item in items)
    assert len({item.id for item in items}) == len(items)


def test_an_unknown_item_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="no judgement item 'nope'"):
        judgement_item("nope")


def _answers(table: dict[str, dict[str, str]], key: dict[str, str]) -> list[Answer]:
    return [
        Answer(person, item, option, option == key[item])
        for person, chosen in table.items()
        for item, option in chosen.items()
    ]


def test_difficulty_discrimination_and_option_counts() -> None:
    key = {"i1": "b", "i2": "a", "i3": "c"}
    # Those who get i2 and i3 right also get i1 right: i1 discriminates. i3 is answered the
    # other way round by the strong and weak people: it discriminates negatively.
    table = {
        "p1": {"i1": "b", "i2": "a", "i3": "a"},
        "p2": {"i1": "b", "i2": "a", "i3": "d"},
        "p3": {"i1": "a", "i2": "b", "i3": "c"},
        "p4": {"i1": "c", "i2": "c", "i3": "c"},
        "p5": {"i1": "b", "i2": "a", "i3": "c"},
    }
    stats = {s.item: s for s in item_statistics(_answers(table, key), ["i1", "i2", "i3", "i4"])}
    assert stats["i1"].difficulty == 0.6
    assert stats["i1"].chosen == {"a": 1, "b": 3, "c": 1}
    assert stats["i1"].discrimination == 0.408  # worked by hand: 0.4 / sqrt(1.2 * 0.8)
    assert stats["i3"].discrimination is not None and stats["i3"].discrimination < 0
    assert (stats["i4"].answers, stats["i4"].difficulty, stats["i4"].discrimination) == (
        0,
        None,
        None,
    )


def test_no_spread_or_too_few_answers_give_no_discrimination() -> None:
    key = {"i1": "a", "i2": "a"}
    everyone_right = {p: {"i1": "a", "i2": "a"} for p in ("p1", "p2", "p3")}
    stats = item_statistics(_answers(everyone_right, key), ["i1"])
    assert (stats[0].difficulty, stats[0].discrimination) == (1.0, None)
    two = {"p1": {"i1": "a", "i2": "b"}, "p2": {"i1": "b", "i2": "a"}}
    assert item_statistics(_answers(two, key), ["i1"])[0].discrimination is None
