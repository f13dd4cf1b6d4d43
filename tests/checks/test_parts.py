"""Messages that are parts of one turn: split replies and a customer's quick burst."""

from __future__ import annotations

from datetime import timedelta

from support import conversation
from trustdesk.checks.base import CheckContext
from trustdesk.checks.parts import continues_previous, turn_starts
from trustdesk.engine import Engine
from trustdesk.model import Conversation


def _context(data: dict[str, object]) -> CheckContext:
    conversation = Conversation.parse(data)
    targets = frozenset(range(len(conversation.messages)))
    return Engine()._context(conversation, None, "audit", targets)


def test_part_markers_and_bursts_join_a_turn_and_a_later_message_starts_one() -> None:
    data = conversation(
        ("customer", "@Brand my bill is wrong 1/2"),
        ("customer", "and nobody answers the phone 2/2", timedelta(minutes=3)),
        ("customer", "hello??", timedelta(hours=5)),
        ("customer", "please", timedelta(seconds=20)),
        ("agent", "@c Sorry about this. Please DM us 1/2 ^A"),
        ("agent", "@c with your account number. 2/2 ^A", timedelta(minutes=2)),
    )
    ctx = _context(data)
    assert [continues_previous(ctx, i) for i in range(6)] == [False, True, False, True, False, True]
    assert turn_starts(ctx) == [0, 0, 2, 2, 4, 4]


def test_another_author_or_role_is_never_the_same_turn() -> None:
    data = conversation(
        ("customer", "first", timedelta(0)),
        ("agent", "second", timedelta(seconds=5)),
        ("agent", "third", timedelta(seconds=5)),
    )
    data["messages"][2]["author"] = "agent:someone-else"  # type: ignore[index]
    ctx = _context(data)
    assert turn_starts(ctx) == [0, 1, 2]
