"""The statistics behind the report: intervals, two-group tests, effect sizes, FDR control.

- Rates get Wilson score intervals (sound near 0 % and 100 %, unlike the normal interval).
- Medians get the distribution-free order-statistic interval (exact binomial), because reply
  times are skewed and a mean would be pulled by the few conversations left for days.
- Mean survey scores get a Student t interval.
- Times and survey scores are compared with the Mann-Whitney U test (no normality assumed,
  robust to the long tail of waits, made for ordinal 1-5 answers); its effect size is the
  rank-biserial correlation.
- Rates are compared with Pearson's chi-square test on the 2x2 table when every expected
  count is at least 5, and with Fisher's exact test otherwise, where the chi-square
  approximation breaks down; the effect size is the difference in percentage points.
- Many comparisons are corrected together with Benjamini-Hochberg (false discovery rate).

scipy is imported inside the functions that need it, so importing trustdesk stays fast.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Z95 = 1.959963984540054
# Below this expected count in any cell, the chi-square approximation is not trusted.
MIN_EXPECTED = 5.0


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default)."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def rate_with_interval(count: int, n: int) -> dict[str, Any]:
    """A rate as the report shows it: count of n, share (None over nothing), Wilson interval."""
    low, high = wilson_interval(count, n)
    return {"n": n, "count": count, "share": count / n if n else None, "ci": [low, high]}


def median_interval(values: Sequence[float], confidence: float = 0.95) -> tuple[float, float]:
    """A distribution-free interval for the median: order statistics chosen by the binomial.

    The interval [x_(l), x_(n-l+1)] (1-based, sorted) covers the median with probability at
    least `confidence`; for fewer than 6 values no such pair exists and the range is given.
    """
    from scipy.stats import binom

    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return (math.nan, math.nan)
    tail = (1 - confidence) / 2
    # Largest l with P(X <= l - 1) <= tail for X ~ Binomial(n, 1/2).
    lower = int(binom.ppf(tail, n, 0.5))
    if lower >= 1 and binom.cdf(lower - 1, n, 0.5) > tail:
        lower -= 1
    if lower < 1:
        return (ordered[0], ordered[-1])
    return (ordered[lower - 1], ordered[n - lower])


def mean_interval(values: Sequence[float], confidence: float = 0.95) -> tuple[float, float]:
    """Student's t interval for a mean."""
    from scipy.stats import t

    n = len(values)
    if n == 0:
        return (math.nan, math.nan)
    mean = sum(values) / n
    if n == 1:
        return (mean, mean)
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    half = float(t.ppf(1 - (1 - confidence) / 2, n - 1)) * math.sqrt(variance / n)
    return (mean - half, mean + half)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile by linear interpolation between order statistics (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True, slots=True)
class TestResult:
    test: str
    statistic: float
    p: float
    effect: float
    effect_name: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "test": self.test,
            "statistic": self.statistic,
            "p": self.p,
            "effect": self.effect,
            "effect_name": self.effect_name,
        }


def compare_values(group: Sequence[float], rest: Sequence[float]) -> TestResult:
    """Two-sided Mann-Whitney U of `group` against `rest`.

    scipy picks the exact distribution for small samples without ties and the normal
    approximation with tie correction otherwise. The rank-biserial correlation runs from -1
    (every value of the group below every other) to +1 (every value above).
    """
    from scipy.stats import mannwhitneyu

    result = mannwhitneyu(group, rest, alternative="two-sided", method="auto")
    u = float(result.statistic)
    effect = 2 * u / (len(group) * len(rest)) - 1
    return TestResult("Mann-Whitney U", u, float(result.pvalue), effect, "rank-biserial r")


def compare_rates(hits: int, n: int, rest_hits: int, rest_n: int) -> TestResult:
    """Chi-square on the 2x2 table, or Fisher's exact test when an expected count is below 5.

    The effect is the difference of the two rates in percentage points (group minus rest).
    """
    from scipy.stats import chi2_contingency, fisher_exact

    table = [[hits, n - hits], [rest_hits, rest_n - rest_hits]]
    total = n + rest_n
    successes = hits + rest_hits
    effect = 100 * (hits / n - rest_hits / rest_n)
    expected = [
        n * successes / total,
        n * (total - successes) / total,
        rest_n * successes / total,
        rest_n * (total - successes) / total,
    ]
    if min(expected) < MIN_EXPECTED:
        odds, p = fisher_exact(table, alternative="two-sided")
        return TestResult("Fisher's exact", float(odds), float(p), effect, "difference (pp)")
    chi2, p, _, _ = chi2_contingency(table, correction=False)
    return TestResult("chi-square", float(chi2), float(p), effect, "difference (pp)")


# Below this a p-value says only "far beyond chance": floating point cannot tell it apart.
SMALLEST_P_SHOWN = 1e-15


def format_p(value: float) -> str:
    """A p-value for people: three significant figures, or "< 1e-15" beyond what counts."""
    return f"< {SMALLEST_P_SHOWN:g}" if value < SMALLEST_P_SHOWN else f"= {value:.3g}"


def benjamini_hochberg(pvalues: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (in the input order), each capped at 1.

    A comparison is significant at false discovery rate q when its adjusted p is <= q.
    """
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, pvalues[index] * m / rank)
        adjusted[index] = min(running, 1.0)
    return adjusted
