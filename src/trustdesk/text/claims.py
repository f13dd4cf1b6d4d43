"""Claims held against the policy's facts: which fact a sentence is about, what it states.

A sentence is about a fact when it holds one of the fact's triggers ("refund", "money back").
A stated duration ("within 24 hours", "by Friday") is compared with a duration fact in the
fact's own unit; business days and calendar days are converted with the weekends they may
include, so "7 days" agrees with "5 business days". Amounts ("£4.99", "12 pounds") are read
with their currency.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from trustdesk.text.ranges import starting_within
from trustdesk.text.timegrammar import prefix_alternation
from trustdesk.text.wordlists import load

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from trustdesk.policy.schema import AmountFact, BusinessHours, DurationFact, Fact
    from trustdesk.text.timeexpr import TimeExpression

Verdict = Literal["shorter", "longer"]

# Sums of money: "£4.99", "$1,200", "12 pounds", "99p".
_AMOUNT = re.compile(
    r"(?P<symbol>[£$€])\s?\d{1,7}(?:,\d{3})*(?:\.\d{1,2})?(?![\d.,]\d)"
    r"|\b\d{1,7}(?:,\d{3})*(?:\.\d{1,2})?\s?(?:gbp|usd|eur|pounds?|dollars?|euros?|pence|p)\b",
    re.IGNORECASE,
)
_CURRENCY = {
    "£": "GBP",
    "$": "USD",
    "€": "EUR",
    "gbp": "GBP",
    "usd": "USD",
    "eur": "EUR",
    "pound": "GBP",
    "dollar": "USD",
    "euro": "EUR",
    "pence": "GBP",
    "p": "GBP",
}
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d{1,7}(?:,\d{3})*(?:\.\d{1,2})?")
_UNIT_SECONDS = {"minutes": 60.0, "hours": 3600.0, "days": 86400.0, "weeks": 604800.0}


@dataclass(frozen=True, slots=True)
class Amount:
    start: int
    end: int
    text: str
    value: float
    currency: str


def find_amounts(text: str) -> list[Amount]:
    """Sums of money in the text, with their ISO currency."""
    # `_AMOUNT` needs a decimal digit: text without one holds no sum.
    if _DIGIT.search(text) is None:
        return []
    found = []
    for hit in _AMOUNT.finditer(text):
        number = _NUMBER.search(hit.group())
        if number is None:
            continue
        value = float(number.group().replace(",", ""))
        if hit.group("symbol"):
            currency = _CURRENCY[hit.group("symbol")]
        else:
            unit = hit.group()[number.end() :].strip().lower()
            currency = _CURRENCY.get(unit.rstrip("s"), _CURRENCY.get(unit, "GBP"))
            if unit in ("p", "pence"):
                value /= 100
        found.append(Amount(hit.start(), hit.end(), hit.group(), value, currency))
    return found


def amount_agrees(amount: Amount, fact: AmountFact) -> bool | None:
    """Whether `amount` states the fact's price; None when it is in another currency."""
    if amount.currency != fact.currency.upper():
        return None
    return abs(amount.value - fact.amount) < 0.005


# --- which facts a sentence is about -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    fact: Fact
    start: int
    end: int
    text: str


def fact_mentions(
    facts: Sequence[Fact], text: str, start: int = 0, end: int | None = None
) -> list[Mention]:
    """The facts whose triggers occur in `text[start:end]`, with where each trigger is."""
    if not facts:
        return []
    pattern, anycase, index = _trigger_pattern(tuple(tuple(fact.triggers) for fact in facts))
    lower = text.lower()
    # Lower-cased text lets the regex reject most positions on one character.
    matcher, subject = (pattern, lower) if len(lower) == len(text) else (anycase, text)
    found = []
    for match in matcher.finditer(subject, start, len(text) if end is None else end):
        key = _normal(match.group())
        number = index.get(key)
        if number is None:
            number = index.get(key[:-2]) if key.endswith("es") else None
        if number is None and key.endswith("s"):
            number = index.get(key[:-1])
        if number is not None:
            found.append(
                Mention(
                    facts[number], match.start(), match.end(), text[match.start() : match.end()]
                )
            )
    return found


@functools.lru_cache(maxsize=32)
def _trigger_pattern(
    triggers: tuple[tuple[str, ...], ...],
) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    """One regex for every fact's triggers (literal phrases, escaped, plural allowed), and
    which fact each phrase belongs to (the first fact that lists it)."""
    index: dict[str, int] = {}
    for number, phrases in enumerate(triggers):
        for phrase in phrases:
            if phrase.strip():
                index.setdefault(_normal(phrase), number)
    body = prefix_alternation(sorted(index)).replace(r"\ ", r"\s+")
    source = rf"(?<!\w)(?:{body})(?:s|es)?(?!\w)"
    return re.compile(source), re.compile(source, re.IGNORECASE), index


def _normal(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def within(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions (sorted) that start in [start, end)."""
    return starting_within(mentions, start, end)


def specific_mentions(mentions: list[Mention]) -> list[Mention]:
    """Drop a fact that a more specific fact in the same sentence stands for.

    In "express delivery costs £9.99 and arrives the next business day", "express delivery"
    names the express fee fact, so the sentence is not about standard delivery even though
    "arrives" is one of standard delivery's triggers.
    """
    # Each fact once, with the distinct words it was named by: a long sentence naming the
    # same facts again and again costs no more than naming each once.
    named: dict[int, tuple[Fact, set[str]]] = {}
    for mention in mentions:
        named.setdefault(id(mention.fact), (mention.fact, set()))[1].add(mention.text)
    if len(named) < 2:
        return mentions
    covered = {
        key
        for key, (fact, _) in named.items()
        if any(
            _contains_trigger(text, fact.triggers)
            for other, (_, texts) in named.items()
            if other != key
            for text in texts
        )
    }
    return [m for m in mentions if id(m.fact) not in covered]


def _contains_trigger(text: str, triggers: Sequence[str]) -> bool:
    words = f" {' '.join(text.lower().split())} "
    return any(f" {' '.join(t.lower().split())} " in words for t in triggers)


# "within 30 days of delivery", "30 minutes before they arrive": the time counts from an
# event; it is not how long the event takes.
_COUNTED_FROM = re.compile(r"\s+(?:of|from|after|since|before|prior\s+to)\s+", re.IGNORECASE)
_EVENT_REACH = 30


def counted_from(text: str, expression_end: int, mention: Mention) -> bool:
    """Whether the fact's trigger names the event the time counts from ("... of delivery")."""
    reach = event_reach(text, expression_end)
    return reach is not None and reach[0] <= mention.start <= reach[1]


def event_reach(text: str, expression_end: int) -> tuple[int, int] | None:
    """Where a trigger starts (first and last offset) when it names the event the time
    ending at `expression_end` counts from; None when no "of", "from", ... follows it."""
    joint = _COUNTED_FROM.match(text, expression_end)
    return None if joint is None else (joint.end(), joint.end() + _EVENT_REACH)


# --- restating the policy ---------------------------------------------------------------

_STOPWORDS = frozenset(load("honesty").words("statement_stopwords"))
_NEGATED = re.compile(load("honesty").pattern("clause_negation"), re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# The share of a statement's words a sentence must hold to restate it.
RESTATES = 0.75


@functools.lru_cache(maxsize=256)
def content_words(text: str) -> frozenset[str]:
    """The words of `text` that carry its meaning (lower case, no common words)."""
    return frozenset(
        w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOPWORDS
    )


def restates(sentence: str, statement: str, share: float = RESTATES) -> bool:
    """Whether `sentence` says what the policy's `statement` says, near enough word for word
    ("lounge access comes with business fares" for "Lounge access comes with business fares
    only"): quoting the policy is no claim against it. A negation in one and not the other
    ("you don't need to be the account holder") says the opposite."""
    if (_NEGATED.search(sentence) is None) != (_NEGATED.search(statement) is None):
        return False
    wanted = content_words(statement)
    if not wanted:
        return False
    held = content_words(sentence)
    return len(wanted & held) >= share * len(wanted)


# --- durations -----------------------------------------------------------------------------


def compare_duration(
    expression: TimeExpression,
    fact: DurationFact,
    at: datetime | None,
    tz: ZoneInfo,
    hours: BusinessHours,
) -> Verdict | None:
    """Whether a stated time is surely shorter or surely longer than the fact allows."""
    claimed = claim_interval(expression, fact.unit, at, tz, hours)
    if claimed is None:
        return None
    low, high = claimed
    if high < fact.min - 1e-9:
        return "shorter"
    if low > fact.max + 1e-9:
        return "longer"
    return None


def claim_interval(
    expression: TimeExpression, unit: str, at: datetime | None, tz: ZoneInfo, hours: BusinessHours
) -> tuple[float, float] | None:
    """The least and most the expression can mean, in `unit` (a policy duration unit)."""
    if expression.vague:
        return None
    if expression.duration is not None:
        high = expression.duration.total_seconds()
        low = (expression.duration_min or expression.duration).total_seconds()
        if expression.business_days:
            return _from_business_days(low / 86400, high / 86400, unit)
        if expression.business_hours:
            day = _business_day_seconds(hours)
            low_days, high_days = low / day, high / day
            return _from_business_days(low_days, math.ceil(high_days), unit)
        return _from_seconds(low, high, unit)
    if expression.due is None or at is None or expression.due <= at:
        return None
    if unit == "business_days":
        days = float(
            _business_days_between(
                at.astimezone(tz).date(), expression.due.astimezone(tz).date(), hours
            )
        )
        return days, days
    seconds = (expression.due - at).total_seconds()
    return seconds / _UNIT_SECONDS[unit], seconds / _UNIT_SECONDS[unit]


def _from_business_days(low: float, high: float, unit: str) -> tuple[float, float]:
    if unit == "business_days":
        return low, high
    # n business days span n calendar days, plus up to two weekend days per five.
    calendar_high = high + 2 * math.ceil(high / 5)
    return low * 86400 / _UNIT_SECONDS[unit], calendar_high * 86400 / _UNIT_SECONDS[unit]


def _from_seconds(low: float, high: float, unit: str) -> tuple[float, float]:
    if unit != "business_days":
        return low / _UNIT_SECONDS[unit], high / _UNIT_SECONDS[unit]
    # Calendar days hold at most as many business days, and lose two per weekend.
    low_days, high_days = low / 86400, high / 86400
    weeks_low, rest_low = divmod(low_days, 7)
    weeks_high, rest_high = divmod(high_days, 7)
    least = 5 * weeks_low + max(0.0, math.floor(rest_low) - 2)
    most = 5 * weeks_high + min(float(math.ceil(rest_high)), 5.0)
    return least, most


def _business_day_seconds(hours: BusinessHours) -> float:
    opening = datetime.combine(date.min, hours.start)
    closing = datetime.combine(date.min, hours.end)
    return (closing - opening).total_seconds()


def _business_days_between(start: date, end: date, hours: BusinessHours) -> int:
    """Business days after `start` up to and including `end` (bounded to a year)."""
    open_days = hours.weekday_numbers
    count = 0
    day = start
    for _ in range(min((end - start).days, 400)):
        day += timedelta(days=1)
        if day.weekday() in open_days:
            count += 1
    return count


def describe_fact_range(fact: DurationFact) -> str:
    """ "5-10 business days", "30 days"."""
    unit = fact.unit.replace("_", " ")
    low, high = _plain(fact.min), _plain(fact.max)
    span = low if low == high else f"{low}-{high}"
    if span == "1":
        unit = unit.removesuffix("s")
    return f"{span} {unit}"


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
