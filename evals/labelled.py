"""Shared code of the scripts that score checks on our own labelled fixtures.

Each `evals/*_labelled.py` script names a fixture in `tests/fixtures/` (JSONL, one labelled
conversation a line, with `meta.split` "dev" or "holdout") and the checks labelled in it, and
hands them to `main` here. Every such script then has the same command line: it prints
precision and recall per check, and the micro average, for the dev split, the holdout split and
the whole set; `--misses` also prints the whole set's misses and false alarms. The checks are
scored alone in an engine with the default policy.

The tests in `tests/evals/` use `load` and `score` on the scripts' FIXTURE and CHECKS.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from trustdesk.checks.base import Check
from trustdesk.engine import Engine
from trustdesk.evaluation import CheckScore, EvalReport, evaluate
from trustdesk.policy.loader import load_policy

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
SPLITS = ("dev", "holdout")

# When to audit a conversation; None means at the time of its last message.
Clock = Callable[[Mapping[str, Any]], datetime | None]


def load(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    """The labelled conversations in a JSONL file, only those of `split` when one is given."""
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [row for row in rows if split is None or row.get("meta", {}).get("split") == split]


def audited_at(conversation: Mapping[str, Any]) -> datetime | None:
    """A clock for `score`: the conversation's `meta.audited_at`, when it has one."""
    moment = conversation.get("meta", {}).get("audited_at")
    return datetime.fromisoformat(moment) if moment else None


def score(
    rows: Iterable[Mapping[str, Any]],
    checks: Sequence[type[Check]],
    at: Clock | None = None,
    policy: Path | None = None,
) -> EvalReport:
    """Score the checks, alone in an engine with the default policy (or the policy file
    `policy`), on labelled conversations.

    With a clock `at`, each conversation is audited at the moment it gives for it and the
    results are added up; without one, every conversation at the time of its last message.
    """
    engine = Engine(load_policy(policy) if policy else None, checks=list(checks))
    ids = {check.id for check in checks}
    if at is None:
        return evaluate(rows, engine=engine, checks=ids)
    total = EvalReport(scores={name: CheckScore(name) for name in sorted(ids)})
    for row in rows:
        report = evaluate([row], engine=engine, checks=ids, now=at(row))
        total.conversations += report.conversations
        total.misses.extend(report.misses)
        total.false_alarms.extend(report.false_alarms)
        for name, part in report.scores.items():
            into = total.scores[name]
            into.true_positives += part.true_positives
            into.false_positives += part.false_positives
            into.false_negatives += part.false_negatives
    return total


def print_report(
    title: str, rows: Sequence[Mapping[str, Any]], report: EvalReport, *, misses: bool = False
) -> None:
    """Print a table of the report's figures per check and, if asked, its errors."""
    messages = sum(len(row["messages"]) for row in rows)
    width = max(24, *(len(name) for name in report.scores))
    print(f"\n{title}: {report.conversations} conversations, {messages} messages")
    print(
        f"{'check':{width}} {'support':>7} {'tp':>4} {'fp':>4} {'fn':>4} "
        f"{'precision':>9} {'recall':>7} {'f1':>6}"
    )
    for line in [*report.scores.values(), report.micro]:
        print(
            f"{line.check:{width}} {line.support:>7} {line.true_positives:>4} "
            f"{line.false_positives:>4} {line.false_negatives:>4} "
            f"{line.precision:>9.3f} {line.recall:>7.3f} {line.f1:>6.3f}"
        )
    if misses:
        for heading, examples in (("misses", report.misses), ("false alarms", report.false_alarms)):
            print(f"\n{heading}:")
            for example in examples:
                print(
                    f"  {example.check} {example.conversation_id}/{example.message_id}: "
                    f"{example.text[:100]!r}"
                )


def main(
    doc: str | None,
    fixture: Path,
    checks: Sequence[type[Check]],
    argv: Sequence[str] | None = None,
    *,
    at: Clock | None = None,
    policy: Path | None = None,
) -> int:
    """The command line of a labelled-fixture script whose module docstring is `doc`."""
    parser = argparse.ArgumentParser(description=(doc or "").strip().partition("\n")[0])
    parser.add_argument("--misses", action="store_true", help="print misses and false alarms")
    args = parser.parse_args(argv)
    for split in (*SPLITS, "all"):
        rows = load(fixture, None if split == "all" else split)
        report = score(rows, checks, at=at, policy=policy)
        print_report(split, rows, report, misses=args.misses and split == "all")
    return 0
