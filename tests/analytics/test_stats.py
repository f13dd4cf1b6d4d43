"""The statistics against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from trustdesk.analytics.stats import (
    benjamini_hochberg,
    compare_rates,
    compare_values,
    format_p,
    mean_interval,
    median_interval,
    percentile,
    wilson_interval,
)


def test_wilson_interval_of_8_in_10() -> None:
    # p = 0.8, z^2 = 3.8415: centre (0.8 + 0.19207) / 1.38415 = 0.71674, half 0.22658.
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)


def test_wilson_interval_stays_inside_0_and_1() -> None:
    assert wilson_interval(0, 5)[0] == 0.0
    assert wilson_interval(5, 5)[1] == pytest.approx(1.0)
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_median_interval_uses_the_binomial_order_statistics() -> None:
    # n = 10: P(X <= 1) = 11/1024 <= 0.025 < P(X <= 2), so the interval is [x(2), x(9)].
    assert median_interval([float(v) for v in range(1, 11)]) == (2.0, 9.0)
    # Under 6 values no pair of order statistics reaches 95 %: the range is given.
    assert median_interval([3.0, 1.0, 2.0]) == (1.0, 3.0)


def test_mean_interval_is_students_t() -> None:
    # mean 3, sd 1.5811, t(0.975, 4) = 2.7764: half width 1.9632.
    low, high = mean_interval([1.0, 2.0, 3.0, 4.0, 5.0])
    assert (low, high) == (pytest.approx(1.0368, abs=1e-4), pytest.approx(4.9632, abs=1e-4))


def test_percentile_interpolates_linearly() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 50) == 25.0
    assert percentile(values, 90) == pytest.approx(37.0)
    assert math.isnan(percentile([], 50))


def test_mann_whitney_exact_for_complete_separation() -> None:
    # All 8 values above all 8 others: U = 64 and the exact two-sided p is 2 / C(16, 8).
    result = compare_values([float(v) for v in range(9, 17)], [float(v) for v in range(1, 9)])
    assert result.statistic == 64.0
    assert result.p == pytest.approx(2 / 12870)
    assert result.effect == 1.0
    assert result.test == "Mann-Whitney U"


def test_rates_with_small_expected_counts_use_fishers_exact_test() -> None:
    # 5/8 against 1/8: hypergeometric tables as or less likely sum to 1530 / 12870.
    result = compare_rates(5, 8, 1, 8)
    assert result.test == "Fisher's exact"
    assert result.p == pytest.approx(1530 / 12870)
    assert result.effect == pytest.approx(50.0)


def test_rates_with_large_counts_use_chi_square() -> None:
    # 60/100 against 40/100: chi-square = 8.0 (no continuity correction).
    result = compare_rates(60, 100, 40, 100)
    assert result.test == "chi-square"
    assert result.statistic == pytest.approx(8.0)
    assert result.p == pytest.approx(0.004678, abs=1e-6)


def test_benjamini_hochberg_against_hand_values() -> None:
    # Sorted p: 0.01, 0.02, 0.03, 0.04, 0.20 (m = 5): p*m/rank = 0.05, 0.05, 0.05, 0.05, 0.20.
    adjusted = benjamini_hochberg([0.04, 0.01, 0.20, 0.03, 0.02])
    assert adjusted == pytest.approx([0.05, 0.05, 0.20, 0.05, 0.05])
    # Monotone step-up: 0.001*3/1 = 0.003; 0.04*3/2 = 0.06; 0.045*3/3 = 0.045 caps the second.
    assert benjamini_hochberg([0.001, 0.04, 0.045]) == pytest.approx([0.003, 0.045, 0.045])
    assert benjamini_hochberg([0.9, 0.8]) == pytest.approx([0.9, 0.9])
    assert benjamini_hochberg([]) == []


def test_p_values_beyond_floating_point_are_not_shown_as_zero() -> None:
    assert format_p(0.0) == "< 1e-15"
    assert format_p(3e-300) == "< 1e-15"
    assert format_p(0.000123456) == "= 0.000123"
    assert format_p(1.0) == "= 1"
