"""How much of each secret the desk's redaction removes, and how often it removes something else.

Five sets are scored, each secret as a span of text:

- `tests/fixtures/secrets_in_support.jsonl`: lines of support language written for trustdesk
  with every secret labelled (passwords in many phrasings, PINs, one-time codes, card security
  codes, card numbers, IBANs, sort codes with account numbers, routing numbers, national IDs
  of the main markets) and hard look-alikes labelled clean (order, tracking and reference
  numbers, dates, prices, phone numbers, boarding passes, promo and error codes). The `dev`
  split was used while writing the detector; the `holdout` split was written beside it.
- `tests/fixtures/secrets_held_aside.jsonl`: 378 lines written later, before the detector was
  changed again, to score it on phrasings nobody had written a pattern for (misspelt names,
  lower case, secrets inside long sentences, "is now …", "either … or …", digits received by
  text) and 182 look-alike lines (order and tracking numbers, phones, dates, prices, versions,
  "password reset link", "I forgot my password"). Its first score is the honest one; the
  detector was then improved by cause, so later scores on it are no longer held out.
- `tests/fixtures/secrets_fresh.jsonl`: 239 lines written after those changes and scored once
  before anything else was touched (recall 0.823, precision 1.000: the honest figure for
  phrasings nobody had seen); the causes of its misses were then fixed too, so it is no longer
  held out either.
- `tests/fixtures/secrets_third.jsonl`: 68 lines written by another hand without reading the
  rules, scored once as the detector then stood (recall 0.857, precision 1.000); two of its
  causes were then fixed (a quoted password before "as the password", a code named with where
  it came from), so it is no longer held out. The next new phrasing goes into a new file,
  scored before any fix.
- `../shared/data/presidio-synth-pii` (Presidio's synthetic sentences, MIT): the gold spans
  that are secrets for the desk (credit cards, IBANs, US SSNs and driver's licences; phone
  numbers and e-mail addresses are kept, so they are not scored here).

A secret counts as removed only when the redaction covers all of it (a password cut in half
still leaks); an item removed where nothing is labelled is a false alarm. Recall is given per
labelled kind, precision per kind removed (a PIN removed as a one-time code is still removed).

Run from the repository root: `python evals/redaction_recall.py [--misses]`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trustdesk.desk.redaction import redact

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE = FIXTURES / "secrets_in_support.jsonl"
HELD_ASIDE = FIXTURES / "secrets_held_aside.jsonl"
FRESH = FIXTURES / "secrets_fresh.jsonl"
THIRD = FIXTURES / "secrets_third.jsonl"
PRESIDIO = ROOT.parent / "shared" / "data" / "presidio-synth-pii" / "synth_dataset_v2.json"
SPLITS = ("dev", "holdout")
# Presidio's entity types that the desk must not store, and the kind each one is.
PRESIDIO_SECRETS = {
    "CREDIT_CARD": "card",
    "IBAN_CODE": "iban",
    "US_SSN": "national_id",
    "US_DRIVER_LICENSE": "national_id",
}

Span = tuple[str, int, int]  # (kind, start, end)


@dataclass
class Line:
    text: str
    gold: list[Span]


@dataclass
class RedactionScore:
    # Per gold kind: (secrets, removed whole).
    kinds: dict[str, list[int]] = field(default_factory=dict)
    # Per kind removed: (items removed, of which false alarms).
    cut_kinds: dict[str, list[int]] = field(default_factory=dict)
    removed: int = 0  # items removed
    false_alarms: int = 0  # items removed where nothing is labelled
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def secrets(self) -> int:
        return sum(total for total, _ in self.kinds.values())

    @property
    def recall(self) -> float:
        covered = sum(hit for _, hit in self.kinds.values())
        return covered / self.secrets if self.secrets else 1.0

    @property
    def precision(self) -> float:
        return 1 - self.false_alarms / self.removed if self.removed else 1.0


def score(lines: Iterable[Line]) -> RedactionScore:
    result = RedactionScore()
    for line in lines:
        redaction = redact(line.text)
        cuts = [(cut.start, cut.end) for cut in redaction.cuts]
        for kind, start, end in line.gold:
            counts = result.kinds.setdefault(kind, [0, 0])
            counts[0] += 1
            if _covered(start, end, cuts, line.text):
                counts[1] += 1
            else:
                result.misses.append(f"{kind}: {line.text[start:end]!r} in {line.text!r}")
        for (start, end), kind in zip(cuts, redaction.kinds, strict=True):
            result.removed += 1
            removed = result.cut_kinds.setdefault(kind, [0, 0])
            removed[0] += 1
            if not any(start < g_end and g_start < end for _, g_start, g_end in line.gold):
                result.false_alarms += 1
                removed[1] += 1
                result.alarms.append(f"{kind}: {line.text[start:end]!r} in {line.text!r}")
    return result


def _covered(start: int, end: int, cuts: list[tuple[int, int]], text: str) -> bool:
    """Whether the cuts remove every letter and digit of text[start:end]."""
    return all(not text[i].isalnum() or any(s <= i < e for s, e in cuts) for i in range(start, end))


def fixture_lines(split: str | None = None, path: Path = FIXTURE) -> list[Line]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        row = json.loads(raw)
        if split is not None and row["split"] != split:
            continue
        text = row["text"]
        gold = []
        for secret in row["secrets"]:
            start = text.index(secret["text"])
            gold.append((secret["kind"], start, start + len(secret["text"])))
        lines.append(Line(text, gold))
    return lines


def presidio_lines(path: Path = PRESIDIO) -> list[Line]:
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [
        Line(
            row["full_text"],
            [
                (PRESIDIO_SECRETS[s["entity_type"]], s["start_position"], s["end_position"])
                for s in row["spans"]
                if s["entity_type"] in PRESIDIO_SECRETS
            ],
        )
        for row in rows
    ]


def report(name: str, result: RedactionScore) -> list[str]:
    lines = [
        f"{name:<22} {'all':<12} {result.secrets:>7} {result.recall:>6.3f} "
        f"{result.removed:>7} {result.false_alarms:>6} {result.precision:>9.3f}"
    ]
    for kind in sorted(result.kinds.keys() | result.cut_kinds.keys()):
        total, hit = result.kinds.get(kind, (0, 0))
        removed, alarms = result.cut_kinds.get(kind, (0, 0))
        recall = f"{hit / total:>6.3f}" if total else f"{'':>6}"
        precision = f"{1 - alarms / removed:>9.3f}" if removed else f"{'':>9}"
        lines.append(
            f"{'':<22} {kind:<12} {total:>7} {recall} {removed:>7} {alarms:>6} {precision}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print misses and false alarms")
    args = parser.parse_args(argv)
    sets = {f"support {split}": fixture_lines(split) for split in SPLITS}
    sets["support all"] = fixture_lines()
    sets["held aside"] = fixture_lines(path=HELD_ASIDE)
    sets["fresh"] = fixture_lines(path=FRESH)
    sets["third"] = fixture_lines(path=THIRD)
    if PRESIDIO.exists():
        sets["presidio-synth-pii"] = presidio_lines()
    else:
        print(f"data set not found: {PRESIDIO.name} (expected beside the repository)")
    print(
        f"{'set':<22} {'kind':<12} {'secrets':>7} {'recall':>6} {'removed':>7} {'false':>6} "
        f"{'precision':>9}"
    )
    for name, lines in sets.items():
        result = score(lines)
        print("\n".join(report(name, result)))
        if args.misses and name != "support all":
            for miss in result.misses:
                print(f"  miss   {miss}")
            for alarm in result.alarms:
                print(f"  alarm  {alarm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
