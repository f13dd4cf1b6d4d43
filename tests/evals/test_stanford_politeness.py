"""respect.rude stays precise on the Stanford Politeness Corpus (bottom vs top quartile).

Recall is low by design (most impolite requests are merely direct); the floor guards precision
and that the obvious cases are still caught. Full figures: evals/stanford_politeness.py.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "stanford_politeness"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "stanford-politeness"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="shared data set stanford-politeness is absent"),
]


def test_precision_on_impolite_class(script: ModuleType) -> None:
    rows = script.load("wikipedia", 400) + script.load("stack-exchange", 400)
    score = script.score(rows).scores[script.CHECK]
    assert score.precision >= 0.8, score
    assert score.true_positives >= 12, score
