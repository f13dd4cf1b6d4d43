"""Business-time arithmetic: the open days between the first and the last are counted, not
walked, with results equal to the day-by-day walk's in every field (the instant, the zone, the
fold), over random hours, weekdays, zones, DST changes and spans past the walk's bound."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustdesk.policy.schema import WEEKDAYS, BusinessHours
from trustdesk.text.business_time import add_business_time, business_time_between

HOURS = BusinessHours()
LONDON = ZoneInfo("Europe/London")

# Zones with DST changes at odd hours, at midnight (Havana, Santiago), by half an hour (Lord
# Howe), backwards in winter (Dublin), with a day skipped (Apia, 2011) and without DST.
ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/Havana",
    "America/Santiago",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Asia/Kathmandu",
    "Asia/Tokyo",
]
YEARS = range(2010, 2027)


# --- the former day-by-day walk, the reference --------------------------------------------


def _walk_interval(day: datetime, hours: BusinessHours) -> tuple[datetime, datetime] | None:
    if day.weekday() not in frozenset(WEEKDAYS.index(d) for d in hours.days):
        return None
    opening = datetime.combine(day.date(), hours.start, tzinfo=day.tzinfo)
    closing = datetime.combine(day.date(), hours.end, tzinfo=day.tzinfo)
    return opening, closing


def walked_add(start: datetime, delta: timedelta, tz: ZoneInfo, hours: BusinessHours) -> datetime:
    moment = start.astimezone(tz)
    remaining = delta
    for _ in range(400):
        interval = _walk_interval(moment, hours)
        if interval is not None:
            opening, closing = interval
            begin = max(moment, opening)
            if begin < closing:
                available = closing - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        moment = datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=tz)
    return moment + remaining


def walked_between(start: datetime, end: datetime, tz: ZoneInfo, hours: BusinessHours) -> timedelta:
    if end <= start:
        return timedelta(0)
    moment = start.astimezone(tz)
    finish = end.astimezone(tz)
    total = timedelta(0)
    for _ in range(400):
        if moment >= finish:
            break
        interval = _walk_interval(moment, hours)
        if interval is not None:
            opening, closing = interval
            begin, stop = max(moment, opening), min(finish, closing)
            if stop > begin:
                total += stop - begin
        moment = datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=tz)
    else:
        total += finish - moment
    return total


# --- random inputs --------------------------------------------------------------------------


@cache
def _transitions(zone: str) -> tuple[datetime, ...]:
    """The instants (UTC) at which `zone`'s offset changes in YEARS."""
    tz = ZoneInfo(zone)
    found: list[datetime] = []
    moment = datetime(YEARS[0], 1, 1, tzinfo=UTC)
    end = datetime(YEARS[-1] + 1, 1, 1, tzinfo=UTC)
    step = timedelta(days=1)
    while moment < end:
        after = moment + step
        if moment.astimezone(tz).utcoffset() != after.astimezone(tz).utcoffset():
            low, high = moment, after
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if low.astimezone(tz).utcoffset() == middle.astimezone(tz).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
        moment = after
    return tuple(found) or (datetime(2020, 3, 29, 1, tzinfo=UTC),)


clock_times = st.one_of(
    st.times(),
    st.sampled_from([time(0), time(1), time(2), time(3), time(23, 59, 59, 999999)]),
    st.builds(time, st.integers(0, 3), st.sampled_from([0, 30, 59])),
)


@st.composite
def business_hours(draw: Callable[..., Any]) -> BusinessHours:
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=9))
    start, end = sorted(draw(st.lists(clock_times, min_size=2, max_size=2, unique=True)))
    if draw(st.integers(0, 9)) == 0:
        # Outside what the policy accepts (no days, closing before opening): the arithmetic
        # still answers as the walk did.
        days = draw(st.lists(st.sampled_from(WEEKDAYS), max_size=3))
        return BusinessHours.model_construct(days=days, start=end, end=start)
    return BusinessHours(days=days, start=start, end=end)


@st.composite
def instants(draw: Callable[..., Any], zone: str) -> datetime:
    """A moment near one of `zone`'s DST changes, or anywhere, in the zone or another one."""
    if draw(st.booleans()):
        base = draw(st.sampled_from(_transitions(zone)))
        moment = base + draw(st.integers(-3 * 24 * 60, 3 * 24 * 60)) * timedelta(minutes=1)
    else:
        naive = draw(st.datetimes(datetime(YEARS[0], 1, 1), datetime(YEARS[-1], 12, 31)))
        moment = naive.replace(tzinfo=UTC)
    moment += timedelta(microseconds=draw(st.sampled_from([0, 0, 1, 999999])))
    shown_in: tzinfo = draw(
        st.sampled_from([ZoneInfo(zone), UTC, timezone(timedelta(hours=-5)), LONDON])
    )
    shown = moment.astimezone(shown_in)
    if draw(st.integers(0, 4)) == 0:
        shown = shown.replace(fold=1)  # the second of an hour that repeats, when it does
    return shown


spans = st.one_of(
    st.integers(-120, 60 * 24 * 14).map(lambda minutes: timedelta(minutes=minutes)),
    st.integers(0, 3 * 365).map(lambda days: timedelta(days=days)),
    st.integers(-(10**9), 10**15).map(lambda micro: timedelta(microseconds=micro)),
    st.sampled_from([timedelta(0), timedelta(hours=4), timedelta(hours=24), timedelta(days=450)]),
)


def _same(new: Callable[[], Any], old: Callable[[], Any]) -> None:
    """Both give the same value, or fail the same way; a time also in zone and fold."""
    try:
        expected: Any = old()
    except OverflowError:
        try:
            new()
        except OverflowError:
            return
        raise AssertionError("the walk overflows; the count does not") from None
    got = new()
    assert got == expected
    if isinstance(expected, datetime):
        assert (got.tzinfo, got.fold, got.isoformat()) == (
            expected.tzinfo,
            expected.fold,
            expected.isoformat(),
        )


@settings(max_examples=1500)
@given(data=st.data(), zone=st.sampled_from(ZONES), hours=business_hours(), span=spans)
def test_adding_business_time_lands_where_the_day_by_day_walk_did(
    data: st.DataObject, zone: str, hours: BusinessHours, span: timedelta
) -> None:
    start = data.draw(instants(zone))
    tz = ZoneInfo(zone)
    _same(
        lambda: add_business_time(start, span, tz, hours),
        lambda: walked_add(start, span, tz, hours),
    )


@settings(max_examples=1500)
@given(data=st.data(), zone=st.sampled_from(ZONES), hours=business_hours(), span=spans)
def test_business_time_between_counts_what_the_day_by_day_walk_did(
    data: st.DataObject, zone: str, hours: BusinessHours, span: timedelta
) -> None:
    start = data.draw(instants(zone))
    tz = ZoneInfo(zone)
    # Another moment, maybe in another zone or fold; or the span after the start.
    end = data.draw(instants(zone)) if data.draw(st.booleans()) else start + span
    _same(
        lambda: business_time_between(start, end, tz, hours),
        lambda: walked_between(start, end, tz, hours),
    )


def test_a_friday_afternoon_sla_runs_into_monday() -> None:
    friday = datetime(2024, 3, 1, 16, tzinfo=LONDON)
    assert add_business_time(friday, timedelta(hours=4), LONDON, HOURS) == datetime(
        2024, 3, 4, 12, tzinfo=LONDON
    )
    monday = datetime(2024, 3, 4, 10, tzinfo=LONDON)
    assert business_time_between(friday, monday, LONDON, HOURS) == timedelta(hours=2)


def test_the_walk_stops_at_its_bound_and_counts_the_rest_as_elapsed() -> None:
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    two_years = datetime(2026, 1, 1, 9, tzinfo=UTC)
    # 400 days walked, then the rest of the calendar time.
    walked = business_time_between(start, two_years, UTC, HOURS)
    assert walked == walked_between(start, two_years, UTC, HOURS)
    assert walked > timedelta(days=300)
    far = add_business_time(start, timedelta(days=5000), UTC, HOURS)
    assert far == walked_add(start, timedelta(days=5000), UTC, HOURS)
    assert far.date() > date(2024, 1, 1) + timedelta(days=400)


@pytest.mark.parametrize("days", [1, 2, 398, 399, 400, 401])
@pytest.mark.parametrize("nudge", [-1, 0, 1])
def test_spans_ending_at_midnight_near_the_bound_count_as_the_walk_did(
    days: int, nudge: int
) -> None:
    for zone in ("UTC", "America/Havana"):
        tz = ZoneInfo(zone)
        start = datetime(2023, 5, 17, 13, tzinfo=tz)
        midnight = datetime.combine(start.date() + timedelta(days=days), time(0), tzinfo=tz)
        end = midnight + timedelta(microseconds=nudge)
        for hours in (HOURS, BusinessHours(days=list(WEEKDAYS), start=time(0), end=time(1))):
            assert business_time_between(start, end, tz, hours) == walked_between(
                start, end, tz, hours
            )


def test_each_set_of_days_is_read_once() -> None:
    hours = BusinessHours(days=["mon", "wed", "fri"])
    again = BusinessHours(days=["mon", "wed", "fri"])
    assert hours.weekday_numbers == frozenset({0, 2, 4})
    assert hours.weekday_numbers is again.weekday_numbers
