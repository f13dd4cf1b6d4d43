"""Equity on the report fixture: the seeded disparity is found, the non-difference is not,
and groups under the minimum size get no claim (figures worked out in report_fixture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from report_fixture import MIN_GROUP
from trustdesk.analytics.result import ReportOptions, analyse
from trustdesk.io.audit_output import AuditOutput


@pytest.fixture(scope="module")
def equity(audited_fixture: Path) -> dict[str, Any]:
    return analyse(AuditOutput(audited_fixture), ReportOptions(min_group=MIN_GROUP)).equity


def measure(equity: dict[str, Any], attribute: str, key: str) -> dict[str, Any]:
    section = next(s for s in equity["attributes"] if s["attribute"] == attribute)
    return next(m for m in section["measures"] if m["measure"] == key)


def test_every_attribute_in_the_data_is_compared(equity: dict[str, Any]) -> None:
    names = [s["attribute"] for s in equity["attributes"]]
    assert names == ["channel", "language", "segment.region", "segment.tier"]
    # Hand count: language and region each test first reply, flagged, chased, satisfaction
    # and treated fairly; resolved and remedies have no two groups of 5; channel and tier
    # have a single eligible group.
    assert equity["tests"] == 10


def test_the_seeded_language_disparity_is_significant(equity: dict[str, Any]) -> None:
    first = measure(equity, "language", "first_reply")
    groups = {g["group"]: g for g in first["groups"]}
    assert groups["en"]["value"] == pytest.approx(0.75)  # median of 10..80 minutes
    assert groups["es"]["value"] == pytest.approx(4.5)  # median of 200..340 minutes
    (comparison,) = first["comparisons"]
    assert (comparison["group"], comparison["versus"]) == ("es", "en")
    assert comparison["test"] == "Mann-Whitney U"
    assert comparison["statistic"] == 64.0
    assert comparison["p"] == pytest.approx(2 / 12870)  # exact: complete separation
    # Smallest of 10 p-values, and the next is far larger: adjusted = p * 10 / 1.
    assert comparison["p_adjusted"] == pytest.approx(10 * 2 / 12870)
    assert comparison["effect"] == 1.0
    assert comparison["difference"] == pytest.approx(3.75)
    assert comparison["significant"] is True
    assert "significant (worse service for Language es)" in comparison["statement"]
    assert comparison in equity["significant"]


def test_the_region_non_difference_is_not_significant(equity: dict[str, Any]) -> None:
    (satisfaction,) = measure(equity, "segment.region", "satisfaction")["comparisons"]
    # Both regions hold the answers 5, 4, 4, 3, 4, 3, 3, 2: U = 32 of 64.
    assert satisfaction["statistic"] == 32.0
    assert satisfaction["p"] == pytest.approx(1.0)
    assert satisfaction["significant"] is False
    assert satisfaction["statement"].endswith("not a significant difference.")
    (first,) = measure(equity, "segment.region", "first_reply")["comparisons"]
    # UK waits 10, 30, 50, 70, 200, 240, 280, 320 against IE's; 28 of 64 pairs UK longer.
    assert (first["group"], first["statistic"], first["effect"]) == ("UK", 28.0, -0.125)
    assert first["significant"] is False


def test_flagged_rate_uses_fishers_exact_test_on_small_counts(equity: dict[str, Any]) -> None:
    (flagged,) = measure(equity, "language", "flagged")["comparisons"]
    # 5 of 8 Spanish conversations waited past the SLA, 1 of 8 English ones chased.
    assert (flagged["value"], flagged["value_versus"]) == (62.5, 12.5)
    assert flagged["test"] == "Fisher's exact"
    assert flagged["p"] == pytest.approx(1530 / 12870)
    assert flagged["significant"] is False


def test_groups_under_the_minimum_size_get_no_claim(equity: dict[str, Any]) -> None:
    for key in ("first_reply", "satisfaction"):
        tier = measure(equity, "segment.tier", key)
        groups = {g["group"]: g for g in tier["groups"]}
        assert groups["vip"]["n"] == 3 and groups["vip"]["eligible"] is False
        assert groups["standard"]["eligible"] is True
        assert tier["comparisons"] == []
    assert not [c for c in equity["significant"] if c["attribute"] == "segment.tier"]


def test_a_lower_minimum_brings_the_small_group_in(audited_fixture: Path) -> None:
    equity = analyse(AuditOutput(audited_fixture), ReportOptions(min_group=3)).equity
    (comparison,) = measure(equity, "segment.tier", "first_reply")["comparisons"]
    assert (comparison["group"], comparison["n"], comparison["n_versus"]) == ("vip", 3, 13)
    assert equity["min_group"] == 3


def test_equal_medians_take_their_direction_from_the_ranks() -> None:
    from trustdesk.analytics.equity import _statement

    comparison = {
        "attribute": "language",
        "group": "es",
        "versus": "all other groups",
        "label": "First reply time",
        "kind": "time",
        "better": "lower",
        "n": 40,
        "n_versus": 400,
        "value": 0.0,
        "value_versus": 0.0,
        "difference": 0.0,
        "effect": 0.13,
        "effect_name": "rank-biserial r",
        "test": "Mann-Whitney U",
        "p_adjusted": 0.001,
        "significant": True,
    }
    assert _statement(comparison).endswith("significant (worse service for Language es).")
