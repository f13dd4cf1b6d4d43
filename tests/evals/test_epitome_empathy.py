"""The acknowledgement lexicon and empathy.missing keep their quality on EPITOME replies
(floors a little under the figures reached on the first 600 pairs)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "epitome_empathy"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "epitome-empathy"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="epitome-empathy data set not present"),
]


@pytest.fixture(scope="module")
def pairs(script: ModuleType) -> list[object]:
    return script.load_pairs(600)  # type: ignore[no-any-return]


def test_acknowledgements_heard_are_real(script: ModuleType, pairs: list[object]) -> None:
    result = script.lexicon_score(pairs, emotional_only=True)
    assert result.precision >= 0.8
    assert result.recall >= 0.25


def test_check_end_to_end(script: ModuleType, pairs: list[object]) -> None:
    result = script.check_score(pairs)
    assert result.precision >= 0.3
    assert result.recall >= 0.4
