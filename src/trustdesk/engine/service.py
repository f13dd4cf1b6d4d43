"""Service measures of one audited conversation: reply times, chasing, promises, resolution.

They are what analytics add up across an archive, so they are measured here, beside the
checks and from the same cached analysis: a wait is measured exactly as responsiveness.wait
judges it, a chase is a responsiveness.chasing finding, and a broken promise is a
promises.broken finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from trustdesk.checks.base import CheckContext
from trustdesk.checks.promises.broken import GRACE_MINUTES
from trustdesk.checks.responsiveness.wait import CLOSING_MAX_WORDS, find_waits, measure_wait
from trustdesk.model import Finding, Message, PromiseCounts, Role, ServiceMeasures
from trustdesk.text.resolution import conversation_state

CHASING = "responsiveness.chasing"
BROKEN = "promises.broken"

# A system event after the last message, so the conversation state records how it ended.
_END = Message(id="\x00end", role=Role.SYSTEM, text="")


def service_measures(
    ctx: CheckContext,
    findings: Sequence[Finding],
    *,
    closing_max_words: int = CLOSING_MAX_WORDS,
    grace_minutes: float = GRACE_MINUTES,
) -> ServiceMeasures:
    first_reply: float | None = None
    gaps: list[float] = []
    for wait in find_waits(ctx, ctx.messages, closing_max_words):
        if not wait.replied:
            continue
        waited, _ = measure_wait(ctx, wait)
        if wait.first:
            if first_reply is None:
                first_reply = waited.total_seconds()
        else:
            gaps.append(waited.total_seconds())
    return ServiceMeasures(
        first_reply_seconds=first_reply,
        update_gaps_seconds=tuple(gaps),
        chased=any(f.check == CHASING for f in findings),
        resolved=_resolved(ctx),
        promises=_promises(ctx, findings, timedelta(minutes=grace_minutes)),
    )


def _resolved(ctx: CheckContext) -> bool | None:
    """None when the customer raised no problem; else whether the last one was closed."""
    # The state records what stood before each message: an end marker shows how it ended.
    state = conversation_state([*ctx.messages, _END], ctx.analysis)
    if all(cue is None for cue in state.open_problem):
        return None
    return state.open_problem[-1] is None


def _promises(ctx: CheckContext, findings: Sequence[Finding], grace: timedelta) -> PromiseCounts:
    made = timed = still_open = 0
    judged_at = ctx.now or max((m.at for m in ctx.messages if m.at is not None), default=None)
    for message in ctx.messages:
        if not message.is_org:
            continue
        for commitment in ctx.analysis(message).commitments:
            if commitment.immediate:
                continue
            made += 1
            due = commitment.due
            if message.at is None or due is None or commitment.vague or due <= message.at:
                continue
            timed += 1
            if judged_at is None or judged_at <= due + grace:
                still_open += 1
    broken = min(sum(1 for f in findings if f.check == BROKEN), timed - still_open)
    return PromiseCounts(
        made=made,
        timed=timed,
        kept=timed - still_open - broken,
        broken=broken,
        open=still_open,
    )
