"""The shared analysis: made once per message, and reused when the same message comes again."""

from __future__ import annotations

from datetime import UTC, datetime

from support import START
from trustdesk.engine import Engine
from trustdesk.model import Message, Role
from trustdesk.samples import load_samples
from trustdesk.text.analysis import RecentAnalyses, forget_recent_analyses

HISTORY = {
    "id": "c1",
    "messages": [
        {"id": "m1", "role": "customer", "at": "2026-03-02T09:00:00Z", "text": "Where is it??"},
        {
            "id": "m2",
            "role": "agent",
            "at": "2026-03-02T09:30:00Z",
            "text": "Sorry! We will get back to you soon.",
        },
        {"id": "m3", "role": "customer", "at": "2026-03-02T11:00:00Z", "text": "Any update?"},
    ],
}


def test_the_same_message_sent_again_reuses_its_analysis() -> None:
    engine = Engine()
    first = Message(id="a", role=Role.CUSTOMER, at=START, text="My order is late. Where is it?")
    again = Message(id="b", role=Role.CUSTOMER, at=START, text="My order is late. Where is it?")
    other_time = Message(id="c", role=Role.CUSTOMER, at=None, text=first.text)
    assert engine.analyse(again) is engine.analyse(first)
    assert engine.analyse(other_time) is not engine.analyse(first)


def test_a_history_sent_as_json_each_call_gets_the_same_verdicts() -> None:
    engine = Engine()
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    drafts = ["Thanks for waiting, it arrives tomorrow by noon.", "What is your password?"]
    first = [engine.check_reply(HISTORY, draft, now=now).to_dict() for draft in drafts]
    again = [engine.check_reply(HISTORY, draft, now=now).to_dict() for draft in drafts]
    assert first == again


def test_every_sample_is_judged_alike_with_fresh_or_remembered_analyses() -> None:
    engine = Engine()
    samples = load_samples()
    forget_recent_analyses()
    fresh = [engine.audit(sample).to_dict() for sample in samples]
    remembered = [engine.audit(sample).to_dict() for sample in samples]
    assert remembered == fresh


def test_the_recent_analyses_are_bounded() -> None:
    engine = Engine()
    recent = RecentAnalyses(size=3)
    context = engine.analyse(Message(id="x", role=Role.AGENT, text="hi")).context
    kept = [recent.get(f"text {i}", None, context) for i in range(5)]
    assert recent.get("text 4", None, context) is kept[4]
    assert recent.get("text 0", None, context) is not kept[0]  # evicted, made anew
    assert len(recent._items) == 3


def test_an_archive_audited_once_and_a_draft_leave_the_recent_analyses_alone() -> None:
    from trustdesk.text.analysis import _recent

    engine = Engine()
    samples = load_samples()
    forget_recent_analyses()
    once = [engine.audit(sample, remember=False).to_dict() for sample in samples]
    assert not _recent._items  # an archive's messages do not come again
    assert once == [engine.audit(sample).to_dict() for sample in samples]
    assert len(_recent._items) > len(samples)

    forget_recent_analyses()
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    engine.check_reply(HISTORY, "Thanks for waiting, it arrives tomorrow by noon.", now=now)
    kept = {text for text, _, _ in _recent._items}
    assert kept == {m["text"] for m in HISTORY["messages"]}  # the history, not the draft
