"""The cross-validation of the parameters chosen on the real dev set: each fold applies the
value that did best without it, and the held-out counts add up to every labelled pair."""

from __future__ import annotations

import json

import corpora
import tuned_parameters

FIXTURE = corpora.ROOT / "tests" / "fixtures" / "responsiveness_labelled.jsonl"


def _source() -> corpora.Source:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]
    for row in rows:
        row.pop("split", None)
    return corpora.Source(
        "responsiveness", rows, frozenset({"responsiveness.chasing"}), shippable=True
    )


def test_every_fold_chooses_from_the_grid_and_the_held_out_counts_cover_every_positive() -> None:
    tuned = tuned_parameters.Tuned("responsiveness.chasing", "nudge_after_minutes", (5, 30, 600))
    source = _source()
    result = tuned_parameters.cross_validate(tuned, [source])
    assert len(result.chosen) == tuned_parameters.FOLDS
    assert set(result.chosen) <= set(tuned.grid)
    positives = sum(
        1 for row in source.rows for e in row.get("expect", []) if e["check"] == tuned.check
    )
    held_out = result.cross_validated
    assert held_out.tp + held_out.fn == positives == result.in_sample.support


def test_a_value_that_changes_nothing_is_never_worth_more_than_the_best() -> None:
    tuned = tuned_parameters.Tuned("responsiveness.chasing", "nudge_after_minutes", (30,))
    result = tuned_parameters.cross_validate(tuned, [_source()])
    # One value: the cross-validated figure is the in-sample one, pair for pair.
    assert vars(result.cross_validated) == vars(result.in_sample)
