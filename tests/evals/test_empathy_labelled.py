"""The hand-labelled social threads keep empathy.missing's precision and recall."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCRIPT = "empathy_labelled"

Floors = Callable[[str, str, float, float], None]


def test_fixture_shape(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 30
    assert {e["check"] for row in rows for e in row["expect"]} == {"empathy.missing"}
    assert sum(not row["expect"] for row in rows) >= 12  # threads that need no acknowledgement
    assert all(row["meta"]["note"] for row in rows)


def test_floors(floors: Floors) -> None:
    floors("all", "empathy.missing", 0.9, 0.8)
