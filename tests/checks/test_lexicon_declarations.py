"""Every lexicon a check scans through a message's analysis is one it declares
(`Check.lexicons`), so the engine's one scan per message screens it; likewise for the service
measures. Each check runs alone, on audits and on drafts, over the samples and the labelled
fixtures, while the lexicons asked for are recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest

from support import sample_and_fixture_records
from trustdesk.checks.registry import available_checks
from trustdesk.engine import Engine
from trustdesk.engine.measures import LEXICONS as MEASURED_LEXICONS
from trustdesk.model import Conversation
from trustdesk.text.analysis import MessageAnalysis, forget_recent_analyses
from trustdesk.text.lexicon import Hit, Lexicon


def scanned(run: Any) -> set[str]:
    """The names of the lexicons asked for through `MessageAnalysis.hits` while `run()` runs,
    on analyses made afresh."""
    asked: set[str] = set()
    real = MessageAnalysis.hits

    def recording(self: MessageAnalysis, lexicon: Lexicon) -> list[Hit]:
        asked.add(lexicon.name)
        return real(self, lexicon)

    forget_recent_analyses()
    with mock.patch.object(MessageAnalysis, "hits", recording):
        run()
    return asked


def drafts(conversation: Conversation) -> Iterator[tuple[Conversation, str, Any]]:
    for index, message in enumerate(conversation.messages):
        if message.role.is_org:
            before = conversation.model_copy(update={"messages": conversation.messages[:index]})
            yield before, message.text, message


@pytest.mark.parametrize("check_id", sorted(available_checks()))
def test_a_check_declares_every_lexicon_it_scans(check_id: str) -> None:
    check = available_checks()[check_id]
    engine = Engine(checks=[check])

    def run() -> None:
        for record in sample_and_fixture_records():
            conversation = Conversation.parse(record)
            engine.audit(conversation, measures=False)
            for history, text, message in drafts(conversation):
                engine.check_reply(history, text, now=message.at, role=message.role)

    declared = {lexicon.name for lexicon in check.lexicons}
    assert scanned(run) <= declared


def test_the_service_measures_declare_every_lexicon_they_scan() -> None:
    engine = Engine(checks=[])

    def run() -> None:
        for record in sample_and_fixture_records():
            engine.audit(Conversation.parse(record))

    asked = scanned(run)
    assert asked  # the measures do read lexicons
    assert asked <= {lexicon.name for lexicon in MEASURED_LEXICONS}
