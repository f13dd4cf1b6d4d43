"""Calendar rules for time expressions: what a day, date or clock piece names, and when.

`read_calendar` turns a DATE, CLOCK or DAY piece found by `timegrammar.PATTERN` into a `When`;
pieces of one expression merge with `When.absorb`; `resolve_day` gives the date a `When`
names, seen from a reference time in the organisation's timezone.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from trustdesk.text.timegrammar import normal

if TYPE_CHECKING:
    from trustdesk.policy.schema import BusinessHours

_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "weds": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH_NUMBERS = {
    name: index
    for index, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
# The time a part of the day is over: a promise for "tomorrow morning" is due by noon.
DAY_PARTS = {
    "morning": time(12, 0),
    "lunchtime": time(14, 0),
    "afternoon": time(17, 0),
    "evening": time(21, 0),
    "night": time(23, 59),
}
LAST_MINUTE = time(23, 59)
# Prepositions that allow the day to be today ("by Friday" said on a Friday means today).
_INCLUSIVE = frozenset({"by", "before", "until", "till", "til", "no later than"})


@dataclass
class When:
    """The parts of a calendar expression, filled piece by piece ("by 5pm" + "on Friday")."""

    prep: str = ""
    qualifier: str = ""
    date: tuple[int, int, int | None] | None = None
    weekday: int | None = None
    offset: int | None = None
    period: str = ""  # eod, eow, eom, weekend, nextbiz, week, month
    later_period: bool = False  # "end of next week"
    part: str = ""
    clock: time | None = None
    first_thing: bool = False

    def names_day(self) -> bool:
        return (
            self.date is not None
            or self.weekday is not None
            or self.offset is not None
            or self.period not in ("", "eod")
        )

    def absorb(self, other: When) -> bool:
        """Merge a following piece; False when both name a day or both a clock time."""
        if self.clock is not None and other.clock is not None:
            return False
        # Two pieces may both name a day only as in "Monday 12 March" (the date wins).
        weekday_and_date = (self.weekday is not None and other.date is not None) or (
            self.date is not None and other.weekday is not None
        )
        if self.names_day() and other.names_day() and not weekday_and_date:
            return False
        for name in ("qualifier", "part", "period"):
            if not getattr(self, name):
                setattr(self, name, getattr(other, name))
        self.date = self.date or other.date
        self.weekday = self.weekday if self.weekday is not None else other.weekday
        self.offset = self.offset if self.offset is not None else other.offset
        self.clock = self.clock or other.clock
        self.first_thing = self.first_thing or other.first_thing
        self.later_period = self.later_period or other.later_period
        return True


def read_calendar(match: re.Match[str], original: str) -> When | None:
    """The `When` a DATE, CLOCK or DAY piece names, or None if it is not a time after all."""
    kind = match.lastgroup
    group = _Groups(match)
    if kind == "CLOCK":
        return _read_clock(group)
    if kind == "DATE":
        return _read_date(group, original, match)
    return _read_day(group)


class _Groups:
    """A match's groups in lower case (the text is matched case-insensitively on rare inputs)."""

    __slots__ = ("_match",)

    def __init__(self, match: re.Match[str]) -> None:
        self._match = match

    def __call__(self, name: str) -> str:
        value = self._match.group(name)
        return value.lower() if value else ""


def _read_clock(group: _Groups) -> When | None:
    prep = normal(group("cprep"))
    if group("noon"):
        clock = LAST_MINUTE if group("noon") == "midnight" else time(12, 0)
        return When(prep=prep, clock=clock)
    hour_text = group("h1") or group("h2") or group("h3")
    minute = int(group("m1") or 0)
    meridiem = (group("ap1") or group("ap2")).lower()
    if group("sep") == "." and not (meridiem or prep):
        return None  # "9.99" is a price, "at 9.30" a time
    hour = int(hour_text)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    elif 1 <= hour <= 7:
        hour += 12  # "at 3:30" during a working day means the afternoon
    if hour > 23:
        return None
    return When(prep=prep, clock=time(hour, minute))


def _read_date(group: _Groups, original: str, found: re.Match[str]) -> When | None:
    prep = normal(group("aprep"))
    year: int | None = None
    if group("d1"):
        day, month = int(group("d1")), _month(group("mon1"))
        year = int(group("y1")) if group("y1") else None
    elif group("mon2"):
        # "may 5" and "march 3" in lower case are more likely a verb than a month.
        if original[found.start("mon2")].islower() and group("mon2") in ("may", "march"):
            return None
        day, month = int(group("d2")), _month(group("mon2"))
        year = int(group("y2")) if group("y2") else None
    elif group("iy"):
        day, month, year = int(group("id")), int(group("im")), int(group("iy"))
    elif group("nd"):
        if not (prep or group("ny")):
            return None  # "24/7" or "1/2" without "on"/"by" is not a date
        day, month = int(group("nd")), int(group("nm"))
        year = int(group("ny")) if group("ny") else None
        if year is not None and year < 100:
            year += 2000
    else:
        if not prep:
            return None  # "the 3rd time" is not a date; "by the 3rd" is
        day, month = int(group("ord")), 0
    if not (1 <= day <= 31 and 0 <= month <= 12):
        return None
    return When(prep=prep, date=(day, month, year))


def _month(name: str) -> int:
    return _MONTH_NUMBERS[name[:3]]


def _read_day(group: _Groups) -> When | None:
    prep = normal(group("yprep"))
    qualifier = normal(group("q")).removeprefix("the ")
    when = When(
        prep=prep,
        qualifier=qualifier,
        first_thing=bool(group("first")),
        part=(group("part2")).replace(" ", ""),
    )
    if group("today"):
        when.offset = 0
        if group("today") != "today":
            when.part = "night"
    elif group("tomorrow") or group("eotom"):
        when.offset = 1
    elif group("dayafter"):
        when.offset = 2
    elif group("weekday"):
        when.weekday = _WEEKDAYS[group("weekday")]
    elif group("part"):
        if not (prep or qualifier or when.first_thing):
            return None  # "good morning"
        when.part = group("part")
        if qualifier == "this":
            when.offset = 0
    else:
        for period in ("eod", "eow", "eom", "nextbiz", "weekend", "week", "month"):
            if group(period):
                when.period = period
                break
        if when.period in ("week", "month") and not qualifier:
            return None  # "the week", "per month"
        if when.period == "weekend" and not (prep or qualifier):
            return None
        when.later_period = bool(group("eownext") or group("eomnext")) or qualifier in (
            "next",
            "coming",
            "following",
        )
    return when


def resolve_day(when: When, ref: datetime, hours: BusinessHours) -> date | None:
    """The date `when` names, seen from `ref` (already in the organisation's timezone)."""
    today = ref.date()
    if when.date is not None:
        return _closest_date(when.date, today)
    if when.offset is not None:
        return today + timedelta(days=when.offset)
    if when.weekday is not None:
        ahead = (when.weekday - today.weekday()) % 7
        inclusive = when.prep in _INCLUSIVE and when.qualifier in ("", "this")
        if ahead == 0 and not (inclusive or when.qualifier == "this"):
            ahead = 7
        return today + timedelta(days=ahead)
    period = when.period
    if period in ("eow", "week"):
        last = max(hours.weekday_numbers)
        end = today + timedelta(days=last - today.weekday())
        if end < today:
            end += timedelta(days=7)
        return end + timedelta(days=7) if when.later_period else end
    if period in ("eom", "month"):
        year, month = today.year, today.month
        if when.later_period:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return date(year, month, calendar.monthrange(year, month)[1])
    if period == "weekend":
        return today + timedelta(days=(6 - today.weekday()) % 7)
    if period == "nextbiz":
        day = today + timedelta(days=1)
        while day.weekday() not in hours.weekday_numbers:
            day += timedelta(days=1)
        return day
    if period == "eod":
        return today
    return None


def _closest_date(parts: tuple[int, int, int | None], today: date) -> date | None:
    """A day and month, in the given year or else the year that puts it nearest to today."""
    day, month, year = parts
    if month == 0:  # "by the 12th": this month, or next month once it has passed
        month, year = today.month, today.year
        if day < today.day:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    years = [year] if year is not None else [today.year - 1, today.year, today.year + 1]
    candidates = []
    for candidate_year in years:
        try:
            candidates.append(date(candidate_year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - today).days), d < today))
