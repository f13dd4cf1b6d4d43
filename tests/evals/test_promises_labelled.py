"""The labelled promise conversations keep their precision and recall (floors a little under
the figures reached, so a regression in the commitment patterns or the checks shows here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "promises_labelled.py"
CHECKS = {"promises.vague", "promises.unrealistic", "promises.broken", "honesty.policy_conflict"}


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("promises_labelled_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows(script: ModuleType) -> list[dict[str, Any]]:
    return script.load()  # type: ignore[no-any-return]


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
def test_whole_set_floors(
    script: ModuleType, rows: list[dict[str, Any]], check: str, precision: float, recall: float
) -> None:
    report = script.run(rows)
    score = report.scores[check]
    assert score.precision >= precision, report.to_dict()["false_alarms"]
    assert score.recall >= recall, report.to_dict()["misses"]


def test_holdout_floor(script: ModuleType, rows: list[dict[str, Any]]) -> None:
    holdout = [row for row in rows if row["meta"]["split"] == "holdout"]
    micro = script.run(holdout).micro
    assert micro.precision >= 0.9
    assert micro.recall >= 0.85
