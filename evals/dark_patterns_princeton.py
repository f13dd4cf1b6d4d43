"""Recall of `autonomy.pressure` on the dark patterns Mathur et al. found on 11K shopping sites.

The data set ("Dark Patterns at Scale", CSCW 2019) lists 1,818 instances, positives only;
1,512 carry the text shown to shoppers (`Pattern String`), the rest were screenshots or
timers without text and are skipped. Each text is judged as an agent's message with no history.

In scope for "pressure" (see `evals/ec_darkpattern.py` for the reasoning): Urgency,
Scarcity and Social Proof. The other categories (confirmshaming and pressured selling under
Misdirection, hard-to-cancel flows, hidden costs) are reported for information only. With no
negatives there is no precision here; `ec_darkpattern.py` measures it on the same kind of
strings. Its positives come from this list, so the two figures are not independent.

Run from the repository root: `python evals/dark_patterns_princeton.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from trustdesk.checks.autonomy.pressure import PressureTactics
from trustdesk.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dark-patterns-princeton" / "dark-patterns.csv"
IN_SCOPE = frozenset({"Urgency", "Scarcity", "Social Proof"})


@dataclass(frozen=True)
class Pattern:
    text: str
    category: str
    kind: str


def load_patterns(limit: int | None = None, path: Path = DATA) -> list[Pattern]:
    """Instances with a non-empty text; with `limit`, an even sample across the file."""
    with path.open(encoding="utf-8", newline="") as handle:
        patterns = [
            Pattern(row["Pattern String"].strip(), row["Pattern Category"], row["Pattern Type"])
            for row in csv.DictReader(handle)
            if row["Pattern String"].strip()
        ]
    if limit is not None and limit < len(patterns):
        step = len(patterns) / limit
        patterns = [patterns[int(i * step)] for i in range(limit)]
    return patterns


def flagged(patterns: list[Pattern]) -> list[bool]:
    engine = Engine(checks=[PressureTactics])
    return [
        bool(
            engine.audit(
                {"id": f"dp-{n}", "messages": [{"id": "m1", "role": "agent", "text": p.text}]}
            ).findings
        )
        for n, p in enumerate(patterns)
    ]


def recall_by(patterns: list[Pattern], key: str) -> dict[str, tuple[int, int]]:
    """(found, total) per category or per type."""
    totals: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for pattern, hit in zip(patterns, flagged(patterns), strict=True):
        group = getattr(pattern, key)
        totals[group] += 1
        found[group] += hit
    return {group: (found[group], totals[group]) for group in sorted(totals)}


def in_scope_recall(patterns: list[Pattern]) -> float:
    scoped = [p for p in patterns if p.category in IN_SCOPE]
    return sum(flagged(scoped)) / len(scoped) if scoped else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=None, help="judge an even sample of N rows")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"data set not found: {DATA}")
        return 1
    patterns = load_patterns(args.limit)
    scoped = [p for p in patterns if p.category in IN_SCOPE]
    print(
        f"dark-patterns-princeton: {len(patterns)} instances with text "
        f"({len(scoped)} in scope), each judged as an agent message"
    )
    print(f"recall in scope: {in_scope_recall(patterns):.3f}")
    by_category = recall_by(patterns, "category")
    by_kind = recall_by(patterns, "kind")
    kinds_of = {p.kind: p.category for p in patterns}
    print("recall per category and type:")
    for category, (hit, total) in by_category.items():
        scope = "in scope" if category in IN_SCOPE else "out of scope"
        print(f"  {category:<34} {hit:>5}/{total:<5} {hit / total:6.1%}  ({scope})")
        for kind, (k_hit, k_total) in by_kind.items():
            if kinds_of[kind] == category:
                print(f"    {kind:<32} {k_hit:>5}/{k_total:<5} {k_hit / k_total:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
