"""Where a conversation stands: who owes whom what, read from its messages.

One definition, used by the audit (conversations.jsonl, the report's waiting counts) and by
the desk (the queue, the home page, the ticket's state):

- **waiting on us**: the customer's last message needs a reply and has none (a closing such
  as "ok thanks" needs none; see `waits.needs_reply`);
- **open**: we replied, but owe the customer something: our last reply holds ("let me check")
  or promises something for later ("I'll email the label by 3pm tomorrow"), and the customer
  has not confirmed it is fixed ("ok thanks" leaves it open);
- **waiting on the customer**: we replied last and owe nothing;
- **solved**: the customer confirmed the fix ("got the email and I'm back in. thanks", "that
  worked, cheers"), or thanked us or accepted the answer when nothing was owed; nothing that
  needs a reply came after.

A status someone declared after the last message (a helpdesk's export, an agent solving or
reopening a ticket) has the last word: solved or closed is solved; pending is waiting on the
customer; open is never solved nor waiting on the customer (it is open, or waiting on us).

While the customer waits (on us for a reply, or for the update a holding reply promised), the
wait that is running is measured by `waits.wait_time`, as responsiveness.wait measures it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from trustdesk.model import ORG_ROLES, Message, Role
from trustdesk.service_level.levels import Analyse, ServiceLevel
from trustdesk.service_level.waits import (
    Turn,
    Wait,
    WaitTime,
    Walk,
    customer_turn,
    holds,
    running_wait,
    wait_time,
)

if TYPE_CHECKING:
    from trustdesk.text.analysis import MessageAnalysis

# What a helpdesk or an agent may declare (the input format's `status`).
Declared = Literal["open", "pending", "solved", "closed"]


class State(StrEnum):
    OPEN = "open"
    WAITING_ON_US = "waiting_on_us"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    SOLVED = "solved"


STATE_LABELS = {
    State.OPEN: "Open",
    State.WAITING_ON_US: "Waiting on us",
    State.WAITING_ON_CUSTOMER: "Waiting on the customer",
    State.SOLVED: "Solved",
}


@dataclass(frozen=True, slots=True)
class Standing:
    """A conversation's state, and the wait still running in it (if any)."""

    state: State
    # The wait running at the judging time: the customer's message that needs a reply, or the
    # holding reply whose update is owed. None when nobody waits, or the message has no time.
    wait: Wait | None = None
    # The message the customer waits from (a reply to it, or the update it promised, is owed),
    # even when it has no time.
    since_index: int | None = None

    @property
    def waiting(self) -> bool:
        return self.state is State.WAITING_ON_US or self.wait is not None

    @property
    def waiting_since(self) -> datetime | None:
        return self.wait.start if self.wait is not None else None

    def wait_time(self, level: ServiceLevel) -> WaitTime | None:
        """How long the running wait has lasted, as the SLA counts it."""
        if self.wait is None:
            return None
        return wait_time(self.wait.start, self.wait.end, self.wait.first, level)


def standing(
    messages: Sequence[Message],
    analysis: Analyse,
    level: ServiceLevel,
    *,
    now: datetime | None = None,
    declared: Declared | None = None,
    walked: Walk | None = None,
) -> Standing:
    """Where the conversation stands at `now` (by default, its last message's time).
    `walked`: the waits' `walk` of the same messages, when one was made already."""
    if declared in ("solved", "closed"):
        return Standing(State.SOLVED)
    if declared == "pending":
        return Standing(State.WAITING_ON_CUSTOMER)
    derived = _derived(messages, analysis, level, now, walked)
    if declared == "open" and derived.state in (State.SOLVED, State.WAITING_ON_CUSTOMER):
        return Standing(State.OPEN, derived.wait, derived.since_index)
    return derived


def _derived(
    messages: Sequence[Message],
    analysis: Analyse,
    level: ServiceLevel,
    now: datetime | None,
    walked: Walk | None,
) -> Standing:
    owed: int | None = None  # the first customer message needing a reply since our last reply
    last_reply: int | None = None
    settled_after_reply = False  # the customer thanked or accepted after our last reply
    fixed = False  # ... and confirmed the fix
    closing_max_words = level.closing_max_words
    for index, message in enumerate(messages):
        role = message.role
        if role is Role.CUSTOMER:
            turn = customer_turn(analysis(message), closing_max_words)
            if turn is Turn.ASKS:
                owed = index if owed is None else owed
                settled_after_reply = fixed = False
            elif turn is not Turn.SILENT:
                settled_after_reply = True
                if turn is Turn.FIXED:
                    # "never mind, found it, thanks": nothing asked before is owed now.
                    fixed, owed = True, None
        elif role in ORG_ROLES:
            last_reply, owed = index, None
            settled_after_reply = fixed = False
    moment = now or max((m.at for m in messages if m.at is not None), default=None)
    wait = (
        running_wait(messages, analysis, level.closing_max_words, moment, walked=walked)
        if moment
        else None
    )
    if owed is not None:
        return Standing(State.WAITING_ON_US, wait, owed)
    if last_reply is None:
        # Nothing said by us yet, and nothing the customer said needs a reply (a settling
        # message has words: the customer spoke).
        return Standing(State.SOLVED if settled_after_reply else State.OPEN)
    if fixed:
        return Standing(State.SOLVED)
    if _owes(analysis(messages[last_reply])):
        return Standing(State.OPEN, wait, last_reply)
    if settled_after_reply:
        return Standing(State.SOLVED)
    return Standing(State.WAITING_ON_CUSTOMER)


def _owes(found: MessageAnalysis) -> bool:
    """Whether our reply leaves us owing the customer: it holds, or promises something later."""
    return holds(found) or any(not c.immediate for c in found.commitments)


def describe(state: State) -> str:
    return STATE_LABELS[state]


__all__ = ["STATE_LABELS", "Declared", "Standing", "State", "describe", "standing"]
