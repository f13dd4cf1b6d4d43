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
is an audit check: a draft cannot have broken its own promise, so replies are not judged. What
counts as kept, open or broken is `trustdesk.service_level.promises`, which the service
measures of an audit count too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Severity
from trustdesk.service_level.levels import PROMISE_GRACE_MINUTES, GraceMinutes
from trustdesk.service_level.promises import LEXICONS as PROMISE_LEXICONS
from trustdesk.service_level.promises import Outcome


class BrokenParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Minutes after the due time still counted as on time.
    grace_minutes: GraceMinutes = PROMISE_GRACE_MINUTES


class BrokenPromise(Check[BrokenParams]):
    id = "promises.broken"
    principle = Principle.PROMISES
    severity = Severity.WARN
    summary = "A promise whose due time passed with no follow-up from us (audit only)."
    lexicons = PROMISE_LEXICONS

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.mode != "audit":
            return
        grace = timedelta(minutes=self.params.grace_minutes)
        tz = ctx.policy.organisation.tz
        for promise in ctx.promises(grace):
            commitment = promise.commitment
            due = commitment.due
            if promise.outcome is not Outcome.BROKEN or due is None:
                continue
            if promise.index not in ctx.targets:
                continue
            start, end = commitment.extent
            local = due.astimezone(tz)
            yield self.finding(
                ctx,
                promise.message,
                start,
                end,
                explanation=f"This promise was due by {local:%H:%M} on {local:%A} "
                f"{local.day} {local:%B}, and no message from us followed "
                f"before then.",
                suggestion="Contact the customer now: apologise for missing the time, give "
                "the update, and a new time you can keep.",
                data={"due": due.isoformat(), "kind": commitment.kind},
            )
