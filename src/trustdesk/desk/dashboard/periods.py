"""The periods a dashboard is drawn by: days, ISO weeks or months, in the organisation's timezone.

A period starts at local midnight (a week on Monday, a month on its first day), so a lead in
London sees the day change at midnight in London, summer time included. Labels are those of
the audit report's trend ("2026-W10", "2026-03"), plus "2026-03-02" for a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from trustdesk.analytics.principles import period_of
from trustdesk.desk.dashboard.views import DashboardPeriod
from trustdesk.errors import InputError

# A year of days; a longer range is drawn by week or by month.
MAX_PERIODS = 366
# With no range, a dashboard shows the current period and the eleven before it, whole.
DEFAULT_PERIODS = 12


@dataclass(frozen=True, slots=True)
class Span:
    label: str
    start: datetime
    end: datetime


def period_start(moment: datetime, period: DashboardPeriod, tz: tzinfo) -> datetime:
    """The start of the period that holds `moment`, at local midnight."""
    day = moment.astimezone(tz).date()
    if period == "week":
        day -= timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    return _midnight(day, tz)


def shift(start: datetime, period: DashboardPeriod, count: int, tz: tzinfo) -> datetime:
    """The start of the period `count` periods after the one starting at `start`."""
    day = start.date()
    if period == "day":
        day += timedelta(days=count)
    elif period == "week":
        day += timedelta(weeks=count)
    else:
        months = day.year * 12 + day.month - 1 + count
        day = date(months // 12, months % 12 + 1, 1)
    return _midnight(day, tz)


def default_until(now: datetime, period: DashboardPeriod, tz: tzinfo) -> datetime:
    """The end of the current period (so what happened this very moment is in)."""
    return shift(period_start(now, period, tz), period, 1, tz)


def default_since(until: datetime, period: DashboardPeriod, tz: tzinfo) -> datetime:
    """The start of the period DEFAULT_PERIODS - 1 periods before the one ending at `until`."""
    last = period_start(until - timedelta(microseconds=1), period, tz)
    return shift(last, period, -(DEFAULT_PERIODS - 1), tz)


def spans(since: datetime, until: datetime, period: DashboardPeriod, tz: tzinfo) -> list[Span]:
    """The periods from the one holding `since` to the one holding the moment before `until`."""
    found: list[Span] = []
    start = period_start(since, period, tz)
    while start < until:
        if len(found) == MAX_PERIODS:
            raise InputError(
                f"a dashboard shows at most {MAX_PERIODS} periods: "
                "choose a later `since` or a longer period",
                field="since",
            )
        end = shift(start, period, 1, tz)
        found.append(Span(label=_label(start, period), start=start, end=end))
        start = end
    return found


def _label(start: datetime, period: DashboardPeriod) -> str:
    if period == "day":
        return start.date().isoformat()
    return period_of(start, period)


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)
