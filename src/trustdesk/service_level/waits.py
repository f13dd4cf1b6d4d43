"""Waits: how long the customer waited for a reply or a promised update.

A wait starts at the first customer message after the last agent or bot reply that needs a
reply, and ends at the next agent or bot reply (internal notes and system events are no
reply). A holding reply ("let me check", "I'll update you") does not end the customer's wait
for an answer: a new wait for the update starts at the holding reply. A customer message
that only closes the conversation starts no wait, nor does one without a time; one that
confirms the fix ends any wait still running (the customer waits for nothing now). A short
message (at most `closing_max_words` words) with thanks, an acceptance ("fair enough") or a
fix confirmed ("got the email and I'm back in. thanks"), and no question, request, problem
or complaint, only closes ("ok thanks. still no label" needs a reply).

How long a wait lasted is measured by one function, `wait_time`, in business time when the
policy's SLA counts business hours: the check, the audit's measures, the desk's queue,
banner and SLA marks all read it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from trustdesk.model import ORG_ROLES, Message, Role
from trustdesk.service_level.history import HistoryCache
from trustdesk.service_level.levels import Analyse, ServiceLevel
from trustdesk.text.business_time import add_business_time, business_time_between
from trustdesk.text.ranges import starting_within
from trustdesk.text.resolution import CUSTOMER_CUES
from trustdesk.text.wordlists import load

if TYPE_CHECKING:
    from trustdesk.text.analysis import MessageAnalysis

# The phrases are in data/lexicons/responsiveness.yaml.
_WORDS = load("responsiveness")
# A customer message that only closes the conversation ("thanks, that's all"): no reply owed.
CLOSINGS = _WORDS.lexicon("responsiveness.wait.closings")
# A reply that promises an answer later: the customer is still waiting for it.
HOLDING = _WORDS.lexicon("responsiveness.wait.holding")
# Thanks, acceptances and fixes confirmed; requests (data/lexicons/state.yaml).
_STATE = load("state")
SETTLED = _STATE.lexicon("state.settled")
UNSETTLED = _STATE.lexicon("state.unsettled")
# What finding and measuring waits scans (checks that do declare these).
LEXICONS = (CLOSINGS, HOLDING, SETTLED, UNSETTLED, CUSTOMER_CUES)
_NO_TIME = timedelta(0)
# "they're not faulty": a problem word denied is no problem.
_DENIED = re.compile(r"(?:\bnot|n['’]t|\bnever|\bno longer)\s+$")


@dataclass(frozen=True, slots=True)
class Wait:
    index: int  # position of the customer message that waited
    message: Message
    start: datetime  # the customer's message, or the holding reply that promised an update
    first: bool  # no agent or bot had replied before: the first-response SLA applies
    end: datetime  # the reply's time, or the clock for a wait still running
    reply: Message | None  # None while the wait is still running
    # The customer's own message that ended the wait by saying the problem was fixed before
    # any reply ("never mind, it came back on").
    closed_by: Message | None = None

    @property
    def replied(self) -> bool:
        return self.reply is not None

    @property
    def running(self) -> bool:
        return self.reply is None and self.closed_by is None

    @property
    def for_update(self) -> bool:
        """The wait started at a holding reply, not at the customer's message."""
        return self.start != self.message.at


# (customer message index, the message, when the wait started, first-response wait)
_Waiting = tuple[int, Message, datetime, bool]


@dataclass(frozen=True, slots=True)
class Walk:
    """One pass over a conversation's messages: the waits that ended, and the one still
    running at the end. Whoever measures the same messages may share it."""

    ended: tuple[Wait, ...]
    running: _Waiting | None


def walk(messages: Sequence[Message], analysis: Analyse, closing_max_words: int) -> Walk:
    """The waits in `messages` (see `find_waits`), without a clock."""
    walked = _walk(messages, analysis, closing_max_words, _Walked((), None, None, False))
    return Walk(walked.ended, walked.waiting)


def walk_after_history(
    messages: Sequence[Message], analysis: Analyse, closing_max_words: int
) -> Walk:
    """The `walk` of `messages`, a history and one message after it (a draft): the history's
    part is walked once and reused while the same history comes back (see `HistoryCache`)."""
    if not messages:
        return Walk((), None)
    history = messages[:-1]
    start = _Walked((), None, None, False)
    walked = _HISTORIES.get(
        history,
        lambda: _walk(history, analysis, closing_max_words, start),
        variant=closing_max_words,
    )
    walked = _walk(messages, analysis, closing_max_words, walked, first=len(history))
    return Walk(walked.ended, walked.waiting)


def find_waits(
    messages: Sequence[Message],
    analysis: Analyse,
    closing_max_words: int,
    now: datetime | None = None,
    *,
    walked: Walk | None = None,
) -> list[Wait]:
    """Every wait in `messages`, in order; a wait still open at the end uses `now`.
    `walked`: the `walk` of the same messages, when one was made already."""
    if walked is None:
        walked = walk(messages, analysis, closing_max_words)
    waits = list(walked.ended)
    if walked.running is not None and now is not None:
        waits.append(Wait(*walked.running, end=now, reply=None))
    return waits


def running_wait(
    messages: Sequence[Message],
    analysis: Analyse,
    closing_max_words: int,
    now: datetime,
    *,
    walked: Walk | None = None,
) -> Wait | None:
    """The wait still running at the end of `messages` (measured up to `now`), if any."""
    if walked is None:
        walked = walk(messages, analysis, closing_max_words)
    running = walked.running
    return Wait(*running, end=now, reply=None) if running is not None else None


@dataclass(frozen=True, slots=True)
class _Walked:
    """Where a walk over messages stands: the waits that ended, the one running, the
    customer's last message needing a reply, and whether we had replied before."""

    ended: tuple[Wait, ...]
    waiting: _Waiting | None
    last_customer: tuple[int, Message] | None
    replied_before: bool


# The walks of histories a draft came after (see `walk_after_history`).
_HISTORIES: HistoryCache[_Walked] = HistoryCache()


def _walk(
    messages: Sequence[Message],
    analysis: Analyse,
    closing_max_words: int,
    start: _Walked,
    first: int = 0,
) -> _Walked:
    """The walk from `start` on over `messages[first:]`: the waits that ended with a reply,
    and the one still running at the end."""
    waits: list[Wait] = list(start.ended)
    waiting = start.waiting
    last_customer = start.last_customer
    replied_before = start.replied_before
    for index in range(first, len(messages)):
        message = messages[index]
        role = message.role
        if role is Role.CUSTOMER:
            turn = customer_turn(analysis(message), closing_max_words)
            if turn is not Turn.ASKS:
                if turn is Turn.FIXED:
                    # "never mind, found it, thanks": the customer waits for nothing now.
                    if waiting is not None and message.at is not None:
                        waits.append(Wait(*waiting, end=message.at, reply=None, closed_by=message))
                    waiting = last_customer = None
                continue
            last_customer = (index, message)
            if waiting is None and message.at is not None:
                waiting = (index, message, message.at, not replied_before)
        elif role in ORG_ROLES:
            at = message.at
            if waiting is not None and at is not None:
                waits.append(Wait(*waiting, end=at, reply=message))
            subject = (waiting[0], waiting[1]) if waiting is not None else last_customer
            waiting = None
            if subject is not None and at is not None and holds(analysis(message)):
                # The customer now waits for the update this reply promised.
                waiting = (*subject, at, False)
            replied_before = True
    return _Walked(tuple(waits), waiting, last_customer, replied_before)


class Turn(Enum):
    """What a customer message does to the conversation (see `customer_turn`)."""

    SILENT = "silent"  # no words: nothing to reply to, nothing settled
    ASKS = "asks"  # it needs a reply (`needs_reply`)
    SETTLES = "settles"  # a short closing: thanks or an acceptance
    FIXED = "fixed"  # a short closing that confirms the problem is fixed (`confirms_fix`)


@dataclass(slots=True)
class _Reading:
    """What the walks have read of one message's analysis."""

    holds: bool | None = None
    turns: dict[int, Turn] = field(default_factory=dict)


# By analysis (an analysis is one text at one time, read once): a conversation walked again
# (the history before each draft, the state after the waits) reads each message once. Weak
# keys: a reading lives as long as the analysis it was read from.
_READINGS: WeakKeyDictionary[MessageAnalysis, _Reading] = WeakKeyDictionary()


def _reading(analysis: MessageAnalysis) -> _Reading:
    found = _READINGS.get(analysis)
    if found is None:
        found = _READINGS[analysis] = _Reading()
    return found


def customer_turn(analysis: MessageAnalysis, closing_max_words: int) -> Turn:
    """What a customer message does: asks for a reply, settles (confirming a fix or not), or
    says nothing, as `needs_reply` and `confirms_fix` read it."""
    turns = _reading(analysis).turns
    turn = turns.get(closing_max_words)
    if turn is None:
        if _asks(analysis, closing_max_words):
            turn = Turn.ASKS
        elif not analysis.words:
            turn = Turn.SILENT
        else:
            turn = Turn.FIXED if confirms_fix(analysis) else Turn.SETTLES
        turns[closing_max_words] = turn
    return turn


def needs_reply(analysis: MessageAnalysis, closing_max_words: int) -> bool:
    """Whether a customer message asks for a reply: it says something beyond a short closing."""
    return customer_turn(analysis, closing_max_words) is Turn.ASKS


def _asks(analysis: MessageAnalysis, closing_max_words: int) -> bool:
    if not analysis.words:
        return False
    if analysis.questions:
        return True
    body = analysis.channel.body
    words = len(starting_within(analysis.words, body.start, body.end))
    return words > closing_max_words or not settles(analysis)


def settles(analysis: MessageAnalysis) -> bool:
    """Whether a customer message closes what it is about: thanks, an acceptance or a fix
    confirmed, with no question, no request, no problem raised and no displeasure.

    "got the email and I'm back in. thanks" settles; "ok thanks. still no label" and
    "thanks, please send it today" do not. Length is for the caller to judge.
    """
    if analysis.questions or analysis.hits(UNSETTLED):
        return False
    lower = analysis.lower
    cues = analysis.hits(CUSTOMER_CUES)
    # "I never got it" denies what "got it" would say.
    fixed = [h for h in cues if h.label == "resolved" and not _denied(lower, h.start)]
    closings = [*analysis.hits(CLOSINGS), *analysis.hits(SETTLED)]
    if not (fixed or any(not _denied(lower, hit.start) for hit in closings)):
        return False
    for hit in cues:
        if hit.label != "problem":
            continue
        # A problem word inside the fix itself ("got the refund") is no new problem.
        if any(f.start <= hit.start < f.end for f in fixed):
            continue
        if _denied(lower, hit.start):
            continue
        return False
    return True


def _denied(lower: str, start: int) -> bool:
    return _DENIED.search(lower, max(0, start - 12), start) is not None


def confirms_fix(analysis: MessageAnalysis) -> bool:
    """Whether a settling message says the problem is fixed ("that worked", "I'm back in"),
    not only thanks or an acceptance."""
    lower = analysis.lower
    found = [*analysis.hits(CUSTOMER_CUES), *analysis.hits(SETTLED)]
    return any(
        hit.label in ("resolved", "fixed") and not _denied(lower, hit.start) for hit in found
    )


def holds(analysis: MessageAnalysis) -> bool:
    """Whether a reply promises an answer later ("let me check"): the customer still waits."""
    reading = _reading(analysis)
    if reading.holds is None:
        reading.holds = bool(analysis.hits(HOLDING))
    return reading.holds


@dataclass(frozen=True, slots=True)
class WaitTime:
    """How long a customer has waited, as the SLA counts it."""

    start: datetime
    end: datetime
    # Wall-clock time from start to end.
    elapsed: timedelta
    # As the SLA counts it: business time when the policy's SLA counts business hours.
    waited: timedelta
    sla: timedelta
    # When the SLA ran (or runs) out.
    due: datetime
    business_hours_only: bool

    @property
    def past_sla(self) -> bool:
        return self.waited > self.sla

    def describe(self) -> str:
        """ "2 days 3 hours (17.5 business hours)", or "45 minutes"."""
        elapsed = plain_duration(self.elapsed)
        if self.business_hours_only:
            return f"{elapsed} ({business_duration(self.waited)})"
        return elapsed

    def describe_sla(self) -> str:
        return business_duration(self.sla) if self.business_hours_only else plain_duration(self.sla)


def wait_time(start: datetime, end: datetime, first: bool, level: ServiceLevel) -> WaitTime:
    """How long a wait from `start` to `end` lasted and when its SLA ran out: the one measure
    of a wait (business time when the SLA counts business hours)."""
    sla = level.sla_for(first)
    business_hours_only = level.sla.business_hours_only
    elapsed = max(end - start, _NO_TIME)
    if business_hours_only:
        waited = business_time_between(start, end, level.tz, level.business_hours)
        due = add_business_time(start, sla, level.tz, level.business_hours)
    else:
        waited = elapsed
        due = start + sla
    return WaitTime(start, end, elapsed, waited, sla, due, business_hours_only)


def measure_wait(wait: Wait, level: ServiceLevel) -> tuple[timedelta, timedelta]:
    """How long the customer waited (business time when the SLA counts it) and the SLA."""
    measured = wait_time(wait.start, wait.end, wait.first, level)
    return measured.waited, measured.sla


def plain_duration(delta: timedelta) -> str:
    """A duration in words, to the two largest units: "2 days 3 hours", "45 minutes"."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    largest = next((i for i, (amount, _) in enumerate(parts) if amount), None)
    if largest is None:
        return "less than a minute"
    shown = [part for part in parts[largest : largest + 2] if part[0]]
    return " ".join(f"{amount} {unit}{'' if amount == 1 else 's'}" for amount, unit in shown)


def business_duration(delta: timedelta) -> str:
    """Business time in hours: "4 business hours", "17.5 business hours"."""
    hours = round(delta.total_seconds() / 3600, 1)
    if hours < 1:
        minutes = max(int(delta.total_seconds() // 60), 0)
        return f"{minutes} business minute{'' if minutes == 1 else 's'}"
    return f"{hours:g} business hour{'' if hours == 1 else 's'}"
