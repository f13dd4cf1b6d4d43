"""The hand-labelled privacy and rudeness conversations keep their precision and recall
(floors a little under the figures reached on each split)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SCRIPT = "privacy_labelled"

Floors = Callable[[str, str, float, float], None]


def test_fixture_covers_every_check_and_split(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 30
    labelled = {e["check"] for row in rows for e in row["expect"]}
    assert labelled == {"privacy.secret_request", "privacy.exposure", "respect.rude"}
    assert {row["meta"]["split"] for row in rows} == {"dev", "holdout"}
    assert sum(1 for row in rows if not row["expect"]) >= 10


@pytest.mark.parametrize(
    ("split", "check", "precision", "recall"),
    [
        ("dev", "privacy.secret_request", 0.95, 0.95),
        ("dev", "privacy.exposure", 0.95, 0.95),
        ("dev", "respect.rude", 0.95, 0.95),
        ("holdout", "privacy.secret_request", 0.95, 0.6),
        ("holdout", "privacy.exposure", 0.95, 0.95),
        ("holdout", "respect.rude", 0.95, 0.5),
    ],
)
def test_quality_per_check(
    floors: Floors, split: str, check: str, precision: float, recall: float
) -> None:
    floors(split, check, precision, recall)
