"""Service measures of one audited conversation: reply times, chasing, promises, resolution,
and where it stood when judged (its state, and the wait still running).

They are what analytics add up across an archive, so they are measured beside the checks and
from the same cached analysis: waits and promise outcomes come from `trustdesk.service_level`,
which the checks that judge them use too, and a conversation was chased when a check whose
findings signal a chase flagged it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from trustdesk.checks.base import CheckContext
from trustdesk.model import Finding, ServiceMeasures
from trustdesk.service_level import find_waits, promise_counts, waits
from trustdesk.service_level.promises import LEXICONS as PROMISE_LEXICONS
from trustdesk.service_level.state import standing
from trustdesk.text import resolution
from trustdesk.text.resolution import ConversationState, conversation_state

# The lexicons the measures scan, besides those of the checks.
LEXICONS = (*waits.LEXICONS, *resolution.LEXICONS, *PROMISE_LEXICONS)


def service_measures(
    ctx: CheckContext, findings: Sequence[Finding], chase_checks: Collection[str]
) -> ServiceMeasures:
    """The measures of `ctx`'s conversation; `chase_checks`: the checks whose findings mean
    the customer had to chase."""
    level = ctx.service_level
    first_reply: float | None = None
    gaps: list[float] = []
    walked = ctx.walked_waits(level.closing_max_words)
    for wait in find_waits(ctx.messages, ctx.analysis, level.closing_max_words, walked=walked):
        if not wait.replied:
            continue
        waited = ctx.wait_time(wait).waited
        if wait.first:
            if first_reply is None:
                first_reply = waited.total_seconds()
        else:
            gaps.append(waited.total_seconds())
    stands = standing(
        ctx.messages,
        ctx.analysis,
        level,
        now=ctx.now,
        declared=ctx.conversation.status,
        walked=walked,
    )
    running = ctx.wait_time(stands.wait) if stands.wait is not None else None
    return ServiceMeasures(
        first_reply_seconds=first_reply,
        update_gaps_seconds=tuple(gaps),
        chased=any(f.check in chase_checks for f in findings),
        resolved=_resolved(ctx),
        promises=promise_counts(ctx.promises(level.promise_grace)),
        state=stands.state.value,
        waiting_since=stands.waiting_since,
        waited_seconds=running.waited.total_seconds() if running else None,
        past_sla=running.past_sla if running else False,
    )


def _resolved(ctx: CheckContext) -> bool | None:
    """None when the customer raised no problem; else whether the last one was closed."""
    # The checks that read the state share it; how the conversation ended is its last word.
    state: ConversationState = ctx.shared(
        resolution.SHARED_KEY, lambda: conversation_state(ctx.messages, ctx.analysis)
    )
    if state.open_after is None and all(cue is None for cue in state.open_problem):
        return None
    return state.open_after is None
