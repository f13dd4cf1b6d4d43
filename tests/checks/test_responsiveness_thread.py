"""Who writes to whom: before a reply is sent, the thread of the history is read once while
the same history comes back, and is what reading the whole conversation afresh gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from support import conversation
from trustdesk.checks.base import CheckContext
from trustdesk.checks.responsiveness.thread import Thread, _read_thread, thread_of
from trustdesk.model import Conversation, Message, Role
from trustdesk.policy import Policy
from trustdesk.policy.schema import BusinessHours
from trustdesk.text.analysis import AnalysisContext, MessageAnalysis, analyse

POLICY = Policy()
CONTEXT = AnalysisContext(tz=ZoneInfo("UTC"), business_hours=BusinessHours())
LATER = datetime(2026, 3, 9, tzinfo=UTC)

SOCIAL = conversation(
    ("customer", "@AcmeHelp my order 4411 never arrived"),
    ("customer", "@AcmeHelp hello??", timedelta(hours=2)),
    ("agent", "@dana_k sorry! Could you DM us the order number?", timedelta(hours=1)),
    ("customer", "@lee_m same here, mine is late too"),
    ("customer", "@AcmeHelp any update?", timedelta(hours=3)),
)
AUTHORS = ["dana_k", "dana_k", "AcmeHelp", "lee_m", "dana_k"]


def _history() -> list[Message]:
    messages = Conversation.parse(SOCIAL).messages
    for message, author in zip(messages, AUTHORS, strict=True):
        message.author = author
    return messages


def _reply_context(history: list[Message], draft: Message) -> CheckContext:
    messages = [*history, draft]
    return CheckContext(
        conversation=Conversation(id="c1", messages=messages),
        policy=POLICY,
        now=LATER,
        mode="reply",
        targets=frozenset({len(messages) - 1}),
        text_context=CONTEXT,
    )


def _read_afresh(ctx: CheckContext) -> Thread:
    return _read_thread(ctx.messages, ctx.analysis)


def test_a_draft_after_the_same_history_reads_as_the_whole_conversation() -> None:
    history = _history()
    drafts = [
        Message(id="d1", role=Role.AGENT, author="AcmeHelp", text="@dana_k on its way.", at=LATER),
        Message(id="d2", role=Role.BOT, author="AcmeSupportBot", text="Sorry!", at=LATER),
        Message(id="d3", role=Role.AGENT, text="Checking now.", at=LATER),
        Message(id="d4", role=Role.NOTE, text="@lee_m is a different order", at=LATER),
    ]
    for draft in drafts:
        ctx = _reply_context(history, draft)
        assert thread_of(ctx) == _read_afresh(ctx)


def test_a_history_message_changed_between_drafts_is_read_again() -> None:
    history = _history()
    draft = Message(id="d1", role=Role.AGENT, author="AcmeHelp", text="Sorry!", at=LATER)
    before = thread_of(_reply_context(history, draft))
    # The org reply now names nobody: it answers every customer.
    history[2].text = "Sorry! Could you DM us the order number?"
    ctx = _reply_context(history, draft)
    after = thread_of(ctx)
    assert after == _read_afresh(ctx)
    assert after != before


def test_the_history_is_not_read_again_for_the_next_draft() -> None:
    history = _history()
    read: list[Message] = []

    def counting(message: Message) -> MessageAnalysis:
        read.append(message)
        return analyse(message, CONTEXT)

    for number in range(3):
        draft = Message(id=f"d{number}", role=Role.AGENT, text="@dana_k done", at=LATER)
        ctx = _reply_context(history, draft)
        ctx.analysis = counting  # type: ignore[method-assign]
        read.clear()
        thread_of(ctx)
        if number:
            # At most the draft is read (not even it, once handles are known to be in use).
            assert all(message is draft for message in read)
        else:
            assert len(read) > 1
