"""The social threads written and labelled under the real set's rubric keep their figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SCRIPT = "social_threads_labelled"

Floors = Callable[[str, str, float, float], None]


def test_fixture_shape(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 80
    labelled = {e["check"] for row in rows for e in row["expect"]}
    assert {"responsiveness.chasing", "empathy.missing", "transparency.unanswered"} <= labelled
    assert sum(not row["expect"] for row in rows) >= 50  # threads with nothing to find


@pytest.mark.parametrize(
    ("check", "precision", "recall"),
    [
        ("micro", 0.84, 0.85),
        ("empathy.missing", 0.85, 1.0),
        ("responsiveness.chasing", 0.85, 0.95),
        ("promises.vague", 0.8, 1.0),
        # Three of its five labels read "we'll look into it" as no answer, or want an answer
        # where nobody replied yet: see the script's docstring.
        ("transparency.unanswered", 0.65, 0.4),
    ],
)
def test_floors(floors: Floors, check: str, precision: float, recall: float) -> None:
    floors("all", check, precision, recall)


def test_no_false_alarm_of_the_checks_nothing_here_calls_for(
    report: Callable[[str], Any],
) -> None:
    scored = report("all")
    quiet = [name for name, score in scored.scores.items() if score.support == 0]
    assert {"privacy.exposure", "respect.rude", "autonomy.pressure"} <= set(quiet)
    assert all(scored.scores[name].false_positives == 0 for name in quiet)
