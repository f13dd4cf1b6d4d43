"""The labelled conduct conversations keep their precision and recall (floors a little under
the figures reached, so a regression in the word lists or default patterns shows here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "conduct_labelled.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("conduct_labelled_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows(script: ModuleType) -> list[dict[str, Any]]:
    return script.load()  # type: ignore[no-any-return]


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
def test_whole_set_floors(
    script: ModuleType, rows: list[dict[str, Any]], check: str, precision: float, recall: float
) -> None:
    score = script.run(rows).scores[check]
    assert score.precision >= precision, script.run(rows).to_dict()["false_alarms"]
    assert score.recall >= recall, script.run(rows).to_dict()["misses"]


def test_holdout_floor(script: ModuleType, rows: list[dict[str, Any]]) -> None:
    holdout = [row for row in rows if row["meta"]["split"] == "holdout"]
    micro = script.run(holdout).micro
    assert micro.precision >= 0.8
    assert micro.recall >= 0.75
