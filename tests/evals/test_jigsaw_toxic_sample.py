"""Smoke test: respect.rude catches obvious insults in the 101-comment Jigsaw sample."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "jigsaw_toxic_sample"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "jigsaw-toxic-sample"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="shared data set jigsaw-toxic-sample is absent"),
]


def test_smoke(script: ModuleType) -> None:
    score = script.score(script.load()).scores[script.CHECK]
    assert score.precision >= 0.6, score
    assert score.recall >= 0.6, score
