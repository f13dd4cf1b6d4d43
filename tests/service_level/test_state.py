"""Conversation state: who owes whom what, and since when the customer waits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from support import START, conversation
from trustdesk.engine import Engine
from trustdesk.model import Conversation, Message, Role
from trustdesk.service_level.state import Declared, State, standing
from trustdesk.service_level.waits import needs_reply, running_wait

ENGINE = Engine()
LEVEL = ENGINE.service_level
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def _needs_reply(text: str) -> bool:
    message = Message(id="m1", role=Role.CUSTOMER, text=text)
    return needs_reply(ENGINE.analyse(message), LEVEL.closing_max_words)


# Closings after an answer: thanks, an acceptance, or a fix confirmed. None needs a reply.
CLOSINGS = [
    "got the email and I'm back in. thanks",
    "that worked, cheers",
    "came back on this morning",
    "ok thanks",
    "Logged in fine. Thank you!",
    "ah ok, that makes sense. thanks",
    "fair enough",
    "Already sorted! Thank you!",
    "I did thanks 😁",
    "No thanks.",
    "they're not broken, just not my style. ok, thanks anyway",
    "Muchas gracias, Lucía.",
    "Hat funktioniert, danke!",
    "Parfait, merci beaucoup !",
]

# Each of these still asks for something.
NEEDS_A_REPLY = [
    "ok thanks. still no return label in my inbox",
    "thanks, please send it today",
    "Thanks, the boards should be updated though, I assume?",
    "I did not receive anything. I've sent you a DM. Thanks",
    "The courier says they delivered it but I never got it.",
    "thanks for nothing",
    "unbelievable.",
    "ok but it still doesn't work",
    "That fixed it! But now the app crashes when I open it",
    # A closing, but too long to be only one: it says more.
    "Thank you so much for all the help today, the replacement finally arrived this "
    "morning and the kids are delighted with it, what a relief",
]


@pytest.mark.parametrize("text", CLOSINGS)
def test_a_closing_needs_no_reply(text: str) -> None:
    assert not _needs_reply(text)


@pytest.mark.parametrize("text", NEEDS_A_REPLY)
def test_a_message_that_still_asks_needs_a_reply(text: str) -> None:
    assert _needs_reply(text)


def _conversation(*turns: tuple[str, str, timedelta]) -> Conversation:
    """Turns timed from the start of the conversation."""
    return Conversation.parse(conversation(*((r, t, START + at) for r, t, at in turns)))


def _standing(
    *turns: tuple[str, str, timedelta],
    now: timedelta | None = None,
    declared: Declared | None = None,
) -> tuple[State, timedelta | None]:
    conv = _conversation(*turns)
    found = standing(
        conv.messages,
        ENGINE.analyse,
        LEVEL,
        now=START + now if now is not None else None,
        declared=declared,
    )
    return found.state, (found.waiting_since - START if found.waiting_since else None)


LOCKED = (
    ("customer", "I'm locked out of my account. can you unlock it?", timedelta(0)),
    ("agent", "I've sent a reset link to the email address on your account.", HOUR),
)


def test_a_confirmed_fix_solves_it() -> None:
    turns = (*LOCKED, ("customer", "got the email and I'm back in. thanks", 2 * HOUR))
    assert _standing(*turns) == (State.SOLVED, None)


def test_an_unanswered_customer_is_waiting_on_us_since_their_message() -> None:
    turns = (*LOCKED, ("customer", "The link has expired. What now?", 2 * HOUR))
    assert _standing(*turns, now=3 * HOUR) == (State.WAITING_ON_US, 2 * HOUR)


def test_ok_thanks_then_a_new_complaint_waits_from_the_complaint() -> None:
    turns = (
        ("customer", "the returns page gives me an error when I print the label", timedelta(0)),
        ("agent", "Sorry! I'll email the label to you by 3pm tomorrow.", HOUR),
        ("customer", "ok thanks", HOUR + timedelta(minutes=2)),
        ("customer", "still no return label in my inbox. please send it today.", 2 * DAY),
    )
    assert _standing(*turns, now=3 * DAY) == (State.WAITING_ON_US, 2 * DAY)
    # Before the complaint the promise is owed: open, not solved by "ok thanks".
    assert _standing(*turns[:3]) == (State.OPEN, None)


def test_we_replied_and_owe_nothing_it_waits_on_the_customer() -> None:
    turns = (
        ("customer", "What size is the blue jacket?", timedelta(0)),
        ("agent", "It's a medium. Would you like me to reserve one?", HOUR),
    )
    assert _standing(*turns) == (State.WAITING_ON_CUSTOMER, None)
    thanked = (*turns, ("customer", "no thanks, that's all", 2 * HOUR))
    assert _standing(*thanked) == (State.SOLVED, None)


def test_a_holding_reply_leaves_it_open_and_the_update_owed() -> None:
    turns = (
        ("customer", "Why was I charged twice?", timedelta(0)),
        ("agent", "Let me check with billing and get back to you.", HOUR),
        ("customer", "ok thanks", 2 * HOUR),
    )
    # The customer waits for the update from the holding reply, as responsiveness.wait counts.
    assert _standing(*turns, now=5 * HOUR) == (State.OPEN, HOUR)


@pytest.mark.parametrize(
    ("declared", "state"),
    [
        ("solved", State.SOLVED),
        ("closed", State.SOLVED),
        ("pending", State.WAITING_ON_CUSTOMER),
        ("open", State.WAITING_ON_US),
    ],
)
def test_a_declared_status_has_the_last_word(declared: Declared, state: State) -> None:
    turns = (*LOCKED, ("customer", "The link has expired. What now?", 2 * HOUR))
    assert _standing(*turns, declared=declared)[0] is state


def test_a_declared_open_is_never_solved() -> None:
    turns = (*LOCKED, ("customer", "that worked, cheers", 2 * HOUR))
    assert _standing(*turns, declared="open")[0] is State.OPEN


def test_a_confirmed_fix_ends_a_wait_before_any_reply() -> None:
    turns = (
        ("customer", "still no internet, 15 hours now. really frustrating", timedelta(0)),
        ("customer", "came back on this morning", 12 * HOUR),
    )
    conv = _conversation(*turns)
    assert running_wait(conv.messages, ENGINE.analyse, 12, START + DAY) is None
    assert _standing(*turns, now=DAY) == (State.SOLVED, None)


def test_the_wait_time_is_the_checks_measure() -> None:
    turns = (*LOCKED, ("customer", "The link has expired. What now?", 2 * HOUR))
    conv = _conversation(*turns)
    # The update SLA is 24 business hours: a week later, the customer waits past it.
    found = standing(conv.messages, ENGINE.analyse, LEVEL, now=START + 7 * DAY)
    measured = found.wait_time(LEVEL)
    assert measured is not None and measured.past_sla
    audit = ENGINE.audit(conv, now=START + 7 * DAY)
    [finding] = [f for f in audit.findings if f.check == "responsiveness.wait"]
    assert finding.data["waited_seconds"] == int(measured.waited.total_seconds())
    assert measured.describe() in finding.explanation
    assert audit.service is not None and audit.service.state == "waiting_on_us"
    assert audit.service.waited_seconds == measured.waited.total_seconds()
