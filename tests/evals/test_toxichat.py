"""respect.rude on chatbot replies in context (ToxiChat test split, first 150 threads).

Floors a little under the figures reached; full figures: evals/toxichat.py.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "toxichat"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "toxichat"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="shared data set toxichat is absent"),
]


def test_offensive_replies_and_false_alarms(script: ModuleType) -> None:
    rows = script.load("test", 150)
    safe = sum(1 for row in rows if not row["expect"])
    score = script.score(rows).scores[script.CHECK]
    assert score.precision >= 0.4, score
    assert score.recall >= 0.2, score
    assert score.false_positives / safe <= 0.05, score
