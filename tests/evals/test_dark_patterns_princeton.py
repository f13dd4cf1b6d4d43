"""autonomy.pressure keeps its recall on the Princeton dark-pattern strings (floor a little
under the figure reached on an even sample of 600 instances)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "dark_patterns_princeton"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "dark-patterns-princeton"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="dark-patterns-princeton data set not present"),
]


def test_in_scope_recall(script: ModuleType) -> None:
    assert script.in_scope_recall(script.load_patterns(600)) >= 0.85


def test_low_stock_messages_are_nearly_all_found(script: ModuleType) -> None:
    found, total = script.recall_by(script.load_patterns(600), "kind")["Low-stock Message"]
    assert found >= total * 0.93
