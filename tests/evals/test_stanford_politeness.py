"""respect.rude stays precise on the Stanford Politeness Corpus (bottom vs top quartile).

Recall is low by design (most impolite requests are merely direct); the floor guards precision
and that the obvious cases are still caught. Full figures: evals/stanford_politeness.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "stanford_politeness.py"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "stanford-politeness"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="shared data set stanford-politeness is absent"),
]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stanford_politeness_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up
    spec.loader.exec_module(module)
    return module


def test_precision_on_impolite_class(script: ModuleType) -> None:
    rows = script.load("wikipedia", 400) + script.load("stack-exchange", 400)
    score = script.score(rows).scores[script.CHECK]
    assert score.precision >= 0.8, score
    assert score.true_positives >= 12, score
