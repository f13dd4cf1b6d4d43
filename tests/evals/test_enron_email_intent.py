"""The question/request detector keeps its quality on the Enron intent test split (floors a
little under the figures reached)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "enron_email_intent"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "enron-email-intent"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="enron-email-intent data set not present"),
]


def test_asks_something_on_the_test_split(script: ModuleType) -> None:
    rows = script.load_sentences("test")
    assert len(rows) == 992
    result = script.detector_score(rows, script.asks_something)
    assert result.precision >= 0.85
    assert result.recall >= 0.55
    assert result.f1 >= 0.67
