"""The labelled promise conversations keep their precision and recall (floors a little under
the figures reached, so a regression in the commitment patterns or the checks shows here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SCRIPT = "promises_labelled"
CHECKS = {"promises.vague", "promises.unrealistic", "promises.broken", "honesty.policy_conflict"}

Floors = Callable[[str, str, float, float], None]


def test_fixture_covers_every_check_with_positives_and_negatives(
    rows: list[dict[str, Any]],
) -> None:
    assert len(rows) >= 40
    labelled = {e["check"] for row in rows for e in row["expect"]}
    assert labelled == CHECKS
    assert sum(1 for row in rows if not row["expect"]) >= 15
    assert {row["meta"]["split"] for row in rows} == {"dev", "holdout"}


@pytest.mark.parametrize(
    ("check", "precision", "recall"),
    [
        ("promises.vague", 0.9, 0.9),
        ("promises.unrealistic", 0.9, 0.85),
        ("promises.broken", 0.9, 0.9),
        ("honesty.policy_conflict", 0.9, 0.85),
    ],
)
def test_whole_set_floors(floors: Floors, check: str, precision: float, recall: float) -> None:
    floors("all", check, precision, recall)


def test_holdout_floor(floors: Floors) -> None:
    floors("holdout", "micro", 0.9, 0.85)
