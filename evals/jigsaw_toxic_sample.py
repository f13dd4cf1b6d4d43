"""A smoke test of `respect.rude` on 101 Wikipedia comments from the Jigsaw toxicity set.

The sample (IBM MAX Toxic Comment Classifier, from the CC0 Jigsaw test set) holds 101
comments, 13 labelled toxic. Each comment becomes one agent message; `respect.rude` is
expected on the toxic ones. Too small for figures to generalise: it shows that obvious insults
and obscenity are caught and that ordinary talk-page comments are left alone.

Run from the repository root: `python evals/jigsaw_toxic_sample.py`.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from trustdesk.checks.respect.rude import RudeReply
from trustdesk.engine import Engine
from trustdesk.evaluation import EvalReport, evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "jigsaw-toxic-sample" / "test_examples.csv"
CHECK = RudeReply.id


def load(path: Path = DATA) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "id": f"jigsaw-{number}",
            "messages": [{"id": "m1", "role": "agent", "text": row["comment_text"]}],
            "expect": [{"message_id": "m1", "check": CHECK}] if row["toxic"] == "1" else [],
        }
        for number, row in enumerate(rows)
    ]


def score(conversations: list[dict[str, Any]]) -> EvalReport:
    return evaluate(conversations, engine=Engine(checks=[RudeReply]), checks={CHECK})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the misses and false alarms")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"data set not found: {DATA.parent.name} (expected beside the repository)")
        return 1
    conversations = load()
    report = score(conversations)
    s = report.scores[CHECK]
    toxic = sum(1 for c in conversations if c["expect"])
    print(
        f"comments {len(conversations)}, toxic {toxic}: TP {s.true_positives} "
        f"FP {s.false_positives} FN {s.false_negatives}  P {s.precision:.3f} "
        f"R {s.recall:.3f} F1 {s.f1:.3f}"
    )
    if args.show:
        for example in report.misses:
            print(f"  miss: {example.text[:160]!r}")
        for example in report.false_alarms:
            print(f"  false alarm: {example.text[:160]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
