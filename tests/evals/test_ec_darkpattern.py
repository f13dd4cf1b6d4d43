"""autonomy.pressure keeps its precision and recall on the ec-darkpattern texts (floors a
little under the figures reached on an even sample of 800 rows)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "ec_darkpattern"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ec-darkpattern"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="ec-darkpattern data set not present"),
]


def test_in_scope_precision_and_recall(script: ModuleType) -> None:
    result = script.score(script.load_rows(800))
    assert result.precision >= 0.97
    assert result.recall >= 0.85


def test_non_dark_texts_are_rarely_flagged(script: ModuleType) -> None:
    rows = [row for row in script.load_rows(800) if not row.dark]
    assert sum(script.flagged(rows)) <= len(rows) * 0.01
