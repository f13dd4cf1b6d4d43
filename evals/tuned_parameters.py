"""The check parameters chosen by looking at the real dev set, cross-validated.

A number picked because it scored best on the dev set (how long a customer must have waited
before a second message is a nudge) is in-sample by construction. Here it is chosen again
inside a 5-fold cross-validation grouped by conversation: on each fold, the value from the
grid that gives the best F1 on the other four folds is applied to the held-out fold, and the
held-out counts are added up. The difference between that figure and the in-sample one is
what choosing the value on the same data was worth.

    python evals/tuned_parameters.py        # prints the table (needs ../shared)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import corpora

from trustdesk.engine import Engine
from trustdesk.policy import Policy, default_policy

FOLDS = 5


@dataclass(frozen=True)
class Tuned:
    """A parameter of a check, the grid it was chosen from, and the value the policy ships."""

    check: str
    param: str
    grid: tuple[float, ...]


TUNED = (
    Tuned("responsiveness.chasing", "nudge_after_minutes", (5, 10, 15, 20, 30, 45, 60, 90, 120)),
)


@dataclass(frozen=True)
class Result:
    tuned: Tuned
    shipped: float
    in_sample: corpora.Counts
    cross_validated: corpora.Counts
    chosen: tuple[float, ...]  # the value each fold chose


def _policy(tuned: Tuned, value: float) -> Policy:
    base = corpora.unthresholded(default_policy())
    data: dict[str, Any] = base.model_dump(mode="json", exclude_none=True)
    check = data.setdefault("checks", {}).setdefault(tuned.check, {})
    check.setdefault("params", {})[tuned.param] = value
    return Policy.model_validate(data)


def _fold(group: str) -> int:
    # A stable fold per conversation, independent of the order of the file.
    return sum(group.encode("utf-8")) % FOLDS


def _counts(pairs: Sequence[corpora.Pair], check: str) -> corpora.Counts:
    return corpora.count(pairs, lambda _: True, [check])[check]


def cross_validate(tuned: Tuned, sources: Sequence[corpora.Source]) -> Result:
    by_value: dict[float, list[corpora.Pair]] = {}
    for value in tuned.grid:
        engine = Engine(_policy(tuned, value))
        by_value[value] = [p for s in sources for p in corpora.pairs(s, engine)]
    shipped = default_policy().checks[tuned.check].params[tuned.param]
    in_sample = _counts(by_value[shipped], tuned.check) if shipped in by_value else None
    total = corpora.Counts()
    chosen = []
    for fold in range(FOLDS):

        def train_f1(value: float, held: int = fold) -> tuple[float, float]:
            train = [p for p in by_value[value] if _fold(p.group) != held]
            # Best F1; among equals, the value nearest the grid's middle (no edge-seeking).
            middle = tuned.grid[len(tuned.grid) // 2]
            return (_counts(train, tuned.check).f1 or 0.0, -abs(value - middle))

        best = max(tuned.grid, key=train_f1)
        chosen.append(best)
        total += _counts([p for p in by_value[best] if _fold(p.group) == fold], tuned.check)
    if in_sample is None:
        engine = Engine(_policy(tuned, shipped))
        in_sample = _counts([p for s in sources for p in corpora.pairs(s, engine)], tuned.check)
    return Result(tuned, shipped, in_sample, total, tuple(chosen))


def results() -> list[Result]:
    sources = corpora.real_sources()
    return [cross_validate(tuned, sources) for tuned in TUNED]


def main() -> int:
    if not corpora.REAL_DEV.exists():
        print(f"data set not found: {corpora.REAL_DEV.name} (expected beside the repository)")
        return 0
    for result in results():
        for label, c in (("in sample", result.in_sample), ("5-fold CV", result.cross_validated)):
            print(
                f"{result.tuned.check} {result.tuned.param}: {label:<10} "
                f"tp {c.tp} fp {c.fp} fn {c.fn} F1 {c.f1 or 0:.3f}"
            )
        print(f"  shipped {result.shipped:g}; chosen per fold {list(result.chosen)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
