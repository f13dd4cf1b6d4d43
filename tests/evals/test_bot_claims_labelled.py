"""The labelled bot conversations keep precision and recall per failure kind (floors under the
figures reached, at the issue's targets: precision 0.9 and recall 0.8 per kind)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

SCRIPT = "bot_claims_labelled"
KINDS = ("not_provided", "condition", "amount", "invented_rule")


def test_fixture_covers_every_kind_and_good_replies(rows: list[dict[str, Any]]) -> None:
    bad = [row for row in rows if row["expect"]]
    good = [row for row in rows if not row["expect"]]
    assert len(bad) >= 80 and len(good) >= len(bad)
    kinds = [e["kind"] for row in bad for e in row["expect"]]
    assert all(kinds.count(kind) >= 15 for kind in KINDS)
    assert {row["meta"]["split"] for row in rows} == {"dev", "holdout"}
    assert all(m["role"] in ("customer", "bot") for row in rows for m in row["messages"])


@pytest.mark.parametrize("split", ["all", "holdout"])
def test_floors_per_kind(script: ModuleType, rows: list[dict[str, Any]], split: str) -> None:
    scores = script.score([r for r in rows if split == "all" or r["meta"]["split"] == split])
    for kind in KINDS:
        assert scores[kind].precision >= 0.9, (kind, scores[kind].false_alarms)
        assert scores[kind].recall >= 0.8, (kind, scores[kind].misses)
    assert set(scores) == set(KINDS)  # no finding of any other kind on these conversations


def test_the_script_prints_every_kind(
    script: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert script.main([]) == 0
    out = capsys.readouterr().out
    assert all(kind in out for kind in KINDS) and "holdout" in out
