"""promises.broken: a promise with a due time that passed with no word from us.

An agent or bot promised something by a concrete time ("I'll email you an update by 5pm
today", "you'll hear from us by Wednesday"), the time passed, and no agent or bot message
followed between the promise and its due time. The finding sits on the message that made the
promise, with the due time in `data["due"]`.

The conversation is judged at the audit's clock (by default the time of its last message), so
a promise still within its time is not broken yet. Promises about an outcome ("your parcel
should arrive by Thursday") need no message from us when they come true, so they count as
broken only when the customer wrote again after the due time with a complaint or a question.
Internal notes and system events are no follow-up. Without timestamps nothing is judged. This
is an audit check: a draft cannot have broken its own promise, so replies are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import ORG_ROLES, Finding, Message, Principle, Role, Severity

# Minutes after the due time still counted as on time (clock differences between systems).
GRACE_MINUTES = 10.0


class BrokenParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    grace_minutes: float = Field(default=GRACE_MINUTES, ge=0)


class BrokenPromise(Check):
    id = "promises.broken"
    principle = Principle.PROMISES
    severity = Severity.WARN
    summary = "A promise whose due time passed with no follow-up from us (audit only)."
    Params = BrokenParams

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.mode != "audit":
            return
        params: BrokenParams = self.params  # type: ignore[assignment]
        grace = timedelta(minutes=params.grace_minutes)
        messages = ctx.messages
        judged_at = ctx.now or max((m.at for m in messages if m.at is not None), default=None)
        if judged_at is None:
            return
        tz = ctx.policy.organisation.tz
        for index, message in ctx.judged(self.judges):
            if message.at is None:
                continue
            for commitment in ctx.analysis(message).commitments:
                due = commitment.due
                if due is None or commitment.vague or due <= message.at:
                    continue
                deadline = due + grace
                if judged_at <= deadline or _followed_up(messages[index + 1 :], deadline):
                    continue
                if commitment.kind == "outcome" and not _customer_came_back(
                    ctx, messages[index + 1 :], deadline
                ):
                    continue
                start, end = commitment.extent
                local = due.astimezone(tz)
                yield self.finding(
                    ctx,
                    message,
                    start,
                    end,
                    explanation=f"This promise was due by {local:%H:%M} on {local:%A} "
                    f"{local.day} {local:%B}, and no message from us followed "
                    f"before then.",
                    suggestion="Contact the customer now: apologise for missing the time, give "
                    "the update, and a new time you can keep.",
                    data={"due": due.isoformat(), "kind": commitment.kind},
                )


def _followed_up(later: list[Message], deadline: datetime) -> bool:
    """Whether an agent or bot wrote after the promise and by its deadline.

    A later message from us without a time may have been on time, so it counts as a follow-up.
    """
    for message in later:
        if message.role not in ORG_ROLES:
            continue
        if message.at is None or message.at <= deadline:
            return True
    return False


def _customer_came_back(ctx: CheckContext, later: list[Message], deadline: datetime) -> bool:
    """Whether the customer wrote after the deadline to complain or ask."""
    for message in later:
        if message.role is not Role.CUSTOMER or message.at is None or message.at <= deadline:
            continue
        analysis = ctx.analysis(message)
        if analysis.questions or analysis.sentiment.complaint:
            return True
    return False
