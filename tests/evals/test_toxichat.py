"""respect.rude on chatbot replies in context (ToxiChat test split, first 150 threads).

Floors a little under the figures reached; full figures: evals/toxichat.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "toxichat.py"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "toxichat"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="shared data set toxichat is absent"),
]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("toxichat_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up
    spec.loader.exec_module(module)
    return module


def test_offensive_replies_and_false_alarms(script: ModuleType) -> None:
    rows = script.load("test", 150)
    safe = sum(1 for row in rows if not row["expect"])
    score = script.score(rows).scores[script.CHECK]
    assert score.precision >= 0.4, score
    assert score.recall >= 0.2, score
    assert score.false_positives / safe <= 0.05, score
