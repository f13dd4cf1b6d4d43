"""Promise outcomes: whether a promise for later was kept, broken or is still open.

An agent or bot promised something by a concrete time ("I'll email you by 5pm today"). At the
judging time (by default the conversation's last message) the promise is open while its due
time plus a grace has not passed; kept when a message from us followed by then; broken when
none did. A promise about an outcome ("your parcel should arrive by Thursday") needs no message
from us when it comes true, so it counts as broken only when the customer wrote again after
the deadline with a complaint or a question. Internal notes and system events are no
follow-up. A promise with no concrete time, or made in a message without a time, is untimed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from trustdesk.model import ORG_ROLES, Message, PromiseCounts, Role
from trustdesk.service_level.levels import Analyse
from trustdesk.text.sentiment import LEXICONS as SENTIMENT_LEXICONS

# The lexicons a promise's outcome reads (the customer's complaint after it).
LEXICONS = SENTIMENT_LEXICONS

if TYPE_CHECKING:
    from trustdesk.text.commitments import Commitment


class Outcome(StrEnum):
    UNTIMED = "untimed"
    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"


@dataclass(frozen=True, slots=True)
class Promise:
    index: int  # position of the message that made it
    message: Message
    commitment: Commitment
    outcome: Outcome
    # When it is judged: its due time plus the grace (None when untimed).
    deadline: datetime | None = None
    # What it becomes once its deadline has passed, by the messages so far (kept or broken;
    # None when untimed): the outcome at any judging time after the deadline.
    settles_as: Outcome | None = None
    # The first message from us after it, if any (a follow-up, on time or late).
    follow_up: Message | None = None


def judged_at(messages: Sequence[Message], now: datetime | None) -> datetime | None:
    """The judging time: `now`, or the time of the conversation's last timed message."""
    return now or max((m.at for m in messages if m.at is not None), default=None)


def promises(
    messages: Sequence[Message], analysis: Analyse, grace: timedelta, now: datetime | None
) -> Iterator[Promise]:
    """Every promise for later an agent or bot made, in order, with its outcome.

    Linear in the messages however many promises they hold: what follows each message (the
    next reply from us, the earliest time one came, the latest complaint) is read once, from
    the end.
    """
    at = judged_at(messages, now)
    later: _Later | None = None  # read when the first promise is found
    for index, message in enumerate(messages):
        if message.role not in ORG_ROLES:
            continue
        for commitment in analysis(message).commitments:
            if commitment.immediate:
                continue  # done at once: nothing left to keep
            if later is None:
                later = _Later(messages, analysis)
            yield _promise(later, index, message, commitment, grace, at)


def outcome_at(promise: Promise, at: datetime | None) -> Outcome:
    """The promise's outcome judged at `at` (a later clock, with no message since)."""
    return _outcome(promise.deadline, promise.settles_as, at)


def _outcome(deadline: datetime | None, settles_as: Outcome | None, at: datetime | None) -> Outcome:
    if deadline is None or settles_as is None:
        return Outcome.UNTIMED
    if at is None or at <= deadline:
        return Outcome.OPEN
    return settles_as


def promise_counts(found: Iterable[Promise]) -> PromiseCounts:
    outcomes = [promise.outcome for promise in found]
    return PromiseCounts(
        made=len(outcomes),
        timed=sum(1 for o in outcomes if o is not Outcome.UNTIMED),
        kept=outcomes.count(Outcome.KEPT),
        broken=outcomes.count(Outcome.BROKEN),
        open=outcomes.count(Outcome.OPEN),
    )


def _promise(
    later: _Later,
    index: int,
    message: Message,
    commitment: Commitment,
    grace: timedelta,
    at: datetime | None,
) -> Promise:
    made_at, due = message.at, commitment.due
    reply = later.next_reply(index)
    if made_at is None or due is None or commitment.vague or due <= made_at:
        return Promise(index, message, commitment, Outcome.UNTIMED, follow_up=reply)
    deadline = due + grace
    if later.replied_by(index, deadline):
        settles = Outcome.KEPT
    elif commitment.kind == "outcome" and not later.came_back_after(index, deadline):
        # Nothing to send when it comes true: kept unless the customer came back about it.
        settles = Outcome.KEPT
    else:
        settles = Outcome.BROKEN
    outcome = _outcome(deadline, settles, at)
    return Promise(index, message, commitment, outcome, deadline, settles, reply)


class _Later:
    """What comes after each message, read once from the end of the conversation."""

    def __init__(self, messages: Sequence[Message], analysis: Analyse) -> None:
        self._messages = messages
        self._analysis = analysis
        count = len(messages)
        # After position i: the next reply from us, and the earliest time of one (a reply
        # without a time may have been on time, so it counts as the earliest possible).
        self._next: list[Message | None] = [None] * (count + 1)
        self._earliest: list[datetime | None] = [None] * (count + 1)
        self._untimed: list[bool] = [False] * (count + 1)
        for position in range(count - 1, -1, -1):
            message = messages[position]
            self._next[position] = self._next[position + 1]
            self._earliest[position] = self._earliest[position + 1]
            self._untimed[position] = self._untimed[position + 1]
            if message.role in ORG_ROLES:
                self._next[position] = message
                earliest = self._earliest[position]
                if message.at is None:
                    self._untimed[position] = True
                elif earliest is None or message.at < earliest:
                    self._earliest[position] = message.at
        self._latest_return: list[datetime | None] | None = None

    def next_reply(self, index: int) -> Message | None:
        return self._next[index + 1]

    def replied_by(self, index: int, deadline: datetime) -> bool:
        """Whether an agent or bot wrote after message `index` and by `deadline`."""
        earliest = self._earliest[index + 1]
        return self._untimed[index + 1] or (earliest is not None and earliest <= deadline)

    def came_back_after(self, index: int, deadline: datetime) -> bool:
        """Whether the customer wrote after message `index` and after `deadline` to complain
        or ask (the latest such message is found once, for every promise)."""
        if self._latest_return is None:
            latest: list[datetime | None] = [None] * (len(self._messages) + 1)
            for position in range(len(self._messages) - 1, -1, -1):
                message = self._messages[position]
                latest[position] = latest[position + 1]
                if message.role is not Role.CUSTOMER or message.at is None:
                    continue
                known = latest[position]
                if known is not None and message.at <= known:
                    continue
                found = self._analysis(message)
                if found.questions or found.sentiment.complaint:
                    latest[position] = message.at
            self._latest_return = latest
        moment = self._latest_return[index + 1]
        return moment is not None and moment > deadline
