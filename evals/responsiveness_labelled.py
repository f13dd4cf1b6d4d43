"""Precision and recall of the responsiveness checks on hand-labelled, timed conversations.

`tests/fixtures/responsiveness_labelled.jsonl` holds realistic support conversations with
message times, each labelled with the messages `responsiveness.wait` and
`responsiveness.chasing` should flag under the default policy (Europe/London, Mon-Fri
09:00-17:30, first reply within 4 business hours, updates within 24). A conversation whose
`meta.audited_at` is set is audited at that moment (its last wait is still running); the others
at the time of their last message. The labels were set from the conversation's meaning (was
the customer kept waiting past the SLA? did they have to chase?), not from the checks' output.
`meta.split` is "dev" for the conversations the word lists were tuned on and "holdout" for
ones written and labelled afterwards and scored once before any change.

Run from the repository root: `python evals/responsiveness_labelled.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from trustdesk.checks.responsiveness.chasing import CustomerChasing
from trustdesk.checks.responsiveness.wait import LongWait
from trustdesk.engine import Engine
from trustdesk.evaluation import EvalReport, evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "fixtures" / "responsiveness_labelled.jsonl"
CHECKS = (LongWait, CustomerChasing)


def load(path: Path = DATA) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _audited_at(conversation: Mapping[str, Any]) -> datetime | None:
    moment = conversation.get("meta", {}).get("audited_at")
    return datetime.fromisoformat(moment) if moment else None


def run(conversations: Iterable[Mapping[str, Any]]) -> EvalReport:
    """Score each conversation at its own audit time and add the results up."""
    engine = Engine(checks=list(CHECKS))
    checks = {check.id for check in CHECKS}
    total = EvalReport(scores={})
    for conversation in conversations:
        report = evaluate(
            [conversation], engine=engine, checks=checks, now=_audited_at(conversation)
        )
        total.conversations += report.conversations
        total.misses.extend(report.misses)
        total.false_alarms.extend(report.false_alarms)
        for name, score in report.scores.items():
            into = total.scores.setdefault(name, type(score)(name))
            into.true_positives += score.true_positives
            into.false_positives += score.false_positives
            into.false_negatives += score.false_negatives
    return total


def main() -> None:
    conversations = load()
    for split in ("dev", "holdout"):
        part = run(c for c in conversations if c["meta"]["split"] == split)
        print(f"{split}: {part.conversations} conversations")
        for name, score in sorted(part.scores.items()):
            print(
                f"  {name:<24} P {score.precision:.3f}  R {score.recall:.3f}  "
                f"F1 {score.f1:.3f}  (tp {score.true_positives}, "
                f"fp {score.false_positives}, fn {score.false_negatives})"
            )
    report = run(conversations)
    print(f"all: {report.conversations} conversations")
    for name, score in sorted(report.scores.items()):
        print(
            f"  {name:<24} P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}  "
            f"(tp {score.true_positives}, fp {score.false_positives}, "
            f"fn {score.false_negatives})"
        )
    for example in report.misses:
        print(f"  missed      {example.check} {example.conversation_id}/{example.message_id}")
    for example in report.false_alarms:
        print(f"  false alarm {example.check} {example.conversation_id}/{example.message_id}")


if __name__ == "__main__":
    main()
