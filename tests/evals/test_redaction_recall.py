"""Redaction keeps its recall and precision on secrets in support language and on Presidio's
synthetic sentences (floors a little under the figures reached; see evals/redaction_recall.py
and docs/privacy.md)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "redaction_recall"
PRESIDIO = Path(__file__).resolve().parents[3] / "shared" / "data" / "presidio-synth-pii"
KINDS = {"password", "pin", "otp", "cvv", "card", "iban", "bank_account", "national_id"}


def test_fixture_has_every_kind_split_and_enough_look_alikes(script: ModuleType) -> None:
    lines = script.fixture_lines()
    assert len(lines) >= 100
    assert {kind for line in lines for kind, _, _ in line.gold} == KINDS
    assert sum(1 for line in lines if not line.gold) >= 60
    for split in script.SPLITS:
        assert script.fixture_lines(split)


@pytest.mark.parametrize(
    ("split", "precision", "recall"),
    [("dev", 0.98, 0.98), ("holdout", 0.95, 0.95), (None, 0.95, 0.95)],
)
def test_support_language(
    script: ModuleType, split: str | None, precision: float, recall: float
) -> None:
    result = script.score(script.fixture_lines(split))
    assert result.recall >= recall, result.misses
    assert result.precision >= precision, result.alarms


@pytest.mark.shared_data
@pytest.mark.skipif(not PRESIDIO.exists(), reason="shared data set presidio-synth-pii is absent")
def test_presidio_synthetic_secrets(script: ModuleType) -> None:
    result = script.score(script.presidio_lines())
    assert result.recall >= 0.97, result.misses
    assert result.precision >= 0.97, result.alarms
