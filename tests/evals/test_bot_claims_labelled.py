"""The labelled bot conversations keep precision and recall per failure kind (floors under the
figures reached, at the issue's targets: precision 0.9 and recall 0.8 per kind), for the claims
against the policy, commitments beyond authority and role breaks."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

SCRIPT = "bot_claims_labelled"
# honesty.policy_conflict and honesty.unsupported_claim, then honesty.authority and
# conduct.role_break (fewer examples each: ten, half of them held out).
CLAIM_KINDS = ("not_provided", "condition", "amount", "invented_rule")
CONDUCT_KINDS = (
    "binding",
    "compensation",
    "assurance",
    "injection",
    "instructions",
    "disparagement",
)
KINDS = CLAIM_KINDS + CONDUCT_KINDS


def test_fixture_covers_every_kind_and_good_replies(rows: list[dict[str, Any]]) -> None:
    bad = [row for row in rows if row["expect"]]
    good = [row for row in rows if not row["expect"]]
    assert len(bad) >= 80 and len(good) >= len(bad)
    kinds = [e["kind"] for row in bad for e in row["expect"]]
    assert all(kinds.count(kind) >= 15 for kind in CLAIM_KINDS)
    assert all(kinds.count(kind) >= 10 for kind in CONDUCT_KINDS)
    for split in ("dev", "holdout"):
        held = [e["kind"] for row in bad if row["meta"]["split"] == split for e in row["expect"]]
        assert all(held.count(kind) >= 5 for kind in KINDS), split
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
