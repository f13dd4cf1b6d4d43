"""Findings frozen over the samples, the labelled fixtures and the real dev conversations.

A refactor must not change what the engine reports. Each corpus is audited, and every org
message is also judged as a draft (`check_reply` with the history before it), and the result
is compared with a snapshot in `tests/fixtures/frozen/`. A deliberate change of findings
regenerates the snapshot in the same commit, so the diff shows what changed:

    TRUSTDESK_FREEZE=1 pytest tests/engine/test_frozen_findings.py
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trustdesk.engine import Engine
from trustdesk.io import read_conversations
from trustdesk.model import Conversation, Finding
from trustdesk.samples import load_samples

HERE = Path(__file__).resolve().parent
FROZEN = HERE.parent / "fixtures" / "frozen"
FIXTURES = HERE.parent / "fixtures"
SHARED_DEV = HERE.parents[2] / "shared" / "data" / "support-real-dev"


def _labelled(path: Path) -> Iterator[Conversation]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            record.pop("expect", None)
            yield Conversation.parse(record)


def _corpora() -> dict[str, Any]:
    corpora: dict[str, Any] = {
        "samples": lambda: [Conversation.parse(s) for s in load_samples()],
        "fixtures": lambda: [
            c for path in sorted(FIXTURES.glob("*_labelled.jsonl")) for c in _labelled(path)
        ],
    }
    if SHARED_DEV.is_dir():
        corpora["support-real-dev"] = lambda: list(
            read_conversations([str(p) for p in sorted(SHARED_DEV.glob("*.jsonl"))], strict=True)
        )
    return corpora


def _digest(finding: Finding) -> str:
    # Explanations and fixes are long; a short digest still shows that one changed.
    words = json.dumps(
        [finding.explanation, finding.suggestion, dict(finding.data)], sort_keys=True, default=str
    )
    return hashlib.sha256(words.encode()).hexdigest()[:12]


def _finding(finding: Finding) -> list[Any]:
    return [
        finding.message_id,
        finding.check,
        finding.severity.value,
        finding.confidence,
        finding.start,
        finding.end,
        _digest(finding),
    ]


def _freeze(conversations: list[Conversation]) -> dict[str, Any]:
    engine = Engine()
    frozen: dict[str, Any] = {}
    for conversation in conversations:
        audit = engine.audit(conversation)
        drafts = {}
        for index, message in enumerate(conversation.messages):
            if not message.is_org or message.at is None:
                continue
            history = conversation.model_copy(update={"messages": conversation.messages[:index]})
            verdict = engine.check_reply(
                history, message.text, now=message.at, role=message.role, author=message.author
            )
            drafts[message.id] = [verdict.decision.value, [_finding(f) for f in verdict.findings]]
        frozen[conversation.id] = {
            "decision": audit.decision.value,
            "scores": {p.value: s for p, s in audit.scores.items()},
            "service": audit.service.to_dict() if audit.service else None,
            "findings": [_finding(f) for f in audit.findings],
            "drafts": drafts,
        }
    return frozen


@pytest.mark.parametrize("corpus", sorted(_corpora()))
def test_findings_are_as_frozen(corpus: str) -> None:
    actual = _freeze(_corpora()[corpus]())
    path = FROZEN / f"{corpus}.json"
    if os.environ.get("TRUSTDESK_FREEZE") == "1":
        FROZEN.mkdir(exist_ok=True)
        # One conversation a line: a deliberate change shows, in the diff, which ones moved.
        lines = (
            f"{json.dumps(key)}: {json.dumps(actual[key], sort_keys=True)}"
            for key in sorted(actual)
        )
        path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    changed = sorted(k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))
    assert not changed, f"{len(changed)} conversations changed, e.g. {changed[:5]}"
