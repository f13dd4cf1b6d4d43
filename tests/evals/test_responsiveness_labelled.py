"""The labelled, timed conversations keep the responsiveness checks' precision and recall."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SCRIPT = "responsiveness_labelled"

Floors = Callable[[str, str, float, float], None]


def test_fixture_shape(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 30
    labelled = {e["check"] for row in rows for e in row["expect"]}
    assert labelled == {"responsiveness.wait", "responsiveness.chasing"}
    assert {row["meta"]["split"] for row in rows} == {"dev", "holdout"}
    assert sum(not row["expect"] for row in rows) >= 10  # clean conversations


@pytest.mark.parametrize("check", ["responsiveness.wait", "responsiveness.chasing"])
def test_floors(floors: Floors, check: str) -> None:
    floors("all", check, 0.95, 0.9)
