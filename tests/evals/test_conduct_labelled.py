"""The labelled conduct conversations keep their precision and recall (floors a little under
the figures reached, so a regression in the word lists or default patterns shows here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SCRIPT = "conduct_labelled"

Floors = Callable[[str, str, float, float], None]


def test_fixture_covers_every_check_and_split(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 25
    labelled = {e["check"] for row in rows for e in row["expect"]}
    assert labelled == {"respect.jargon", "conduct.never_say", "conduct.must_disclose"}
    assert {row["meta"]["split"] for row in rows} == {"dev", "holdout"}


@pytest.mark.parametrize(
    ("check", "precision", "recall"),
    [
        ("respect.jargon", 0.85, 0.75),
        ("conduct.never_say", 0.85, 0.95),
        ("conduct.must_disclose", 0.95, 0.95),
    ],
)
def test_whole_set_floors(floors: Floors, check: str, precision: float, recall: float) -> None:
    floors("all", check, precision, recall)


def test_holdout_floor(floors: Floors) -> None:
    floors("holdout", "micro", 0.8, 0.75)
