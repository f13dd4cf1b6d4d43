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
    ("fixture", "secrets", "look_alikes"), [("HELD_ASIDE", 150, 150), ("FRESH", 100, 100)]
)
def test_later_sets_are_large_and_cover_every_kind(
    script: ModuleType, fixture: str, secrets: int, look_alikes: int
) -> None:
    lines = script.fixture_lines(path=getattr(script, fixture))
    assert sum(len(line.gold) for line in lines) >= secrets
    assert sum(1 for line in lines if not line.gold) >= look_alikes
    assert {kind for line in lines for kind, _, _ in line.gold} == KINDS


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


# The held-aside set scored 0.768 before the detector was improved by cause; the fresh set,
# written after that, scored 0.823 on its first run, the third 0.857 (docs/privacy.md).
@pytest.mark.parametrize(
    ("fixture", "precision", "recall"),
    [("HELD_ASIDE", 0.98, 0.98), ("FRESH", 0.97, 0.95), ("THIRD", 0.97, 0.92)],
)
def test_later_sets(script: ModuleType, fixture: str, precision: float, recall: float) -> None:
    result = script.score(script.fixture_lines(path=getattr(script, fixture)))
    assert result.recall >= recall, result.misses
    assert result.precision >= precision, result.alarms


@pytest.mark.shared_data
@pytest.mark.skipif(not PRESIDIO.exists(), reason="shared data set presidio-synth-pii is absent")
def test_presidio_synthetic_secrets(script: ModuleType) -> None:
    result = script.score(script.presidio_lines())
    assert result.recall >= 0.97, result.misses
    assert result.precision >= 0.97, result.alarms
