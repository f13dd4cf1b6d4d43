"""Smoke test: respect.rude catches obvious insults in the 101-comment Jigsaw sample."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "jigsaw_toxic_sample.py"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "jigsaw-toxic-sample"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="shared data set jigsaw-toxic-sample is absent"),
]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("jigsaw_toxic_sample_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up
    spec.loader.exec_module(module)
    return module


def test_smoke(script: ModuleType) -> None:
    score = script.score(script.load()).scores[script.CHECK]
    assert score.precision >= 0.6, score
    assert score.recall >= 0.6, score
