"""The incident-style bot conversations keep the guard's checks' figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SCRIPT = "bot_incidents_labelled"

Floors = Callable[[str, str, float, float], None]


def test_fixture_shape(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 40
    labelled = {e["check"] for row in rows for e in row["expect"]}
    assert labelled == {
        "honesty.policy_conflict",
        "honesty.unsupported_claim",
        "honesty.authority",
        "conduct.role_break",
    }
    assert sum(not row["expect"] for row in rows) >= 15  # good replies that must pass


@pytest.mark.parametrize(
    ("check", "precision", "recall"),
    [
        ("micro", 1.0, 0.95),
        ("honesty.policy_conflict", 1.0, 1.0),
        ("honesty.authority", 1.0, 1.0),
        ("honesty.unsupported_claim", 1.0, 1.0),
        # The poem without a verb: see the script's docstring.
        ("conduct.role_break", 1.0, 0.8),
    ],
)
def test_floors(floors: Floors, check: str, precision: float, recall: float) -> None:
    floors("all", check, precision, recall)
