"""Claims against policy facts: triggers, amounts, and durations compared across units."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from trustdesk.policy import Policy
from trustdesk.policy.loader import default_policy
from trustdesk.policy.schema import BusinessHours, DurationFact
from trustdesk.text.claims import (
    compare_duration,
    counted_from,
    describe_fact_range,
    fact_mentions,
    find_amounts,
    specific_mentions,
)
from trustdesk.text.timeexpr import find_time_expressions

LONDON = ZoneInfo("Europe/London")
HOURS = BusinessHours(start="09:00", end="17:30")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
REFUNDS = DurationFact(
    kind="duration",
    topic="refund processing",
    triggers=["refund"],
    min=5,
    max=10,
    unit="business_days",
    statement="5-10 business days.",
)
RETURNS = DurationFact(
    kind="duration",
    topic="return window",
    triggers=["return"],
    min=30,
    max=30,
    unit="days",
    statement="30 days.",
)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return default_policy()


def verdict(text: str, fact: DurationFact) -> str | None:
    [expression] = find_time_expressions(text, reference=MONDAY, tz=LONDON, business_hours=HOURS)
    return compare_duration(expression, fact, MONDAY, LONDON, HOURS)


@pytest.mark.parametrize(
    ("text", "fact", "expected"),
    [
        ("within 24 hours", REFUNDS, "shorter"),
        ("within 3 days", REFUNDS, "shorter"),
        ("within 7 days", REFUNDS, None),  # 7 calendar days can hold 5 business days
        ("5-10 business days", REFUNDS, None),
        ("up to 14 business days", REFUNDS, "longer"),
        ("around three weeks", REFUNDS, "longer"),
        ("by Friday", REFUNDS, "shorter"),  # 4 business days after Monday
        ("by next Monday", REFUNDS, None),
        ("within 60 days", RETURNS, "longer"),
        ("14 days", RETURNS, "shorter"),
        ("within 30 days", RETURNS, None),
        ("soon", REFUNDS, None),
    ],
)
def test_durations_are_compared_in_the_facts_unit(
    text: str, fact: DurationFact, expected: str | None
) -> None:
    assert verdict(text, fact) == expected


def test_triggers_match_plurals_and_name_their_fact(policy: Policy) -> None:
    text = "Refunds and returns are simple."
    topics = [m.fact.topic for m in fact_mentions(policy.facts, text)]
    assert topics == ["refund processing", "return window"]


def test_a_more_specific_fact_stands_for_the_general_one(policy: Policy) -> None:
    text = "Express delivery costs £9.99 and arrives the next business day."
    mentions = fact_mentions(policy.facts, text)
    assert {m.fact.topic for m in mentions} == {"express shipping fee", "standard delivery"}
    assert [m.fact.topic for m in specific_mentions(mentions)] == ["express shipping fee"]


def test_a_time_counted_from_an_event_is_not_about_that_event(policy: Policy) -> None:
    text = "You can return it within 30 days of delivery."
    [expression] = find_time_expressions(text, reference=MONDAY, tz=LONDON, business_hours=HOURS)
    by_topic = {m.fact.topic: m for m in fact_mentions(policy.facts, text)}
    assert counted_from(text, expression.end, by_topic["standard delivery"])
    assert not counted_from(text, expression.end, by_topic["return window"])


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("It's £4.99.", 4.99, "GBP"),
        ("That is $1,200 in total.", 1200.0, "USD"),
        ("Only 12 pounds a month.", 12.0, "GBP"),
        ("It costs 99p.", 0.99, "GBP"),
        ("€15 each", 15.0, "EUR"),
    ],
)
def test_amounts_are_read_with_their_currency(text: str, value: float, currency: str) -> None:
    [amount] = find_amounts(text)
    assert (amount.value, amount.currency) == (pytest.approx(value), currency)


def test_fact_ranges_read_naturally() -> None:
    assert describe_fact_range(REFUNDS) == "5-10 business days"
    assert describe_fact_range(RETURNS) == "30 days"
