"""transparency.unanswered keeps its quality on congressional-hearing answers (floors a
little under the figures reached on the first 300 pairs; the domain is far from support)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "subjective_responses_hearings.py"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "subjective-responses-hearings"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="subjective-responses-hearings not present"),
]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hearings_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labels_follow_the_gold_majority(script: ModuleType) -> None:
    rows = script.load_rows()
    assert len(rows) == 1000
    assert 250 <= sum(script.not_answered(row) for row in rows) <= 290


def test_unanswered_floor(script: ModuleType) -> None:
    score = script.run(300).scores[script.CHECK]
    assert score.precision >= 0.25
    assert score.recall >= 0.3
