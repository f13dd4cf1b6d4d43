"""Waits: from the customer's message (or a holding reply) to the next reply from us, measured
in business or calendar time as the policy's SLA counts it."""

from __future__ import annotations

from datetime import timedelta

from support import START, conversation
from trustdesk.engine import Engine
from trustdesk.model import Conversation
from trustdesk.policy import Policy
from trustdesk.service_level import ServiceLevel, Wait, find_waits, measure_wait

ENGINE = Engine()
HOUR = timedelta(hours=1)


def _waits(*turns: tuple[str, str, timedelta], closing_max_words: int = 12) -> list[Wait]:
    conv = Conversation.parse(conversation(*turns))
    return find_waits(conv.messages, ENGINE.analyse, closing_max_words, now=START + 100 * HOUR)


def test_a_wait_runs_from_the_customer_to_the_next_reply() -> None:
    waits = _waits(
        ("customer", "My refund has not arrived. Where is it?", timedelta(0)),
        ("note", "Checking the payment log.", HOUR),
        ("agent", "It was sent this morning; it shows within 3 days.", HOUR),
    )
    assert [(w.index, w.first, w.end - w.start, w.replied) for w in waits] == [
        (0, True, 2 * HOUR, True)
    ]


def test_a_holding_reply_starts_a_wait_for_the_update() -> None:
    waits = _waits(
        ("customer", "Why was I charged twice?", timedelta(0)),
        ("agent", "Let me check with billing and get back to you.", HOUR),
        ("agent", "It was a duplicate authorisation; it drops off in 2 days.", 5 * HOUR),
    )
    assert [(w.first, w.for_update, w.end - w.start) for w in waits] == [
        (True, False, HOUR),
        (False, True, 5 * HOUR),
    ]


def test_a_short_closing_starts_no_wait_and_a_longer_one_does() -> None:
    turns = (
        ("customer", "Where is my order?", timedelta(0)),
        ("agent", "It arrives tomorrow.", HOUR),
        ("customer", "Great, thanks, that's all I needed to know today!", HOUR),
    )
    assert [w.replied for w in _waits(*turns)] == [True]
    assert [w.replied for w in _waits(*turns, closing_max_words=3)] == [True, False]


def test_business_time_when_the_sla_counts_it() -> None:
    # Friday 16:00 to Monday 10:00 is 2 business hours (09:00-17:00, Monday to Friday).
    friday = START + timedelta(days=4, hours=6)
    conv = Conversation.parse(
        conversation(
            ("customer", "Can I change my delivery address?", friday),
            ("agent", "Yes, done.", friday + timedelta(days=2, hours=18)),
        )
    )
    (wait,) = find_waits(conv.messages, ENGINE.analyse, 12)
    business = ServiceLevel.from_policy(Policy())
    calendar = ServiceLevel.from_policy(
        Policy.model_validate({"sla": {"business_hours_only": False}})
    )
    assert measure_wait(wait, business) == (2 * HOUR, business.sla.first_response)
    assert measure_wait(wait, calendar)[0] == 66 * HOUR
