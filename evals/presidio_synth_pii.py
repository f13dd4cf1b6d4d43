"""Span-level quality of `find_sensitive` on Presidio's synthetic PII sentences.

The data set (presidio-research `synth_dataset_v2.json`, MIT) holds 1,500 template sentences
filled with fake people, card numbers, IBANs, phone numbers, e-mails, US SSNs and driver's
licence numbers (both scored as national IDs). Each gold
span whose entity type maps to a trustdesk kind is a positive for that kind; every item
found is scored against the gold spans of its kind:

- "overlap": a found item is right when it overlaps a gold span of its kind;
- "exact": only when its offsets equal the gold span's.

Items found on text labelled as something else (a driver's licence, a date, …) are false
alarms. When `presidio-analyzer` is installed (the `bench` extra), Presidio's own
pattern-based analyzer is scored the same way, side by side, with the time each takes.

Run from the repository root: `python evals/presidio_synth_pii.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustdesk.text.sensitive import find_sensitive

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "presidio-synth-pii" / "synth_dataset_v2.json"

# Gold entity types of the data set and the trustdesk kind each one is.
GOLD_TO_KIND = {
    "CREDIT_CARD": "card",
    "IBAN_CODE": "iban",
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "US_SSN": "national_id",
    # An identity document's number: found after "driver's licence number" and redacted.
    "US_DRIVER_LICENSE": "national_id",
}
KINDS = ("card", "iban", "phone", "email", "national_id")

Found = tuple[str, int, int]  # (kind, start, end)
System = Callable[[str], list[Found]]


@dataclass
class SpanScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SystemResult:
    name: str
    overlap: dict[str, SpanScore]
    exact: dict[str, SpanScore]
    seconds: float
    sentences: int


def load_rows(limit: int | None = None, path: Path = DATA) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return rows[:limit] if limit is not None else rows


def gold_spans(row: dict[str, Any]) -> list[Found]:
    return [
        (GOLD_TO_KIND[span["entity_type"]], span["start_position"], span["end_position"])
        for span in row["spans"]
        if span["entity_type"] in GOLD_TO_KIND
    ]


def trustdesk_system(text: str) -> list[Found]:
    return [
        (item.kind, item.start, item.end) for item in find_sensitive(text) if item.kind in KINDS
    ]


def presidio_system() -> System | None:
    """Presidio's pattern-based analyzer as a System, or None when it is not installed."""
    try:
        sys.path.insert(0, str(ROOT))
        from benchmarks.presidio_baseline import build_presidio_analyzer, find_with_presidio
    except ImportError:
        return None
    finally:
        sys.path.remove(str(ROOT))
    try:
        analyzer = build_presidio_analyzer()
    except ImportError:
        return None

    def run(text: str) -> list[Found]:
        return [
            (kind, start, end)
            for kind, start, end in find_with_presidio(analyzer, text)
            if kind in KINDS
        ]

    return run


def score(name: str, system: System, rows: Iterable[dict[str, Any]]) -> SystemResult:
    overlap = {kind: SpanScore() for kind in KINDS}
    exact = {kind: SpanScore() for kind in KINDS}
    elapsed = 0.0
    count = 0
    for row in rows:
        text = row["full_text"]
        gold = gold_spans(row)
        began = time.perf_counter()
        found = system(text)
        elapsed += time.perf_counter() - began
        count += 1
        for scores, same in ((overlap, _overlaps), (exact, _equal)):
            matched_gold: set[int] = set()
            for kind, start, end in found:
                hits = [i for i, g in enumerate(gold) if g[0] == kind and same(g, start, end)]
                if hits:
                    scores[kind].tp += 1
                    matched_gold.update(hits)
                else:
                    scores[kind].fp += 1
            for index, (kind, _, _) in enumerate(gold):
                if index not in matched_gold:
                    scores[kind].fn += 1
    return SystemResult(name, overlap, exact, elapsed, count)


def _overlaps(gold: Found, start: int, end: int) -> bool:
    return start < gold[2] and gold[1] < end


def _equal(gold: Found, start: int, end: int) -> bool:
    return (start, end) == (gold[1], gold[2])


def _micro(scores: dict[str, SpanScore]) -> SpanScore:
    total = SpanScore()
    for s in scores.values():
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
    return total


def report(results: list[SystemResult]) -> str:
    lines = [f"{'system':<10} {'match':<8} {'kind':<12} {'support':>7} {'P':>6} {'R':>6} {'F1':>6}"]
    for result in results:
        for label, scores in (("overlap", result.overlap), ("exact", result.exact)):
            for kind, s in [*scores.items(), ("micro", _micro(scores))]:
                lines.append(
                    f"{result.name:<10} {label:<8} {kind:<12} {s.tp + s.fn:>7} "
                    f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
                )
    for result in results:
        per = result.seconds / max(result.sentences, 1) * 1e6
        lines.append(f"{result.name}: {result.sentences} sentences, {per:.1f} µs per sentence")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N rows")
    parser.add_argument("--no-presidio", action="store_true", help="skip the Presidio baseline")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"data set not found: {DATA.name} (expected beside the repository)")
        return 1
    rows = load_rows(args.limit)
    results = [score("trustdesk", trustdesk_system, rows)]
    baseline = None if args.no_presidio else presidio_system()
    if baseline is not None:
        results.append(score("presidio", baseline, rows))
    elif not args.no_presidio:
        print("presidio-analyzer is not installed (pip install -e '.[bench]'): baseline skipped")
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
