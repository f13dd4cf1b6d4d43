"""Time expressions: found, spanned and resolved against the message's time in London."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustdesk.engine import Engine
from trustdesk.model import Message, Role
from trustdesk.policy.schema import BusinessHours
from trustdesk.text import timegrammar
from trustdesk.text.timeexpr import TimeExpression, _scan, find_time_expressions

LONDON = ZoneInfo("Europe/London")
HOURS = BusinessHours(start="09:00", end="17:30")
# Monday 2 March 2026, 10:00 in London (GMT).
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def find(text: str, reference: datetime | None = MONDAY) -> list[TimeExpression]:
    return find_time_expressions(text, reference=reference, tz=LONDON, business_hours=HOURS)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


# (text, the expression's text, its due time)
DEADLINES = [
    ("We'll send it by Friday.", "by Friday", at(6, 17, 30)),
    ("I'll call you by end of day.", "by end of day", at(2, 17, 30)),
    ("I will update you by 5pm.", "by 5pm", at(2, 17)),
    ("I'll call you tomorrow morning.", "tomorrow morning", at(3, 12)),
    ("Please reply today.", "today", at(2, 17, 30)),
    ("I'll check on Monday.", "on Monday", at(9, 17, 30)),
    ("It will arrive on 12 March.", "on 12 March", at(12, 17, 30)),
    ("Send it by 3 April.", "by 3 April", at(3, 17, 30, month=4)),
    ("We'll fix it next week.", "next week", at(13, 17, 30)),
    ("By 5pm on Friday, at the latest.", "By 5pm on Friday", at(6, 17)),
    ("Tomorrow at 10am works.", "Tomorrow at 10am", at(3, 10)),
    ("Friday, 6 March at 3:30pm.", "Friday, 6 March at 3:30pm", at(6, 15, 30)),
    ("Expect it by the end of the week.", "by the end of the week", at(6, 17, 30)),
    ("Due by the end of the month.", "by the end of the month", at(31, 17, 30)),
    ("It will be done the next business day.", "the next business day", at(3, 17, 30)),
    ("I'll do it first thing tomorrow.", "first thing tomorrow", at(3, 10)),
    ("I'll reply this afternoon.", "this afternoon", at(2, 17)),
    ("I'll email you tonight.", "tonight", at(2, 23, 59)),
    ("You'll hear later today.", "later today", at(2, 17, 30)),
    ("No later than the following Monday.", "No later than the following Monday", at(9, 17, 30)),
    ("By noon on Wednesday.", "By noon on Wednesday", at(4, 12)),
    ("Come back on 2026-03-20.", "on 2026-03-20", at(20, 17, 30)),
    ("Pay by the 12th.", "by the 12th", at(12, 17, 30)),
    ("We'll know the day after tomorrow.", "the day after tomorrow", at(4, 17, 30)),
    ("I'LL CALL YOU TOMORROW AT 10AM.", "TOMORROW AT 10AM", at(3, 10)),
]

# (text, the expression's text, longest duration, shortest or None, business days, due)
DURATIONS = [
    (
        "You will hear from us within the next hour.",
        "within the next hour",
        timedelta(hours=1),
        None,
        False,
        at(2, 11),
    ),
    ("You'll have it in two days.", "in two days", timedelta(days=2), None, False, at(4, 10)),
    (
        "Refunds take 5-10 working days.",
        "5-10 working days",
        timedelta(days=10),
        timedelta(days=5),
        True,
        at(16, 17, 30),
    ),
    (
        "It arrives in 2-3 business days.",
        "in 2-3 business days",
        timedelta(days=3),
        timedelta(days=2),
        True,
        at(5, 17, 30),
    ),
    ("We reply within 48 hours.", "within 48 hours", timedelta(hours=48), None, False, at(4, 10)),
    ("That takes 24 hours.", "24 hours", timedelta(hours=24), None, False, at(3, 10)),
    ("It takes a week.", "a week", timedelta(days=7), None, False, at(9, 10)),
    (
        "Give it a day or two.",
        "a day or two",
        timedelta(days=2),
        timedelta(days=1),
        False,
        at(4, 10),
    ),
    (
        "Back in an hour and a half.",
        "in an hour and a half",
        timedelta(minutes=90),
        None,
        False,
        at(2, 11, 30),
    ),
    (
        "Allow 1 to 2 weeks.",
        "1 to 2 weeks",
        timedelta(days=14),
        timedelta(days=7),
        False,
        at(16, 10),
    ),
    (
        "It takes 2 working weeks.",
        "2 working weeks",
        timedelta(days=10),
        None,
        True,
        at(16, 17, 30),
    ),
    (
        "We'll be back in touch in a few days.",
        "in a few days",
        timedelta(days=4),
        timedelta(days=2),
        False,
        at(6, 10),
    ),
    (
        "Returns are accepted within 60 days of delivery.",
        "within 60 days",
        timedelta(days=60),
        None,
        False,
        None,
    ),
    ("The offer runs for 3 days.", "for 3 days", timedelta(days=3), None, False, None),
]

VAGUE = [
    "soon",
    "shortly",
    "as soon as possible",
    "ASAP",
    "in due course",
    "at some point",
    "in a while",
    "at the earliest opportunity",
    "as soon as we can",
    "later",
]

NOT_TIMES = [
    "Good morning! How can I help?",
    "We are open 24 hours a day, 7 days a week, 24/7.",
    "The item costs £12.50 and the case 9.99.",
    "It happened 3 days ago.",
    "I last heard from them in the last 24 hours.",
    "This is the 3rd time I've asked.",
    "We check it every 2 days.",
    "You may want to march on.",
]


@pytest.mark.parametrize(("text", "quote", "due"), DEADLINES)
def test_deadlines_resolve_to_a_due_time(text: str, quote: str, due: datetime) -> None:
    found = find(text)
    assert [e.text for e in found] == [quote]
    assert found[0].due == due
    assert not found[0].vague
    assert text[found[0].start : found[0].end] == quote


@pytest.mark.parametrize(("text", "quote", "longest", "shortest", "business", "due"), DURATIONS)
def test_durations_and_ranges(
    text: str,
    quote: str,
    longest: timedelta,
    shortest: timedelta | None,
    business: bool,
    due: datetime | None,
) -> None:
    [found] = find(text)
    assert found.text == quote
    assert (found.duration, found.duration_min) == (longest, shortest)
    assert found.business_days is business
    assert found.due == due


@pytest.mark.parametrize("phrase", VAGUE)
def test_vague_times_have_no_due_time(phrase: str) -> None:
    [found] = find(f"We will get back to you {phrase}.")
    assert found.text == phrase
    assert found.vague and found.due is None and found.duration is None


@pytest.mark.parametrize("text", NOT_TIMES)
def test_things_that_are_not_time_expressions(text: str) -> None:
    assert find(text) == []


def test_without_a_reference_spans_and_durations_remain() -> None:
    found = find("I'll call by Friday and it takes 2-3 business days.", reference=None)
    assert [e.text for e in found] == ["by Friday", "2-3 business days"]
    assert all(e.due is None for e in found)
    assert found[1].duration == timedelta(days=3)


# (text, the length's text, its length): the length of a thing names no due time.
LENGTHS = [
    ("The courier will text you a one-hour window on Saturday.", "one-hour", timedelta(hours=1)),
    ("Book a 30-minute call with us.", "30-minute", timedelta(minutes=30)),
    ("We offer a 24-hour turnaround on refunds.", "24-hour", timedelta(hours=24)),
]


@pytest.mark.parametrize(("text", "quote", "length"), LENGTHS)
def test_the_length_of_a_thing_is_no_deadline(text: str, quote: str, length: timedelta) -> None:
    found = find(text)[0]
    assert (found.text, found.duration) == (quote, length)
    assert found.length_only and found.due is None


def test_within_a_length_is_still_a_deadline() -> None:
    [found] = find("We reply within a 24-hour period.")
    assert not found.length_only and found.due == at(3, 10)


def test_a_promise_is_due_by_its_day_not_by_the_length_of_a_window() -> None:
    text = "The courier will text you a one-hour window on Saturday morning."
    message = Message(id="m1", role=Role.AGENT, at=MONDAY, text=text)
    [promise] = Engine().analyse(message).commitments
    # Saturday 7 March, by the end of the morning; not an hour after the message.
    assert promise.due == at(7, 12)
    assert text[slice(*promise.extent)] == text.rstrip(".")


def test_business_hours_duration_counts_only_open_hours() -> None:
    [found] = find("Within 16 business hours.")
    # Monday 10:00 + 16 business hours (09:00-17:30): 7.5h Monday, 8.5h Tuesday.
    assert found.business_hours and found.due == at(3, 17, 30)


def test_a_weekday_said_on_that_day() -> None:
    friday = at(6, 11)
    assert find("by Friday", reference=friday)[0].due == at(6, 17, 30)
    assert find("on Friday", reference=friday)[0].due == at(13, 17, 30)


def test_a_clock_time_already_past_means_tomorrow() -> None:
    assert find("by 5pm", reference=at(2, 18))[0].due == at(3, 17)


def test_end_of_day_after_closing_is_midnight() -> None:
    assert find("by end of day", reference=at(2, 18))[0].due == at(2, 23, 59)


def test_dates_without_a_year_take_the_nearest_one() -> None:
    december = datetime(2026, 12, 20, 10, tzinfo=LONDON)
    assert find("on 5 January", reference=december)[0].due == datetime(
        2027, 1, 5, 17, 30, tzinfo=LONDON
    )
    assert find("on 28 February")[0].due == at(28, 17, 30, month=2)


def test_summer_time_is_respected() -> None:
    summer = datetime(2026, 7, 1, 10, tzinfo=LONDON)
    due = find("by 5pm", reference=summer)[0].due
    assert due is not None and due.utcoffset() == timedelta(hours=1) and due.hour == 17


def test_windowed_scan_finds_what_a_full_scan_finds() -> None:
    texts = (
        [case[0] for case in DEADLINES + DURATIONS]
        + NOT_TIMES
        + [
            "Hi, thanks for waiting. I've checked with the warehouse and the parcel left on "
            "Friday, so it should reach you by Wednesday at the latest. Your refund will be "
            "processed within 5-10 business days, and I'll call you tomorrow morning."
        ]
    )
    for text in texts:
        lower = text.lower()
        full = [m.span() for m in timegrammar.PATTERN.finditer(lower)]
        windowed = [m.span() for m in _scan(lower, timegrammar.ANCHOR, timegrammar.PATTERN)]
        assert windowed == full, text


def test_huge_and_odd_inputs_do_not_break_it() -> None:
    assert find("") == []
    big = ("tomorrow at 10am, within 3 days, soon. " * 3000)[:100_000]
    assert len(find(big)) > 1000
    assert find("İ" * 50 + " by Friday")[0].text == "by Friday"
    assert find("9" * 5000) == []


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("abdehilmnorstuwy 0123456789:/.-,'£APM")), max_size=120)
)
def test_any_text_resolves_without_error(text: str) -> None:
    for expression in find(text):
        assert text[expression.start : expression.end] == expression.text
        assert expression.start < expression.end
