"""Promise outcomes: untimed, open, kept or broken at the judging time, given a grace."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scaling import assert_linear_steps
from support import START, conversation
from trustdesk.engine import Engine
from trustdesk.model import Conversation, PromiseCounts
from trustdesk.service_level import Outcome, promise_counts, promises
from trustdesk.service_level.promises import outcome_at

ENGINE = Engine()
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
GRACE = timedelta(minutes=10)


def _outcomes(*turns: tuple[str, str, timedelta], now_after: timedelta | None = None) -> list[str]:
    conv = Conversation.parse(conversation(*turns))
    now = START + now_after if now_after is not None else None
    return [p.outcome.value for p in promises(conv.messages, ENGINE.analyse, GRACE, now)]


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (  # a reply from us before the due time
            [
                ("customer", "Where is my parcel?", timedelta(0)),
                ("agent", "I'll email you the tracking details by 3pm today.", timedelta(0)),
                ("agent", "Here is your tracking number: TRK-20931.", 4 * HOUR),
                ("customer", "Got it, thanks!", DAY),
            ],
            ["kept"],
        ),
        (  # no word from us by the due time
            [
                ("customer", "Where is my parcel? Order 62001.", timedelta(0)),
                ("agent", "I'll email you the tracking details by 3pm today.", timedelta(0)),
                ("customer", "Still waiting for that tracking email.", DAY),
            ],
            ["broken"],
        ),
        (  # not due yet when the conversation ends
            [
                ("customer", "Can you check my order?", timedelta(0)),
                ("agent", "Of course. I'll update you by 5pm tomorrow.", timedelta(0)),
                ("customer", "Thanks.", HOUR),
            ],
            ["open"],
        ),
        (  # an outcome nobody complained about came true
            [
                ("customer", "The lamp arrived broken.", timedelta(0)),
                ("agent", "I've sent a replacement and it should arrive by Thursday.", HOUR),
                ("customer", "It came yesterday and it's perfect, thanks!", 4 * DAY),
            ],
            ["kept"],
        ),
        (  # no concrete time
            [
                ("customer", "Any news?", timedelta(0)),
                ("agent", "We will get back to you soon.", HOUR),
            ],
            ["untimed"],
        ),
    ],
)
def test_outcomes(turns: list[tuple[str, str, timedelta]], expected: list[str]) -> None:
    assert _outcomes(*turns) == expected


def test_the_judging_time_decides_what_is_still_open() -> None:
    turns = (
        ("customer", "Can you check my order?", timedelta(0)),
        ("agent", "Of course. I'll update you by 5pm tomorrow.", timedelta(0)),
    )
    assert _outcomes(*turns) == ["open"]
    assert _outcomes(*turns, now_after=3 * DAY) == ["broken"]


def test_counts_add_up_the_outcomes() -> None:
    conv = Conversation.parse(
        conversation(
            ("customer", "Where is my parcel? And my refund?", timedelta(0)),
            ("agent", "We will get back to you about the refund soon.", timedelta(0)),
            ("agent", "I'll email you the tracking details by 3pm today.", timedelta(0)),
            ("customer", "Still waiting for that tracking email.", DAY),
        )
    )
    found = list(promises(conv.messages, ENGINE.analyse, GRACE, None))
    assert [p.outcome for p in found] == [Outcome.UNTIMED, Outcome.BROKEN]
    assert promise_counts(found) == PromiseCounts(made=2, timed=1, kept=0, broken=1, open=0)


def test_a_promise_knows_what_it_becomes_once_due() -> None:
    conv = Conversation.parse(
        conversation(
            ("customer", "Can you check my order?", timedelta(0)),
            ("agent", "Of course. I'll update you by 5pm tomorrow.", timedelta(0)),
        )
    )
    [promise] = promises(conv.messages, ENGINE.analyse, GRACE, None)
    assert promise.outcome is Outcome.OPEN and promise.settles_as is Outcome.BROKEN
    assert promise.deadline is not None and promise.follow_up is None
    # Judged later with no message since, it is what it settles as: the same as judging again.
    later = promise.deadline + timedelta(minutes=1)
    assert outcome_at(promise, later) is Outcome.BROKEN
    [again] = promises(conv.messages, ENGINE.analyse, GRACE, later)
    assert again.outcome is Outcome.BROKEN


def _many_promises(count: int) -> Conversation:
    # Every reply promises an update within 2 hours and the next comes 3 hours later: each
    # promise is broken, and every later reply is too late for it.
    turns = [("customer", "Where is my parcel?", timedelta(0))]
    turns += [("agent", "I'll update you within 2 hours.", 3 * HOUR)] * count
    conv = Conversation.parse(conversation(*turns))
    # Analysed outside the count: the promises are found before they are judged.
    found = [ENGINE.analyse(message).commitments for message in conv.messages]
    assert sum(map(len, found)) == count
    return conv


def test_many_promises_are_judged_in_linear_work() -> None:
    conv = _many_promises(200)
    found = list(promises(conv.messages, ENGINE.analyse, GRACE, START + 30 * DAY))
    assert [p.outcome for p in found] == [Outcome.BROKEN] * 200
    # What follows each promise is read once, from the end, not again for each promise.
    assert_linear_steps(
        _many_promises,
        lambda conv: list(promises(conv.messages, ENGINE.analyse, GRACE, START + 30 * DAY)),
        50,
    )
