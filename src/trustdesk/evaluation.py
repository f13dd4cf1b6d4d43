"""Precision, recall and F1 per check on labelled conversations.

A labelled conversation is a conversation in the input format with an extra key
`"expect": [{"message_id": ..., "check": ...}, ...]`. Every (message, check) pair not listed
is a negative for the checks in scope, so a finding on it is a false alarm.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from trustdesk.engine import Engine
from trustdesk.errors import InputError
from trustdesk.model import Conversation


@dataclass
class CheckScore:
    check: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives


@dataclass(frozen=True)
class Example:
    """A miss or a false alarm, with the text it was about."""

    check: str
    conversation_id: str
    message_id: str
    text: str


@dataclass
class EvalReport:
    scores: dict[str, CheckScore]
    misses: list[Example] = field(default_factory=list)
    false_alarms: list[Example] = field(default_factory=list)
    conversations: int = 0

    @property
    def micro(self) -> CheckScore:
        total = CheckScore("micro")
        for score in self.scores.values():
            total.true_positives += score.true_positives
            total.false_positives += score.false_positives
            total.false_negatives += score.false_negatives
        return total

    def to_dict(self) -> dict[str, Any]:
        def row(s: CheckScore) -> dict[str, Any]:
            return {
                "tp": s.true_positives,
                "fp": s.false_positives,
                "fn": s.false_negatives,
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "support": s.support,
            }

        return {
            "conversations": self.conversations,
            "checks": {name: row(score) for name, score in self.scores.items()},
            "micro": row(self.micro),
            "misses": [vars(e) for e in self.misses],
            "false_alarms": [vars(e) for e in self.false_alarms],
        }


def split_labels(data: Mapping[str, Any]) -> tuple[dict[str, Any], set[tuple[str, str]]]:
    """Separate a labelled conversation into the conversation and its expected pairs."""
    conversation = dict(data)
    expect = conversation.pop("expect", [])
    if not isinstance(expect, list):
        raise InputError("'expect' must be a list", field="expect")
    pairs: set[tuple[str, str]] = set()
    for index, item in enumerate(expect):
        if not (
            isinstance(item, Mapping)
            and isinstance(item.get("message_id"), str)
            and isinstance(item.get("check"), str)
        ):
            raise InputError(
                "each expectation needs 'message_id' and 'check' strings", field=f"expect.{index}"
            )
        pairs.add((item["message_id"], item["check"]))
    return conversation, pairs


def evaluate(
    labelled: Iterable[Mapping[str, Any]],
    *,
    engine: Engine | None = None,
    checks: Iterable[str] | None = None,
    now: datetime | None = None,
) -> EvalReport:
    """Score the engine's findings against the expectations, per check in scope."""
    engine = engine or Engine()
    in_scope = set(checks) if checks is not None else {c.id for c in engine.checks}
    report = EvalReport(scores={check: CheckScore(check) for check in sorted(in_scope)})
    for data in labelled:
        raw, expected = split_labels(data)
        conversation = Conversation.parse(raw)
        texts = {m.id: m.text for m in conversation.messages}
        found = {
            (f.message_id, f.check)
            for f in engine.audit(conversation, now=now, remember=False).findings
            if f.check in in_scope
        }
        expected = {pair for pair in expected if pair[1] in in_scope}
        report.conversations += 1
        for message_id, check in found | expected:
            score = report.scores[check]
            example = Example(check, conversation.id, message_id, texts.get(message_id, ""))
            if (message_id, check) in found and (message_id, check) in expected:
                score.true_positives += 1
            elif (message_id, check) in found:
                score.false_positives += 1
                report.false_alarms.append(example)
            else:
                score.false_negatives += 1
                report.misses.append(example)
    return report
