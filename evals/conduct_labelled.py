"""How well respect.jargon, conduct.never_say and conduct.must_disclose do on labelled chats.

No public data set labels jargon, never-say phrases or missing disclosures, so this runs on
`tests/fixtures/conduct_labelled.jsonl`: support conversations written for the purpose (web
hosting, banking, broadband, SaaS, retail), labelled by what a QA lead would flag under the
default policy. They include the hard cases: terms explained in the same sentence, terms the
customer used first, jargon in internal notes, customers quoting a forbidden phrase, prices
and fees stated in the same reply, phrasings the default patterns do not cover.

Each conversation has `meta.split`: "dev" conversations were written first and used to tune
the word lists and the default policy's patterns; "holdout" ones were written afterwards and
never tuned on, so their figures are the honest estimate.

Run from the repository root: `python evals/conduct_labelled.py [--misses]`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from trustdesk.checks.conduct.must_disclose import MustDisclose
from trustdesk.checks.conduct.never_say import NeverSay
from trustdesk.checks.respect.jargon import Jargon
from trustdesk.engine import Engine
from trustdesk.evaluation import EvalReport, evaluate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "conduct_labelled.jsonl"
CHECKS = (Jargon, NeverSay, MustDisclose)


def load(path: Path = FIXTURE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run(rows: list[dict[str, Any]]) -> EvalReport:
    """Score the three checks, alone in an engine with the default policy."""
    return evaluate(rows, engine=Engine(checks=list(CHECKS)), checks={c.id for c in CHECKS})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print misses and false alarms")
    args = parser.parse_args()
    rows = load()
    for split in ("dev", "holdout", "all"):
        subset = [r for r in rows if split == "all" or r.get("meta", {}).get("split") == split]
        report = run(subset)
        messages = sum(len(row["messages"]) for row in subset)
        print(f"\n{split}: {report.conversations} conversations, {messages} messages")
        print(
            f"{'check':24} {'support':>7} {'tp':>4} {'fp':>4} {'fn':>4} "
            f"{'precision':>9} {'recall':>7} {'f1':>6}"
        )
        for score in [*report.scores.values(), report.micro]:
            print(
                f"{score.check:24} {score.support:>7} {score.true_positives:>4} "
                f"{score.false_positives:>4} {score.false_negatives:>4} "
                f"{score.precision:>9.3f} {score.recall:>7.3f} {score.f1:>6.3f}"
            )
    if args.misses:
        for title, examples in (("misses", report.misses), ("false alarms", report.false_alarms)):
            print(f"\n{title}:")
            for example in examples:
                print(
                    f"  {example.check} {example.conversation_id}/{example.message_id}: "
                    f"{example.text[:100]}"
                )


if __name__ == "__main__":
    main()
