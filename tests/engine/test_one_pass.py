"""The engine's one scan per message (`trustdesk.text.onepass`) changes no finding and does
the work it claims: one set scan per message, and no lexicon's own gate for a lexicon the set
screens. Findings are compared with an engine whose lexicons each scan on their own, over the
samples and the labelled fixtures, on audits and on every org message judged as a draft."""

from __future__ import annotations

from unittest import mock

import pytest

from support import sample_and_fixture_records
from trustdesk.engine import Engine
from trustdesk.model import Conversation, Finding
from trustdesk.samples import load_samples
from trustdesk.text import lexicon as lexicon_module
from trustdesk.text import onepass
from trustdesk.text.analysis import forget_recent_analyses


def findings(engine: Engine) -> list[tuple[Finding, ...]]:
    """Every audit's findings and every org message's findings as a draft, on conversations
    parsed afresh, with no analysis left over from another engine."""
    forget_recent_analyses()
    found: list[tuple[Finding, ...]] = []
    for record in sample_and_fixture_records():
        conversation = Conversation.parse(record)
        found.append(engine.audit(conversation).findings)
        for index, message in enumerate(conversation.messages):
            if message.role.is_org:
                history = conversation.model_copy(
                    update={"messages": conversation.messages[:index]}
                )
                verdict = engine.check_reply(
                    history, message.text, now=message.at, role=message.role
                )
                found.append(verdict.findings)
    return found


@pytest.mark.slow
def test_one_pass_changes_no_finding() -> None:
    one_pass = findings(Engine())
    assert sum(len(f) for f in one_pass) > 100  # the corpus does exercise the checks
    assert one_pass == findings(Engine(one_pass=False))


def set_scans_and_own_gates(engine: Engine) -> tuple[int, int, int]:
    """Set scans, lexicon scans through a lexicon's own gate, and messages, for auditing every
    sample."""
    sets = gates = 0
    real_fired = onepass._Gates.fired
    real_semantics = lexicon_module._ascii_semantics

    def fired(self: onepass._Gates, lower: str) -> frozenset[str]:
        nonlocal sets
        sets += 1
        return real_fired(self, lower)

    def semantics(text: str) -> bool:  # asked once per lexicon scan that uses its own gate
        nonlocal gates
        gates += 1
        return real_semantics(text)

    forget_recent_analyses()
    conversations = [Conversation.parse(record) for record in load_samples()]
    with (
        mock.patch.object(onepass._Gates, "fired", fired),
        mock.patch.object(lexicon_module, "_ascii_semantics", semantics),
    ):
        for conversation in conversations:
            engine.audit(conversation)
    return sets, gates, sum(len(c.messages) for c in conversations)


def test_one_set_scan_per_message_and_no_gate_per_lexicon() -> None:
    sets, gates, messages = set_scans_and_own_gates(Engine())
    assert 0 < sets <= messages
    # Only the lexicons scanned outside an analysis (on a part of a text) ask their own gates.
    _, gates_before, _ = set_scans_and_own_gates(Engine(one_pass=False))
    assert gates_before > 4 * messages
    assert gates < gates_before / 3
