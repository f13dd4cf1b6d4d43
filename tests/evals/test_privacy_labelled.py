"""The hand-labelled privacy and rudeness conversations keep their precision and recall
(floors a little under the figures reached on each split)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "privacy_labelled.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("privacy_labelled_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows(script: ModuleType) -> list[dict[str, Any]]:
    return script.load()  # type: ignore[no-any-return]


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
    script: ModuleType, split: str, check: str, precision: float, recall: float
) -> None:
    score = script.score(script.load(split)).scores[check]
    assert score.precision >= precision, score
    assert score.recall >= recall, score
