"""Waits: how long the customer waited for a reply or a promised update.

A wait starts at the first customer message after the last agent or bot reply and ends at the
next agent or bot reply (internal notes and system events are no reply). A holding reply
("let me check", "I'll update you") does not end the customer's wait for an answer: a new wait
for the update starts at the holding reply. A customer message that only closes the
conversation ("Thanks, that's all!") starts no wait, nor does one without a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from trustdesk.model import Message, Role
from trustdesk.service_level.levels import Analyse, ServiceLevel
from trustdesk.text.business_time import business_time_between
from trustdesk.text.wordlists import load

if TYPE_CHECKING:
    from trustdesk.text.analysis import MessageAnalysis

# The phrases are in data/lexicons/responsiveness.yaml.
_WORDS = load("responsiveness")
# A customer message that only closes the conversation ("thanks, that's all"): no reply owed.
CLOSINGS = _WORDS.lexicon("responsiveness.wait.closings")
# A reply that promises an answer later: the customer is still waiting for it.
HOLDING = _WORDS.lexicon("responsiveness.wait.holding")


@dataclass(frozen=True, slots=True)
class Wait:
    index: int  # position of the customer message that waited
    message: Message
    start: datetime  # the customer's message, or the holding reply that promised an update
    first: bool  # no agent or bot had replied before: the first-response SLA applies
    end: datetime  # the reply's time, or the clock for a wait still running
    reply: Message | None  # None while the wait is still running

    @property
    def replied(self) -> bool:
        return self.reply is not None

    @property
    def for_update(self) -> bool:
        """The wait started at a holding reply, not at the customer's message."""
        return self.start != self.message.at


def find_waits(
    messages: Sequence[Message],
    analysis: Analyse,
    closing_max_words: int,
    now: datetime | None = None,
) -> list[Wait]:
    """Every wait in `messages`, in order; a wait still open at the end uses `now`."""
    waits: list[Wait] = []
    # (customer message index, the message, when the wait started, first-response wait)
    waiting: tuple[int, Message, datetime, bool] | None = None
    last_customer: tuple[int, Message] | None = None
    replied_before = False
    for index, message in enumerate(messages):
        if message.role == Role.CUSTOMER:
            if not needs_reply(analysis(message), closing_max_words):
                continue
            last_customer = (index, message)
            if waiting is None and message.at is not None:
                waiting = (index, message, message.at, not replied_before)
        elif message.is_org:
            if waiting is not None and message.at is not None:
                waits.append(Wait(*waiting, end=message.at, reply=message))
            subject = (waiting[0], waiting[1]) if waiting is not None else last_customer
            waiting = None
            if subject is not None and message.at is not None and holds(analysis(message)):
                # The customer now waits for the update this reply promised.
                waiting = (*subject, message.at, False)
            replied_before = True
    if waiting is not None and now is not None:
        waits.append(Wait(*waiting, end=now, reply=None))
    return waits


def needs_reply(analysis: MessageAnalysis, closing_max_words: int) -> bool:
    """Whether a customer message asks for a reply: it says something beyond a short closing."""
    if not analysis.words:
        return False
    closing = bool(analysis.hits(CLOSINGS)) and not analysis.questions
    return not (closing and len(analysis.words) <= closing_max_words)


def holds(analysis: MessageAnalysis) -> bool:
    """Whether a reply promises an answer later ("let me check"): the customer still waits."""
    return bool(analysis.hits(HOLDING))


def measure_wait(wait: Wait, level: ServiceLevel) -> tuple[timedelta, timedelta]:
    """How long the customer waited (business time when the SLA counts it) and the SLA."""
    if level.sla.business_hours_only:
        waited = business_time_between(wait.start, wait.end, level.tz, level.business_hours)
    else:
        waited = max(wait.end - wait.start, timedelta(0))
    return waited, level.sla_for(wait.first)
