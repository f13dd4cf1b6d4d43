"""How well `autonomy.pressure` finds urgency, scarcity and social-proof dark patterns.

The data set (Yada et al., 2022, "ec-darkpattern") holds 2,356 texts from shopping sites,
balanced: 1,178 dark-pattern strings from Mathur et al.'s crawl (Scarcity, Social Proof,
Urgency, Misdirection, Obstruction, Sneaking, Forced Action) and 1,178 other texts from the
same pages ("Write a review", return instructions, menu items). Each text is judged as an
agent's message with no history.

In scope for "pressure" are the categories that rush a decision: Urgency (countdowns,
limited-time offers), Scarcity (low-stock and high-demand messages) and Social Proof
(activity notifications: "12 people are viewing this"). Misdirection is mostly confirmshaming
("No thanks, I'd rather pay full price") and visual tricks, Obstruction is hard-to-cancel
flows, Sneaking and Forced Action are checkout mechanics: none is a sentence a support reply
says to press a decision, so they count as negatives in the main figure and are shown
separately. A second figure counts every dark pattern as a positive, to set the lexicon
beside the published baselines (bag-of-words logistic regression F1 0.960, RoBERTa-large
F1 0.975), which were trained on this data; the lexicon was not.

The patterns were tuned looking only at the texts of even page ids; the odd half is reported
separately as held out (near-duplicate strings recur across pages, so it is not a clean
split, but it shows how much the figure owes to tuning).

Run from the repository root: `python evals/ec_darkpattern.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustdesk.checks.autonomy.pressure import PressureTactics
from trustdesk.engine import Engine
from trustdesk.evaluation import CheckScore, evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ec-darkpattern" / "dataset.tsv"
CHECK = PressureTactics.id
IN_SCOPE = frozenset({"Urgency", "Scarcity", "Social Proof"})
NOT_DARK = "Not Dark Pattern"


@dataclass(frozen=True)
class Row:
    text: str
    category: str
    page: int = 0

    @property
    def dark(self) -> bool:
        return self.category != NOT_DARK


def load_rows(limit: int | None = None, path: Path = DATA) -> list[Row]:
    """The rows in file order; with `limit`, an even sample across the file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        rows = [Row(r["text"], r["Pattern Category"], int(r["page_id"])) for r in reader]
    if limit is not None and limit < len(rows):
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    return rows


def labelled(rows: list[Row], positives: frozenset[str] = IN_SCOPE) -> list[dict[str, Any]]:
    return [
        {
            "id": f"ec-{number}",
            "messages": [{"id": "m1", "role": "agent", "text": row.text}],
            "expect": [{"message_id": "m1", "check": CHECK}] if row.category in positives else [],
        }
        for number, row in enumerate(rows)
    ]


def flagged(rows: list[Row]) -> list[bool]:
    """Whether the check flags each row (one audit per row, in order)."""
    engine = Engine(checks=[PressureTactics])
    return [
        bool(engine.audit(conv).findings)
        for conv in ({k: v for k, v in c.items() if k != "expect"} for c in labelled(rows))
    ]


def score(rows: list[Row], positives: frozenset[str] = IN_SCOPE) -> CheckScore:
    engine = Engine(checks=[PressureTactics])
    return evaluate(labelled(rows, positives), engine=engine, checks={CHECK}).scores[CHECK]


def per_category(rows: list[Row]) -> dict[str, tuple[int, int]]:
    """(flagged, total) per category."""
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for row, hit in zip(rows, flagged(rows), strict=True):
        totals[row.category] += 1
        hits[row.category] += hit
    return {category: (hits[category], totals[category]) for category in sorted(totals)}


def _line(name: str, result: CheckScore) -> str:
    return (
        f"{name:<44} P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}  "
        f"(tp {result.true_positives}, fp {result.false_positives}, "
        f"fn {result.false_negatives})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=None, help="judge an even sample of N rows")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"data set not found: {DATA}")
        return 1
    rows = load_rows(args.limit)
    print(f"ec-darkpattern: {len(rows)} texts, each judged as an agent message")
    print(_line("in scope (Urgency+Scarcity+Social Proof)", score(rows)))
    # The lexicon was tuned looking only at even page ids; odd ones are the held-out half.
    for name, parity in (
        ("  tuning half (even page ids)", 0),
        ("  held-out half (odd page ids)", 1),
    ):
        part = [row for row in rows if row.page % 2 == parity]
        if part:
            print(_line(f"{name}, n={len(part)}", score(part)))
    print(
        _line(
            "every dark pattern as positive",
            score(rows, frozenset({r.category for r in rows if r.dark})),
        )
    )
    print("  published baselines (trained on this data): LR F1 0.960, RoBERTa-large F1 0.975")
    print("flag rate per category:")
    for category, (hit, total) in per_category(rows).items():
        scope = (
            "in scope"
            if category in IN_SCOPE
            else ("negative" if category == NOT_DARK else "out of scope")
        )
        print(f"  {category:<20} {hit:>5}/{total:<5} {hit / total:6.1%}  ({scope})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
