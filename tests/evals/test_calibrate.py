"""The calibration script and the measures of docs/quality.md: what a table is fitted from,
the counts and intervals the quality table prints, and that the shipped table is what the
script fits on today's checks."""

from __future__ import annotations

import json

import calibrate
import calibration_quality
import corpora
import pytest

from trustdesk.engine import Engine
from trustdesk.engine.calibration import Calibration
from trustdesk.evaluation import evaluate


def pairs(check: str, *groups: tuple[float, int, int]) -> list[corpora.Pair]:
    """(strength, right, wrong) groups of found pairs of `check`."""
    made = []
    for strength, right, wrong in groups:
        for number in range(right + wrong):
            made.append(
                corpora.Pair(
                    source="test",
                    conversation=f"c{strength}-{number}",
                    message="m1",
                    check=check,
                    expected=number < right,
                    strength=strength,
                )
            )
    return made


def test_a_curve_rises_with_strength_and_each_step_is_pulled_toward_a_half() -> None:
    table = calibrate.fit(pairs("a.b", (0.2, 2, 8), (0.8, 18, 2)))
    entry = table["checks"]["a.b"]
    assert entry["method"] == "isotonic"
    assert (entry["findings"], entry["right"]) == (30, 20)
    assert entry["points"] == [[0.2, 0.25], [0.8, 0.8636]]  # 3/12 and 19/22
    calibration = Calibration.from_dict(table)
    assert calibration.confidence("a.b", 0.5) == pytest.approx((0.25 + 0.8636) / 2, abs=1e-3)


def test_strengths_that_do_not_rank_findings_give_one_step() -> None:
    table = calibrate.fit(pairs("a.b", (0.2, 10, 0), (0.8, 15, 5)))
    assert table["checks"]["a.b"]["points"] == [[0.2, 0.8125], [0.8, 0.8125]]  # 26/32


def test_a_check_with_few_findings_gets_one_confidence_and_a_wide_note() -> None:
    entry = calibrate.fit(pairs("a.b", (0.3, 3, 0)))["checks"]["a.b"]
    assert entry["method"] == "too few to fit"
    assert entry["points"] == [[0.0, 0.8]]  # (3 + 1) / (3 + 2)
    assert "0.44-1.00" in entry["note"]


def test_misses_alone_put_no_check_in_the_table_and_it_gets_the_prior() -> None:
    missed = corpora.Pair("test", "c1", "m1", "a.b", expected=True, strength=None)
    table = calibrate.fit([missed])
    assert table["checks"] == {}
    assert Calibration.from_dict(table).confidence("a.b", 1.0) == calibrate.PRIOR


def test_wilson_intervals() -> None:
    assert corpora.wilson(0, 0) is None
    low, high = corpora.wilson(0, 10) or (None, None)
    assert (low, round(high or 0, 4)) == (0.0, 0.2775)
    low, high = corpora.wilson(5, 10) or (0, 0)
    assert (round(low, 4), round(high, 4)) == (0.2366, 0.7634)


def test_expected_calibration_error_and_brier() -> None:
    chosen = pairs("a.b", (1.0, 1, 1))
    result = calibration_quality.reliability(chosen, lambda pair: 0.8)
    assert result is not None
    assert result.ece == pytest.approx(0.3)
    assert result.brier == pytest.approx((0.2**2 + 0.8**2) / 2)


def test_the_pairs_count_what_trustdesk_eval_counts_on_the_samples() -> None:
    engine = Engine(corpora.unthresholded())
    (samples,) = [s for s in corpora.own_sources(engine) if s.name == "samples"]
    checks = sorted(samples.checks)
    mine = corpora.count(corpora.pairs(samples, engine), lambda pair: True, checks)
    theirs = evaluate(samples.rows, engine=Engine(), checks=checks).scores
    for check in checks:
        score = theirs[check]
        assert (mine[check].tp, mine[check].fp, mine[check].fn) == (
            score.true_positives,
            score.false_positives,
            score.false_negatives,
        ), check


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.skipif(
    not corpora.REAL_DEV.is_dir(), reason="shared data set support-real-dev is absent"
)
def test_the_shipped_table_is_what_the_script_fits_today() -> None:
    """A change to a check's findings needs `make calibrate` (and `make eval-real`)."""
    _, chosen = calibrate.shippable_pairs(Engine(corpora.unthresholded()))
    shipped = json.loads(calibrate.TABLE.read_text(encoding="utf-8"))
    fitted = calibrate.fit(chosen)
    assert shipped["checks"] == fitted["checks"], "run `make calibrate`"
    assert shipped["prior"] == fitted["prior"]
