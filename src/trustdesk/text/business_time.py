"""Business-hours arithmetic in the organisation's timezone.

SLAs and promised times are usually counted in business time: a 4-hour SLA on a message
received at 16:00 on a Friday (hours 09:00-17:30) is due at 12:30 on Monday.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from trustdesk.policy.schema import BusinessHours

# Bounds the walk over days; one year of business days covers any realistic SLA or promise.
_MAX_DAYS = 400


def _open_interval(day: datetime, hours: BusinessHours) -> tuple[datetime, datetime] | None:
    if day.weekday() not in hours.weekday_numbers:
        return None
    opening = datetime.combine(day.date(), hours.start, tzinfo=day.tzinfo)
    closing = datetime.combine(day.date(), hours.end, tzinfo=day.tzinfo)
    return opening, closing


def add_business_time(
    start: datetime, delta: timedelta, tz: ZoneInfo, hours: BusinessHours
) -> datetime:
    """The moment `delta` of business time after `start` (returned in `tz`)."""
    moment = start.astimezone(tz)
    remaining = delta
    for _ in range(_MAX_DAYS):
        interval = _open_interval(moment, hours)
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


def business_time_between(
    start: datetime, end: datetime, tz: ZoneInfo, hours: BusinessHours
) -> timedelta:
    """Business time elapsed from `start` to `end` (zero if `end` is not after `start`)."""
    if end <= start:
        return timedelta(0)
    moment = start.astimezone(tz)
    finish = end.astimezone(tz)
    total = timedelta(0)
    for _ in range(_MAX_DAYS):
        if moment >= finish:
            break
        interval = _open_interval(moment, hours)
        if interval is not None:
            opening, closing = interval
            begin, stop = max(moment, opening), min(finish, closing)
            if stop > begin:
                total += stop - begin
        moment = datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=tz)
    else:
        total += finish - moment  # beyond the bound, count the rest as elapsed time
    return total


def add_business_days(start: datetime, days: int, tz: ZoneInfo, hours: BusinessHours) -> datetime:
    """The end of the business day `days` business days after `start`'s day."""
    moment = start.astimezone(tz)
    counted = 0
    open_days = hours.weekday_numbers  # computed by the property on each access
    for _ in range(_MAX_DAYS + days):
        moment = moment + timedelta(days=1)
        if moment.weekday() in open_days:
            counted += 1
            if counted >= days:
                break
    return datetime.combine(moment.date(), hours.end, tzinfo=tz)
