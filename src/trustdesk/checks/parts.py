"""Messages that are parts of one: a reply split over several tweets, a customer's burst.

On social channels one thought often arrives as several messages: "... 1/2" then "2/2 ^HD",
or a customer who sends three lines within a minute. Checks that ask whether a customer
chased, or which reply came first after a feeling, must read such a run as one turn, not as
a customer repeating themselves or an agent replying twice.
"""

from __future__ import annotations

from datetime import timedelta

from trustdesk.checks.base import CheckContext

# Messages by the same author this close together are one turn, marker or not.
BURST = timedelta(seconds=60)


def continues_previous(ctx: CheckContext, index: int, *, burst: timedelta = BURST) -> bool:
    """Whether the message at `index` is a later part of the one before it: the same author
    and role, and a part marker says so ("1/2" then "2/2") or it came within `burst`."""
    if index <= 0:
        return False
    message, previous = ctx.messages[index], ctx.messages[index - 1]
    if message.role != previous.role or message.author != previous.author:
        return False
    if ctx.analysis(previous).channel.continued or ctx.analysis(message).channel.continues:
        return True
    if message.at is None or previous.at is None:
        return False
    return timedelta(0) <= message.at - previous.at <= burst


def turn_starts(ctx: CheckContext) -> list[int]:
    """For every message, the position of the first part of the turn it belongs to; computed
    once per run and shared between checks (one pass, so a long burst stays linear)."""

    def compute() -> list[int]:
        starts: list[int] = []
        for index in range(len(ctx.messages)):
            starts.append(starts[index - 1] if continues_previous(ctx, index) else index)
        return starts

    found: list[int] = ctx.shared("parts.turn_starts", compute)
    return found
