"""The labelled autonomy and personalisation conversations keep their precision and recall
(floors a little under the figures reached, so a regression in the lexicons shows here)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "autonomy_labelled.py"
CHECKS = {
    "autonomy.pressure",
    "autonomy.upsell_unresolved",
    "autonomy.no_consent",
    "personalisation.language",
    "personalisation.marketing_opt_out",
}


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("autonomy_labelled_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows(script: ModuleType) -> list[dict[str, Any]]:
    return script.load()  # type: ignore[no-any-return]


def test_fixture_covers_every_check_and_split(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 30
    assert {e["check"] for row in rows for e in row["expect"]} == CHECKS
    assert {row["meta"]["split"] for row in rows} == {"dev", "holdout"}
    negatives = [row for row in rows if not row["expect"]]
    assert len(negatives) >= 15


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_whole_set_floors(script: ModuleType, rows: list[dict[str, Any]], check: str) -> None:
    report = script.run(rows)
    score = report.scores[check]
    assert score.precision >= 0.9, report.to_dict()["false_alarms"]
    assert score.recall >= 0.9, report.to_dict()["misses"]


def test_holdout_floor(script: ModuleType, rows: list[dict[str, Any]]) -> None:
    micro = script.run([row for row in rows if row["meta"]["split"] == "holdout"]).micro
    assert micro.precision >= 0.9
    assert micro.recall >= 0.9
