"""The engine's limits: a pre-send check refuses a conversation or a draft over them before any
work; an audit reads what is within them and says what it left out; a check past its time
budget says which checks did not run."""

from __future__ import annotations

import time
from typing import Any

import pytest

from growth import growth
from support import conversation
from trustdesk.engine import Engine
from trustdesk.engine.limits import MAX_MESSAGE_CHARS, MAX_MESSAGES, Limits
from trustdesk.engine.scoring import principle_scores
from trustdesk.errors import InputError, TooLargeError
from trustdesk.model import (
    AUDIT_TRUNCATED,
    Audit,
    Decision,
    Finding,
    Principle,
    Severity,
    Truncation,
    is_audit_note,
)
from trustdesk.policy.loader import default_policy, policy_from_dict
from trustdesk.settings import Settings

SMALL = Limits(max_messages=3, max_message_chars=50)
ENGINE = Engine(limits=SMALL)


def _turns(count: int, text: str = "Where is my parcel?") -> dict[str, Any]:
    return conversation(*[("customer" if n % 2 == 0 else "agent", text) for n in range(count)])


def test_the_settings_ask_for_the_engines_limits_by_default() -> None:
    settings = Settings()
    assert settings.limits() == Limits() == Limits(MAX_MESSAGES, MAX_MESSAGE_CHARS)
    assert Settings(max_history_messages=7, max_message_chars=9).limits() == Limits(7, 9)


@pytest.mark.parametrize(
    ("history", "draft", "field", "message"),
    [
        (
            _turns(4),
            "Hi",
            "conversation.messages",
            "the conversation has 4 messages; the limit is 3",
        ),
        (
            conversation(("customer", "x" * 51)),
            "Hi",
            "conversation.messages.0.text",
            "message 1 has 51 characters; the limit is 50",
        ),
        (_turns(1), "y" * 51, "draft", "the draft has 51 characters; the limit is 50"),
    ],
)
def test_a_check_over_the_limits_is_refused(
    history: dict[str, Any], draft: str, field: str, message: str
) -> None:
    with pytest.raises(TooLargeError) as refused:
        ENGINE.check_reply(history, draft)
    assert (refused.value.field, refused.value.reason) == (field, message)
    # A TooLargeError is an input error: every front end that reports those reports it.
    assert isinstance(refused.value, InputError)


def test_a_huge_history_is_refused_before_it_is_validated() -> None:
    # Counting is cheap and does not depend on what the messages hold.
    history = _turns(10)
    history["messages"][0]["role"] = "wizard"
    with pytest.raises(TooLargeError):
        ENGINE.check_reply(history, "Hi")

    def refuse(messages: int) -> None:
        with pytest.raises(TooLargeError):
            Engine(limits=Limits(max_messages=10)).check_reply(_turns(messages), "Hi")

    assert growth(refuse, 2_000) < 5


def test_at_the_limits_a_check_is_judged() -> None:
    assert ENGINE.check_reply(_turns(3), "Your parcel arrives on Friday.").decision


def test_an_audit_reads_the_first_messages_and_says_what_it_left_out() -> None:
    audit = ENGINE.audit(_turns(5))
    assert audit.messages == 3
    assert audit.truncated == (
        Truncation(None, "the conversation has 5 messages; the first 3 were audited"),
    )
    assert audit.to_dict()["truncated"] == [
        {"message_id": None, "reason": "the conversation has 5 messages; the first 3 were audited"}
    ]
    assert "truncated" not in ENGINE.audit(_turns(3)).to_dict()


def test_an_audit_reads_the_start_of_a_long_message() -> None:
    text = "Thanks for waiting, it ships today. " + "Can you send me your password? " * 5
    audit = ENGINE.audit(conversation(("customer", "Hi, where is it?"), ("agent", text)))
    assert audit.truncated == (
        Truncation("m2", f"the message has {len(text)} characters; the first 50 were audited"),
    )
    # The secret request lies past the first 50 characters: not read, so not reported.
    assert [f for f in audit.findings if f.check == "privacy.secret_request"] == []
    full = Engine().audit(conversation(("customer", "Hi, where is it?"), ("agent", text)))
    assert [f for f in full.findings if f.check == "privacy.secret_request"]


def test_a_check_past_its_time_budget_says_which_checks_did_not_run() -> None:
    history = conversation(("customer", "Where is my parcel?"))
    draft = "Can you send me your password so I can check?"
    complete = Engine().check_reply(history, draft, deadline=time.monotonic() + 60)
    assert complete.decision is Decision.BLOCK and complete.unchecked == ()
    late = Engine().check_reply(history, draft, deadline=time.monotonic() - 1)
    assert late.decision is Decision.WARN
    assert late.findings == ()
    assert set(late.unchecked) == {check.id for check in Engine().checks}
    assert late.reason.startswith("Not fully checked:")
    assert late.to_dict()["unchecked"] == list(late.unchecked)
    assert "unchecked" not in complete.to_dict()


# --- the audit's note on what it did not read ------------------------------------------------


def _notes(audit: Audit) -> list[Finding]:
    return [f for f in audit.findings if f.check == AUDIT_TRUNCATED]


def test_an_audit_read_in_part_says_so_in_a_finding_of_its_own() -> None:
    audit = ENGINE.audit(_turns(5))
    [note] = _notes(audit)
    # On the first message not read (m4: the limit is 3), at its start: nothing unread is quoted.
    assert (note.message_id, note.start, note.end, note.quote) == ("m4", 0, 0, "")
    assert note.principle is None and note.severity is Severity.INFO
    assert is_audit_note(note) and is_audit_note(note.to_dict())
    assert note.explanation.startswith(
        f"This conversation was audited in part: {2 * len('Where is my parcel?')} characters "
        "were not read (2 messages after the first 3)."
    )
    assert note.data == {
        "messages": 5,
        "messages_read": 3,
        "messages_not_read": 2,
        "messages_cut": 0,
        "characters_not_read": 2 * len("Where is my parcel?"),
        "max_messages": 3,
        "max_message_chars": 50,
    }
    assert note.to_dict()["principle"] is None
    # Last: every message read comes before the ones not read.
    assert audit.findings[-1] == note
    assert _notes(ENGINE.audit(_turns(3))) == []


def test_the_note_sits_where_reading_stopped_in_a_long_message() -> None:
    text = "Thanks for waiting, it ships today. " + "Can you send me your password? " * 5
    audit = ENGINE.audit(
        conversation(
            ("customer", "Hi, where is it? " + "It was due on Monday. " * 5),
            ("agent", text),
            ("customer", "Where is my parcel?"),
        )
    )
    [note] = _notes(audit)
    # The first message cut is m1, at character 50; m2 is cut too.
    assert (note.message_id, note.start, note.end) == ("m1", 50, 50)
    assert note.data["messages_cut"] == 2 and note.data["messages_not_read"] == 0
    unread = len("Hi, where is it? " + "It was due on Monday. " * 5) - 50 + len(text) - 50
    assert note.data["characters_not_read"] == unread
    assert "the end of 2 messages longer than 50 characters" in note.explanation
    # In message order: after the findings on the part of m1 that was read, before m2's.
    order = [(f.message_id, f.start) for f in audit.findings]
    assert order == sorted(order, key=lambda item: (int(item[0][1:]), item[1]))
    assert order.index(("m1", 50)) == max(i for i, (m, _) in enumerate(order) if m == "m1")


def test_the_note_weighs_in_no_score_and_no_decision() -> None:
    # A policy that warns on any info finding still allows a polite conversation read in part.
    strict = policy_from_dict(
        {**default_policy().model_dump(mode="json"), "verdict": {"warn_at": "info"}}
    )
    engine = Engine(strict, limits=SMALL)
    polite = _turns(5, "Thanks, all sorted.")
    whole = Engine(strict).audit(_turns(3, "Thanks, all sorted."))
    part = engine.audit(polite)
    assert [f.check for f in part.findings] == [AUDIT_TRUNCATED]
    assert part.decision is Decision.ALLOW == whole.decision
    assert part.scores == whole.scores
    assert all(score == 100.0 for score in part.scores.values())
    [note] = part.findings
    assert principle_scores([note], [Principle.TRANSPARENCY]) == {Principle.TRANSPARENCY: 100.0}


def test_a_pre_send_check_never_carries_the_note() -> None:
    # At the limits a check reads everything; over them it is refused, never judged in part.
    verdict = ENGINE.check_reply(_turns(3), "Your parcel arrives on Friday.")
    assert not any(is_audit_note(f) for f in verdict.findings)
    with pytest.raises(TooLargeError):
        ENGINE.check_reply(_turns(4), "Your parcel arrives on Friday.")
