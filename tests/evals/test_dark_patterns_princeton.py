"""autonomy.pressure keeps its recall on the Princeton dark-pattern strings (floor a little
under the figure reached on an even sample of 600 instances)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "dark_patterns_princeton.py"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "dark-patterns-princeton"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="dark-patterns-princeton data set not present"),
]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dark_patterns_princeton_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_in_scope_recall(script: ModuleType) -> None:
    assert script.in_scope_recall(script.load_patterns(600)) >= 0.85


def test_low_stock_messages_are_nearly_all_found(script: ModuleType) -> None:
    found, total = script.recall_by(script.load_patterns(600), "kind")["Low-stock Message"]
    assert found >= total * 0.93
