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


def judged_at(messages: Sequence[Message], now: datetime | None) -> datetime | None:
    """The judging time: `now`, or the time of the conversation's last timed message."""
    return now or max((m.at for m in messages if m.at is not None), default=None)


def promises(
    messages: Sequence[Message], analysis: Analyse, grace: timedelta, now: datetime | None
) -> Iterator[Promise]:
    """Every promise for later an agent or bot made, in order, with its outcome."""
    at = judged_at(messages, now)
    for index, message in enumerate(messages):
        if not message.is_org:
            continue
        for commitment in analysis(message).commitments:
            if commitment.immediate:
                continue  # done at once: nothing left to keep
            outcome = _outcome(messages, analysis, index, commitment, grace, at)
            yield Promise(index, message, commitment, outcome)


def promise_counts(found: Iterable[Promise]) -> PromiseCounts:
    outcomes = [promise.outcome for promise in found]
    return PromiseCounts(
        made=len(outcomes),
        timed=sum(1 for o in outcomes if o is not Outcome.UNTIMED),
        kept=outcomes.count(Outcome.KEPT),
        broken=outcomes.count(Outcome.BROKEN),
        open=outcomes.count(Outcome.OPEN),
    )


def _outcome(
    messages: Sequence[Message],
    analysis: Analyse,
    index: int,
    commitment: Commitment,
    grace: timedelta,
    at: datetime | None,
) -> Outcome:
    made_at, due = messages[index].at, commitment.due
    if made_at is None or due is None or commitment.vague or due <= made_at:
        return Outcome.UNTIMED
    deadline = due + grace
    if at is None or at <= deadline:
        return Outcome.OPEN
    later = messages[index + 1 :]
    if _followed_up(later, deadline):
        return Outcome.KEPT
    if commitment.kind == "outcome" and not _customer_came_back(analysis, later, deadline):
        return Outcome.KEPT
    return Outcome.BROKEN


def _followed_up(later: Sequence[Message], deadline: datetime) -> bool:
    """Whether an agent or bot wrote after the promise and by its deadline.

    A later message from us without a time may have been on time, so it counts as a follow-up.
    """
    for message in later:
        if message.role not in ORG_ROLES:
            continue
        if message.at is None or message.at <= deadline:
            return True
    return False


def _customer_came_back(analysis: Analyse, later: Sequence[Message], deadline: datetime) -> bool:
    """Whether the customer wrote after the deadline to complain or ask."""
    for message in later:
        if message.role is not Role.CUSTOMER or message.at is None or message.at <= deadline:
            continue
        found = analysis(message)
        if found.questions or found.sentiment.complaint:
            return True
    return False
