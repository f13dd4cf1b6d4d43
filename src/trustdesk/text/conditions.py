"""Conditions stated the other way round.

A condition fact says when or by whom something can be had: "before travel", "after
inspection", "within 30 days of delivery", "only the account holder". A sentence about it
contradicts it when it says the opposite: "after your flight" or "retroactively" for a
"before" condition, "in advance" for an "after" one, a longer time or "at any time" for a
"within" one, "anyone" or "on your behalf" for an "only" one. A negation in the same clause
("they can't be claimed after travel") makes the phrase no claim, and so does naming the
allowed person in it ("if he is the account holder, he can").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from trustdesk.text.claims import claim_interval
from trustdesk.text.ranges import starting_within
from trustdesk.text.wordlists import load

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from trustdesk.policy.schema import BusinessHours, ConditionFact
    from trustdesk.text.timeexpr import TimeExpression

_WORDS = load("honesty")
_CLAUSE_NEGATION = re.compile(_WORDS.pattern("clause_negation"), re.IGNORECASE)
_NOT_A_CLAIM = re.compile(_WORDS.pattern("not_a_claim"), re.IGNORECASE)
_NO_TIME_LIMIT = re.compile(_WORDS.pattern("no_time_limit"), re.IGNORECASE)
_SOMEONE_ELSE = re.compile(_WORDS.pattern("someone_else"), re.IGNORECASE)
# Where a clause starts: a stop inside the sentence, or a joining word.
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s|\b(?:but|and|so|because)\b", re.IGNORECASE)


# How far back (characters) the clause of a phrase is read for a negation.
CLAUSE_REACH = 120


@dataclass(frozen=True, slots=True)
class Contradiction:
    start: int
    end: int
    text: str


def contradiction(
    fact: ConditionFact,
    text: str,
    start: int,
    end: int,
    times: Sequence[TimeExpression],
    at: datetime | None,
    tz: ZoneInfo,
    hours: BusinessHours,
) -> Contradiction | None:
    """Where `text[start:end]` (one sentence) states the opposite of the condition."""
    names_allowed = _names_allowed(fact, text, start, end)
    for hit in _phrases(fact).finditer(text, start, end):
        negates_itself = hit.lastgroup == "n"
        if negates_itself or (not names_allowed and _stands(text, start, hit.start())):
            return Contradiction(hit.start(), hit.end(), hit.group())
    if fact.condition != "within" or fact.max is None or fact.unit is None:
        return None
    limit = _NO_TIME_LIMIT.search(text, start, end)
    if limit is not None and _stands(text, start, limit.start()):
        return Contradiction(limit.start(), limit.end(), limit.group())
    not_a_claim = _NOT_A_CLAIM.search(text, start, end)
    for time in starting_within(times, start, end):
        if time.vague or time.duration is None:
            continue
        if not_a_claim is not None and not_a_claim.end() <= time.start:
            continue
        claimed = claim_interval(time, fact.unit, at, tz, hours)
        if claimed is None or claimed[0] <= fact.max + 1e-9:
            continue
        if _stands(text, start, time.start):
            return Contradiction(time.start, time.end, time.text)
    return None


def _names_allowed(fact: ConditionFact, text: str, start: int, end: int) -> bool:
    """Whether the sentence of an "only" condition names who may ("only the passenger named
    on it, so your friend would need ...", "if he is the account holder, he can"): it then
    restates the condition."""
    if fact.condition != "only":
        return False
    allowed = _phrase_pattern(tuple(fact.who))
    return allowed is not None and allowed.search(text, start, end) is not None


def _stands(text: str, start: int, hit_start: int) -> bool:
    """Whether the phrase starting at `hit_start` is a claim: no negation earlier in its
    clause (looked for in the CLAUSE_REACH characters before it, so a long sentence costs no
    more per phrase)."""
    clause = max(start, hit_start - CLAUSE_REACH)
    for brk in _CLAUSE_BREAK.finditer(text, clause, hit_start):
        clause = brk.end()
    return _CLAUSE_NEGATION.search(text, clause, hit_start) is None


def _phrases(fact: ConditionFact) -> re.Pattern[str]:
    return _opposites(
        fact.condition, tuple(fact.event), tuple(fact.who), tuple(fact.contradicted_by)
    )


@functools.lru_cache(maxsize=64)
def _opposites(
    condition: str, event: tuple[str, ...], who: tuple[str, ...], extra: tuple[str, ...]
) -> re.Pattern[str]:
    """One pattern for the phrases that state the opposite of the condition. The group `n`
    holds phrases that carry their own negation ("you don't need to be the account holder")."""
    parts = []
    events = _alternation(event)
    if condition == "before" and events:
        parts.append(_WORDS.pattern("after_event").replace("@EVENT@", events))
    elif condition == "after" and events:
        parts.append(_WORDS.pattern("before_event").replace("@EVENT@", events))
    elif condition == "only":
        parts.append(_SOMEONE_ELSE.pattern)
        if who:
            negated = _WORDS.pattern("not_need_to_be").replace("@WHO@", _alternation(who))
            parts.insert(0, f"(?P<n>{negated})")
    if extra:
        parts.append(rf"(?<!\w)(?:{_alternation(extra)})(?!\w)")
    if not parts:
        return re.compile(r"(?!)")
    return re.compile(
        "|".join(f"(?:{part})" if not part.startswith("(?P") else part for part in parts),
        re.IGNORECASE,
    )


def _alternation(phrases: Sequence[str]) -> str:
    words = sorted(
        {" ".join(p.lower().split()) for p in phrases if p.strip()}, key=len, reverse=True
    )
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") + "(?:s|es)?" for w in words)


@functools.lru_cache(maxsize=64)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    body = _alternation(phrases)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE) if body else None
