"""Precision and recall of the privacy and rudeness checks on hand-labelled conversations.

`tests/fixtures/privacy_labelled.jsonl` holds realistic support conversations (chat, social,
bot) written for trustdesk and labelled for `privacy.secret_request`, `privacy.exposure` and
`respect.rude`, with clean look-alikes (last four digits, "we will never ask for your PIN",
masked cards, the organisation's own mailbox, acronyms in capitals). The `dev` split was used
while writing the checks; the `holdout` split was written with phrasings the patterns were not
built around and is reported as found.

Run from the repository root: `python evals/privacy_labelled.py [--show]`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from trustdesk.checks.privacy.exposure import SecretExposure
from trustdesk.checks.privacy.secret_request import SecretRequest
from trustdesk.checks.respect.rude import RudeReply
from trustdesk.engine import Engine
from trustdesk.evaluation import EvalReport, evaluate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "privacy_labelled.jsonl"
CHECKS = (SecretRequest, SecretExposure, RudeReply)
CHECK_IDS = frozenset(check.id for check in CHECKS)


def load(split: str | None = None, path: Path = FIXTURE) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if split is None or row["meta"]["split"] == split]


def score(rows: list[dict[str, Any]]) -> EvalReport:
    return evaluate(rows, engine=Engine(checks=list(CHECKS)), checks=CHECK_IDS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print misses and false alarms")
    args = parser.parse_args(argv)
    print(
        f"{'split':<8} {'check':<24} {'support':>7} {'TP':>3} {'FP':>3} {'FN':>3} "
        f"{'P':>6} {'R':>6} {'F1':>6}"
    )
    for split in ("dev", "holdout", None):
        rows = load(split)
        report = score(rows)
        for name, s in [*report.scores.items(), ("micro", report.micro)]:
            print(
                f"{split or 'all':<8} {name:<24} {s.support:>7} {s.true_positives:>3} "
                f"{s.false_positives:>3} {s.false_negatives:>3} {s.precision:>6.3f} "
                f"{s.recall:>6.3f} {s.f1:>6.3f}"
            )
        if args.show and split is not None:
            for example in report.misses:
                print(f"    miss {example.check}: {example.text!r}")
            for example in report.false_alarms:
                print(f"    false alarm {example.check}: {example.text!r}")
    print(f"conversations: {len(load())} ({len(load('dev'))} dev, {len(load('holdout'))} holdout)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
