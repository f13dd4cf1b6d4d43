"""Business-hours arithmetic in the organisation's timezone.

SLAs and promised times are usually counted in business time: a 4-hour SLA on a message
received at 16:00 on a Friday (hours 09:00-17:30) is due at 12:30 on Monday.

Times are counted on the wall clock of the timezone, day by day: each open day is open from
its start to its end as the clock reads them, and a walk over days stops after `_MAX_DAYS`.
The days between the first and the last are not walked one by one: every open day among them
counts its whole length, so the open days are counted, by whole weeks and then the days left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from trustdesk.policy.schema import BusinessHours

# Bounds the walk over days; one year of business days covers any realistic SLA or promise.
_MAX_DAYS = 400

_ZERO = timedelta(0)
_MIDNIGHT = time(0)
# datetime.combine with its zone given by position: a keyword costs more than the call.
_combine = datetime.combine


def _microseconds(delta: timedelta) -> int:
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def _days_after(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)


@dataclass(frozen=True, slots=True)
class _Week:
    """When a set of business hours is open, read once."""

    # Whether each weekday (Monday 0) is open.
    open: tuple[bool, ...]
    # How long an open day is open, on the wall clock (zero or less for hours that never open),
    # and in microseconds.
    day: timedelta
    day_microseconds: int
    # Open days in a week.
    per_week: int
    # For a run of days starting on each weekday: the offsets of its open days within a week,
    # and how many of its first n days are open (n from 0 to 6).
    offsets: tuple[tuple[int, ...], ...]
    counts: tuple[tuple[int, ...], ...]

    def open_days(self, first_weekday: int, days: int) -> int:
        """How many of `days` consecutive days from a `first_weekday` are open."""
        weeks, rest = divmod(days, 7)
        return weeks * self.per_week + self.counts[first_weekday][rest]

    def nth_open_day(self, first_weekday: int, nth: int) -> int:
        """How many days after a `first_weekday` the `nth` open day (from 0) falls."""
        weeks, rest = divmod(nth, self.per_week)
        return weeks * 7 + self.offsets[first_weekday][rest]


def _read_week(hours: BusinessHours) -> _Week:
    is_open = tuple(weekday in hours.weekday_numbers for weekday in range(7))
    offsets = tuple(
        tuple(offset for offset in range(7) if is_open[(first + offset) % 7]) for first in range(7)
    )
    counts = tuple(
        tuple(sum(is_open[(first + offset) % 7] for offset in range(days)) for days in range(7))
        for first in range(7)
    )
    # As the walk measures an open day: the clock times' naive difference, whatever their zone.
    length = _combine(date.min, hours.end, None) - _combine(date.min, hours.start, None)
    return _Week(is_open, length, _microseconds(length), sum(is_open), offsets, counts)


# The weeks read, by the identity of their hours (kept alive here, so an id is never reused
# while its entry lives); an entry serves only hours with the same days, start and end.
_WEEKS: dict[int, tuple[BusinessHours, list[str], time, time, _Week]] = {}
_MAX_WEEKS = 64


def _week_of(hours: BusinessHours) -> _Week:
    found = _WEEKS.get(id(hours))
    if (
        found is not None
        and found[0] is hours
        and found[2] is hours.start
        and found[3] is hours.end
        and found[1] == hours.days
    ):
        return found[4]
    week = _read_week(hours)
    if len(_WEEKS) >= _MAX_WEEKS:
        _WEEKS.clear()
    _WEEKS[id(hours)] = (hours, list(hours.days), hours.start, hours.end, week)
    return week


def add_business_time(
    start: datetime, delta: timedelta, tz: ZoneInfo, hours: BusinessHours
) -> datetime:
    """The moment `delta` of business time after `start` (returned in `tz`)."""
    moment = start.astimezone(tz)
    week = _week_of(hours)
    remaining = delta
    first = moment.date()
    weekday = first.weekday()
    if week.open[weekday]:
        opening = _combine(first, hours.start, moment.tzinfo)
        closing = _combine(first, hours.end, moment.tzinfo)
        begin = max(moment, opening)
        if begin < closing:
            available = closing - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
    # From the next day on, each open day offers its whole length: whole days are spent until
    # what remains fits in one.
    after = (weekday + 1) % 7
    if week.per_week and week.day_microseconds > 0:
        if remaining <= week.day:
            spent = 0
        else:
            spent = (_microseconds(remaining) - 1) // week.day_microseconds
        day = 1 + week.nth_open_day(after, spent)
        if day < _MAX_DAYS:
            midnight = _combine(_days_after(first, day), _MIDNIGHT, tz)
            opening = _combine(midnight.date(), hours.start, tz)
            return max(midnight, opening) + (remaining - week.day * spent if spent else remaining)
        remaining -= week.day * week.open_days(after, _MAX_DAYS - 1)
    return _combine(_days_after(first, _MAX_DAYS), _MIDNIGHT, tz) + remaining


def business_time_between(
    start: datetime, end: datetime, tz: ZoneInfo, hours: BusinessHours
) -> timedelta:
    """Business time elapsed from `start` to `end` (zero if `end` is not after `start`)."""
    if end <= start:
        return _ZERO
    moment = start.astimezone(tz)
    finish = end.astimezone(tz)
    if moment >= finish:  # on the wall clock, as when the clock goes back
        return _ZERO
    week = _week_of(hours)
    first = moment.date()
    weekday = first.weekday()
    total = _ZERO
    if week.open[weekday]:
        opening = _combine(first, hours.start, moment.tzinfo)
        closing = _combine(first, hours.end, moment.tzinfo)
        begin, stop = max(moment, opening), min(finish, closing)
        if stop > begin:
            total += stop - begin
    # The days after the first that begin before `finish`, up to the bound.
    last = finish.toordinal() - first.toordinal() - (finish.time() == _MIDNIGHT)
    walked = min(last, _MAX_DAYS - 1)
    if walked >= 1:
        if walked > 1 and week.day_microseconds > 0:
            # Every open day but the last ends before `finish`: each counts in full.
            total += week.day * week.open_days((weekday + 1) % 7, walked - 1)
        if week.open[(weekday + walked) % 7]:
            day = _days_after(first, walked)
            opening = _combine(day, hours.start, tz)
            begin = max(_combine(day, _MIDNIGHT, tz), opening)
            stop = min(finish, _combine(day, hours.end, tz))
            if stop > begin:
                total += stop - begin
    if last >= _MAX_DAYS - 1:
        # Beyond the bound, count the rest as elapsed time.
        total += finish - _combine(_days_after(first, _MAX_DAYS), _MIDNIGHT, tz)
    return total


def add_business_days(start: datetime, days: int, tz: ZoneInfo, hours: BusinessHours) -> datetime:
    """The end of the business day `days` business days after `start`'s day."""
    moment = start.astimezone(tz)
    counted = 0
    open_days = hours.weekday_numbers
    for _ in range(_MAX_DAYS + days):
        moment = moment + timedelta(days=1)
        if moment.weekday() in open_days:
            counted += 1
            if counted >= days:
                break
    return datetime.combine(moment.date(), hours.end, tzinfo=tz)
