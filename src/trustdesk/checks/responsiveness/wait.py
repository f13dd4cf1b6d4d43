"""responsiveness.wait: the customer waited longer than the policy's SLA for a reply.

A wait starts at the first customer message after the last agent or bot reply and ends at
the next agent or bot reply (internal notes and system events are no reply). A holding reply
("let me check", "I'll update you") does not end the customer's wait for an answer: a new wait
for the update starts at the holding reply. The first wait of a conversation is held to
`sla.first_response`, later ones to `sla.update_interval`, counted in business hours when
`sla.business_hours_only` is set. In an audit, a wait still running at the audit's clock counts
too; the finding sits on the customer message that waited (once per message: its longest
overrun).

Before a reply is sent, a draft that arrives past the SLA is flagged when it does not
apologise for the wait. A customer message that only closes the conversation ("Thanks, that's
all!") starts no wait, and messages without a time are never judged. Waits are found and
measured by `trustdesk.service_level.waits`, which the service measures of an audit use too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from pydantic import Field

from trustdesk.checks.base import CheckContext
from trustdesk.checks.customer_turn import CustomerTurnCheck, TurnParams
from trustdesk.model import Finding, Message, Principle, Severity
from trustdesk.service_level import waits
from trustdesk.service_level.levels import CLOSING_MAX_WORDS, ClosingMaxWords
from trustdesk.service_level.waits import (
    Wait,
    WaitTime,
    business_duration,
    find_waits,
    plain_duration,
    wait_time,
    walk_after_history,
)
from trustdesk.text.acknowledgement import DELAY_APOLOGY

# Minutes past the SLA tolerated before a wait is flagged.
GRACE_MINUTES = 0.0

SUGGESTION_REPLY = (
    "Start with an apology and a reason, e.g. \"I'm sorry for the slow reply "
    '— we had more requests than usual.", then answer.'
)
SUGGESTION_AUDIT = (
    "Reply within the SLA, or send a short update saying when the customer will hear back."
)


class WaitParams(TurnParams):
    grace_minutes: float = Field(default=GRACE_MINUTES, ge=0)
    # A closing message longer than this is read as saying something that needs a reply.
    closing_max_words: ClosingMaxWords = CLOSING_MAX_WORDS


class LongWait(CustomerTurnCheck[WaitParams]):
    id = "responsiveness.wait"
    principle = Principle.RESPONSIVENESS
    severity = Severity.WARN
    summary = "The customer waited longer than the SLA for a reply."
    lexicons = (DELAY_APOLOGY, *waits.LEXICONS)

    def audit(self, ctx: CheckContext) -> Iterator[Finding]:
        grace = timedelta(minutes=self.params.grace_minutes)
        worst: dict[int, tuple[timedelta, Wait, WaitTime]] = {}
        closing_max_words = self.params.closing_max_words
        walked = ctx.walked_waits(closing_max_words)
        for wait in find_waits(
            ctx.messages, ctx.analysis, closing_max_words, ctx.now, walked=walked
        ):
            if wait.index not in ctx.targets:
                continue
            measured = ctx.wait_time(wait)
            overrun = measured.waited - measured.sla
            if overrun > grace and (wait.index not in worst or overrun > worst[wait.index][0]):
                worst[wait.index] = (overrun, wait, measured)
        for index in sorted(worst):
            _, wait, measured = worst[index]
            analysis = ctx.analysis(wait.message)
            first = analysis.sentences[0] if analysis.sentences else None
            yield self.finding(
                ctx,
                wait.message,
                first.start if first else 0,
                first.end if first else 0,
                explanation=_explain(wait, measured),
                suggestion=SUGGESTION_AUDIT,
                data={
                    "waited_seconds": int(measured.waited.total_seconds()),
                    "sla_seconds": int(measured.sla.total_seconds()),
                    "elapsed_seconds": int((wait.end - wait.start).total_seconds()),
                    "replied": wait.replied,
                },
            )

    def judge_draft(self, ctx: CheckContext, index: int, draft: Message) -> Iterator[Finding]:
        if draft.at is None:
            return
        # Draft after draft comes after the same history: its part of the walk is reused.
        closing_max_words = self.params.closing_max_words
        answered = ctx.messages[: index + 1]
        walked = walk_after_history(answered, ctx.analysis, closing_max_words)
        waits = find_waits(answered, ctx.analysis, closing_max_words, walked=walked)
        wait = waits[-1] if waits else None
        if wait is None or wait.reply is not draft:
            return
        measured = wait_time(wait.start, wait.end, wait.first, ctx.service_level)
        if measured.waited <= measured.sla + timedelta(minutes=self.params.grace_minutes):
            return
        if ctx.analysis(draft).hits(DELAY_APOLOGY):
            return
        yield self.on_draft(
            ctx,
            draft,
            explanation=_explain(wait, measured) + " This reply does not apologise for the wait.",
            suggestion=SUGGESTION_REPLY,
            data={
                "waited_seconds": int(measured.waited.total_seconds()),
                "sla_seconds": int(measured.sla.total_seconds()),
                "waiting_message_id": wait.message.id,
            },
        )


def _explain(wait: Wait, measured: WaitTime) -> str:
    promise = "a first reply" if wait.first else "an update"
    awaited = "the promised update" if wait.for_update else "a reply"
    limit = measured.describe_sla()
    if wait.replied:
        return (
            f"The customer waited {measured.describe()} for {awaited}; the policy promises "
            f"{promise} within {limit}."
        )
    if wait.closed_by is not None:
        return (
            f"The customer waited {measured.describe()} for {awaited} and then wrote that it "
            f"was sorted; the policy promises {promise} within {limit}."
        )
    return (
        f"The customer has been waiting {measured.describe()} for {awaited}; the policy "
        f"promises {promise} within {limit}."
    )


__all__ = ["LongWait", "WaitParams", "business_duration", "plain_duration"]
