"""Dates, deadlines and durations in a message, resolved against the message's own time.

One compiled regex, tried only just before the words every piece holds (a digit, "day",
"tomorrow", "soon", ...), finds candidate pieces: a duration ("within 48 hours", "2-3 business
days"), a date ("12 March"), a clock time ("5pm"), a day ("tomorrow morning", "by Friday",
"end of day", "next week") or a vague time ("soon", "in due course"). Adjacent day, date and
clock pieces merge into one expression ("by 5pm on Friday"). Each expression is then resolved
against the reference time (the message's own) in the organisation's timezone; a deadline
without a time of day means the end of that business day.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from trustdesk.text import timecalendar as _cal
from trustdesk.text import timegrammar as _grammar
from trustdesk.text.business_time import add_business_days, add_business_time

if TYPE_CHECKING:
    from trustdesk.policy.schema import BusinessHours


@dataclass(frozen=True, slots=True)
class TimeExpression:
    start: int
    end: int
    text: str
    # A point in time the expression names ("by Friday", "tomorrow morning"), resolved against
    # the message's time; None when there is no reference time or it names none.
    due: datetime | None = None
    # A length of time ("within 48 hours", "5-10 business days"): the upper bound, and the
    # lower bound when a range is given.
    duration: timedelta | None = None
    duration_min: timedelta | None = None
    # The duration counts business days ("3 business days"), as policy facts may.
    business_days: bool = False
    # No concrete time at all ("soon", "shortly", "as soon as possible", "in due course").
    vague: bool = False
    # The duration counts business hours ("48 business hours").
    business_hours: bool = False
    # The length of a thing ("a one-hour window", "a 30-minute call"), not a time from now: it
    # names no due time, and a promise is not due by it.
    length_only: bool = False


# Where a word starts: after a space, a bracket, a quote or a comma (or at the very start).
_WORD_START = re.compile(r"(?<![^\s(\[{\"“‘',;/])[^\s(\[{\"“‘',;/]")
# A duration is a deadline when introduced like this ("within 3 days"), or bare ("3 days").
_DEADLINE_PREPOSITIONS = frozenset(
    {
        "",
        "within",
        "in",
        "inside",
        "inside of",
        "under",
        "less than",
        "in less than",
        "up to",
        "no more than",
        "no later than",
        "by",
        "over",
    }
)
# A duration just before these is a frequency ("24 hours a day") or a past span ("2 days ago").
_NOT_A_SPAN_AFTER = re.compile(
    r"\s*(?:(?:a|per|each|every)\s+(?:day|week|month|year)\b|ago\b|earlier\b|late\b|overdue\b|"
    r"old\b|prior\b|previously\b|behind\b|before\s+(?:that|then)\b|back\b)",
    re.IGNORECASE,
)
_NOT_A_SPAN_BEFORE = re.compile(r"\b(?:every|each|per|last|past|since)\s*$", re.IGNORECASE)
_RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:hours?|days?|weeks?|months?|times|once|twice))\s+$", re.IGNORECASE
)
# "a one-hour window", "a 30-minute call": a number joined to a singular unit by a hyphen, before
# the word it describes, is the length of that thing, not a time from now...
_ATTRIBUTIVE_JOIN = re.compile(r"\s*-\s*")
_ATTRIBUTIVE_AFTER = re.compile(r"\s+[^\W\d_]")
# ... unless "within" introduces it ("within a 24-hour period").
_WITHIN_BEFORE = re.compile(r"\bwithin\s+(?:a|an|the|one)\s+$", re.IGNORECASE)
# "within 30 days of delivery": a span counted from an event we cannot date.
_FROM_EVENT = re.compile(
    r"\s+(?:of|from|after|before|prior\s+to)\s+(?!now\b|today\b|this\b)", re.IGNORECASE
)


def find_time_expressions(
    text: str, *, reference: datetime | None, tz: ZoneInfo, business_hours: BusinessHours
) -> list[TimeExpression]:
    """Every time expression in `text`, in order, resolved against `reference` when given."""
    lower = text.lower()
    # Matching lower-cased text lets the regex engine reject branches on their first character;
    # when lower-casing changes the length (rare Unicode), match case-insensitively instead.
    if len(lower) == len(text):
        matches = _scan(lower, _grammar.ANCHOR, _grammar.PATTERN)
    else:
        lower = text
        matches = _scan(text, _grammar.ANCHOR_ANYCASE, _grammar.PATTERN_ANYCASE)
    if not matches:
        return []
    ref = reference.astimezone(tz) if reference is not None else None
    found: list[TimeExpression] = []
    # The calendar expression being built: its span and what it names so far.
    pending: list[tuple[int, int, _cal.When]] = []

    def flush() -> None:
        if pending:
            start, end, when = pending[0][0], pending[-1][1], pending[0][2]
            due = _calendar_due(when, ref, tz, business_hours) if ref is not None else None
            found.append(TimeExpression(start, end, text[start:end], due=due))
            pending.clear()

    for match in matches:
        kind = match.lastgroup
        if kind in _grammar.CALENDAR_KINDS:
            when = _cal.read_calendar(match, text)
            if when is None:
                continue
            if not (
                pending
                and _grammar.JOINER.fullmatch(lower, pending[-1][1], match.start())
                and pending[0][2].absorb(when)
            ):
                flush()
                pending.append((match.start(), match.end(), when))
            else:
                pending.append((match.start(), match.end(), pending[0][2]))
            continue
        flush()
        if kind == "VAGUE":
            found.append(
                TimeExpression(
                    match.start(), match.end(), text[match.start() : match.end()], vague=True
                )
            )
        else:
            duration = _resolve_duration(text, lower, match, ref, tz, business_hours)
            if duration is not None:
                found.append(duration)
    flush()
    return found


def _scan(text: str, anchor: re.Pattern[str], pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """The pattern's matches, tried only at the few word starts just before each anchor.

    Every piece contains an anchor word, and begins at most a few words before it, so this
    finds what a full scan finds at a fraction of the cost.
    """
    matches: list[re.Match[str]] = []
    taken = 0  # the end of the last match: pieces do not overlap
    tried: dict[int, re.Match[str] | None] = {}
    for hit in anchor.finditer(text):
        position = hit.start()
        if position < taken:
            continue
        floor = max(taken, position - _grammar.REACH_BEFORE)
        starts = [m.start() for m in _WORD_START.finditer(text, floor, position + 1)]
        starts = starts[-_grammar.MAX_WORDS_BEFORE :] or [position]
        for start in starts:
            if start < taken:
                continue
            if start not in tried:
                tried[start] = pattern.match(text, start)
            match = tried[start]
            if match is not None and match.end() > position:
                matches.append(match)
                taken = match.end()
                break
    return matches


# --- durations -------------------------------------------------------------------------------


def _resolve_duration(
    text: str,
    lower: str,
    match: re.Match[str],
    ref: datetime | None,
    tz: ZoneInfo,
    hours: BusinessHours,
) -> TimeExpression | None:
    start, end = match.span()
    before = max(0, start - 12)
    if _NOT_A_SPAN_AFTER.match(lower, end) or _NOT_A_SPAN_BEFORE.search(lower, before, start):
        return None
    if match.lastgroup == "DTHE":
        return _resolve_the_unit(text, match, ref, tz, hours)
    if match["dpast"]:
        return None
    unit = _grammar.UNIT_ALIASES[match["unit"].lower()]
    first = _grammar.number(match["n1"])
    if first is None or (match["unit"].lower() == "h" and not match["n1"][0].isdigit()):
        return None
    low, high = _grammar.APPROXIMATE.get(_grammar.normal(match["n1"]), (first, first))
    if (
        not match["dprep"]
        and _grammar.normal(match["n1"]) in ("a", "an")
        and _RATE_BEFORE.search(lower, before, start)
    ):
        return None  # "24 hours a day": "a day" is a rate, not a span
    if match["half"] or match["half2"]:
        low, high = low + 0.5, high + 0.5
    if match["n2"] is not None:
        second = _grammar.number(match["n2"])
        if second is None:
            return None
        low, high = min(first, second), max(first, second)
    elif match["ortwo"]:
        high = max(high, float(_grammar.number(match["ortwo"]) or high))
    business = match["biz"] is not None
    prep = _grammar.normal(match["dprep"] or "")
    counted_from_event = bool(_FROM_EVENT.match(lower, end))
    length_only = _attributive(lower, match, before)
    deadline = prep in _DEADLINE_PREPOSITIONS and not counted_from_event and not length_only
    found = _duration_expression(
        text, start, end, low, high, unit, business, deadline, ref, tz, hours
    )
    if found is not None and length_only:
        found = dataclasses.replace(found, length_only=True)
    return found


def _attributive(lower: str, match: re.Match[str], before: int) -> bool:
    """Whether a bare duration describes the length of what follows it ("a one-hour window")."""
    if match["dprep"] or match["n2"] is not None or match["unit"].endswith("s"):
        return False
    if not _ATTRIBUTIVE_JOIN.fullmatch(lower, match.end("n1"), match.start("unit")):
        return False
    if not _ATTRIBUTIVE_AFTER.match(lower, match.end()):
        return False
    return not _WITHIN_BEFORE.search(lower, max(0, before - 8), match.start())


def _resolve_the_unit(
    text: str, match: re.Match[str], ref: datetime | None, tz: ZoneInfo, hours: BusinessHours
) -> TimeExpression | None:
    """ "within the hour", "in the next day or two", "the same day", "the next business day"."""
    qualifier, prep = (match["tq"] or "").lower(), _grammar.normal(match["tprep"] or "")
    if not qualifier and prep != "within":
        return None
    unit = _grammar.UNIT_ALIASES[match["tunit"].lower()]
    start, end = match.span()
    if qualifier == "same" and unit == "d":
        due = _end_of_day(ref, ref.date(), hours, tz) if ref is not None else None
        return TimeExpression(start, end, text[start:end], due=due)
    high = float(_grammar.number(match["tortwo"]) or 1) if match["tortwo"] else 1.0
    return _duration_expression(
        text, start, end, 1.0, high, unit, match["tbiz"] is not None, True, ref, tz, hours
    )


def _duration_expression(
    text: str,
    start: int,
    end: int,
    low: float,
    high: float,
    unit: str,
    business: bool,
    deadline: bool,
    ref: datetime | None,
    tz: ZoneInfo,
    hours: BusinessHours,
) -> TimeExpression | None:
    seconds = _grammar.UNIT_SECONDS[unit]
    business_days = business and unit in ("d", "w")
    business_hours = business and unit in ("h", "m")
    if business_days and unit == "w":
        low, high, seconds = low * 5, high * 5, _grammar.UNIT_SECONDS["d"]
    if high * seconds > _grammar.MAX_SECONDS:
        return None
    duration = timedelta(seconds=high * seconds)
    due = None
    if deadline and ref is not None:
        if business_days:
            due = add_business_days(ref, max(1, math.ceil(high)), tz, hours)
        elif business_hours:
            due = add_business_time(ref, duration, tz, hours)
        else:
            due = ref + duration
    return TimeExpression(
        start,
        end,
        text[start:end],
        due=due,
        duration=duration,
        duration_min=timedelta(seconds=low * seconds) if low != high else None,
        business_days=business_days,
        business_hours=business_hours,
    )


# --- days, dates and clock times -------------------------------------------------------------


def _calendar_due(
    when: _cal.When, ref: datetime, tz: ZoneInfo, hours: BusinessHours
) -> datetime | None:
    day = _cal.resolve_day(when, ref, hours)
    clock = when.clock or (_cal.DAY_PARTS.get(when.part) if when.part else None)
    if when.first_thing and clock is None:
        clock = (datetime.combine(ref.date(), hours.start) + timedelta(hours=1)).time()
    if day is None:
        if clock is None:
            return None
        # A bare time of day is the next time the clock shows it ("by 5pm" said at 18:00).
        due = datetime.combine(ref.date(), clock, tzinfo=tz)
        return due if due > ref else due + timedelta(days=1)
    if clock is not None:
        return datetime.combine(day, clock, tzinfo=tz)
    if when.prep == "before":
        return datetime.combine(day, hours.start, tzinfo=tz)
    return _end_of_day(ref, day, hours, tz)


def _end_of_day(ref: datetime, day: date, hours: BusinessHours, tz: ZoneInfo) -> datetime:
    """The close of business on `day`; for today once it has passed, the end of the day."""
    closing = datetime.combine(day, hours.end, tzinfo=tz)
    if day == ref.date() and closing <= ref:
        return datetime.combine(day, _cal.LAST_MINUTE, tzinfo=tz)
    return closing
