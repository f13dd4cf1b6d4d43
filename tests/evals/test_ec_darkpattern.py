"""autonomy.pressure keeps its precision and recall on the ec-darkpattern texts (floors a
little under the figures reached on an even sample of 800 rows)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "ec_darkpattern.py"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ec-darkpattern"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="ec-darkpattern data set not present"),
]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ec_darkpattern_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_in_scope_precision_and_recall(script: ModuleType) -> None:
    result = script.score(script.load_rows(800))
    assert result.precision >= 0.97
    assert result.recall >= 0.85


def test_non_dark_texts_are_rarely_flagged(script: ModuleType) -> None:
    rows = [row for row in script.load_rows(800) if not row.dark]
    assert sum(script.flagged(rows)) <= len(rows) * 0.01
