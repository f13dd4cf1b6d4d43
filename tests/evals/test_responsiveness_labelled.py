"""The labelled, timed conversations keep the responsiveness checks' precision and recall."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "responsiveness_labelled.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("responsiveness_labelled_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows(script: ModuleType) -> list[dict[str, Any]]:
    return script.load()  # type: ignore[no-any-return]


def test_fixture_shape(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 30
    labelled = {e["check"] for row in rows for e in row["expect"]}
    assert labelled == {"responsiveness.wait", "responsiveness.chasing"}
    assert {row["meta"]["split"] for row in rows} == {"dev", "holdout"}
    assert sum(not row["expect"] for row in rows) >= 10  # clean conversations


@pytest.mark.parametrize("check", ["responsiveness.wait", "responsiveness.chasing"])
def test_floors(script: ModuleType, rows: list[dict[str, Any]], check: str) -> None:
    report = script.run(rows)
    score = report.scores[check]
    assert score.precision >= 0.95, report.to_dict()["false_alarms"]
    assert score.recall >= 0.9, report.to_dict()["misses"]
