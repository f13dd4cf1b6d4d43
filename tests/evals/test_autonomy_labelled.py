"""The labelled autonomy and personalisation conversations keep their precision and recall
(floors a little under the figures reached, so a regression in the lexicons shows here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SCRIPT = "autonomy_labelled"
CHECKS = {
    "autonomy.pressure",
    "autonomy.upsell_unresolved",
    "autonomy.no_consent",
    "personalisation.language",
    "personalisation.marketing_opt_out",
}

Floors = Callable[[str, str, float, float], None]


def test_fixture_covers_every_check_and_split(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 30
    assert {e["check"] for row in rows for e in row["expect"]} == CHECKS
    assert {row["meta"]["split"] for row in rows} == {"dev", "holdout"}
    negatives = [row for row in rows if not row["expect"]]
    assert len(negatives) >= 15


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_whole_set_floors(floors: Floors, check: str) -> None:
    floors("all", check, 0.9, 0.9)


def test_holdout_floor(floors: Floors) -> None:
    floors("holdout", "micro", 0.9, 0.9)
