"""transparency.unanswered keeps its quality on congressional-hearing answers (floors a
little under the figures reached on the first 300 pairs; the domain is far from support)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "subjective_responses_hearings"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "subjective-responses-hearings"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="subjective-responses-hearings not present"),
]


def test_labels_follow_the_gold_majority(script: ModuleType) -> None:
    rows = script.load_rows()
    assert len(rows) == 1000
    assert 250 <= sum(script.not_answered(row) for row in rows) <= 290


def test_unanswered_floor(script: ModuleType) -> None:
    score = script.run(300).scores[script.CHECK]
    assert score.precision >= 0.25
    assert score.recall >= 0.3
