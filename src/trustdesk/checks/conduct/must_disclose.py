"""conduct.must_disclose: a reply does something the policy says must come with a disclosure.

Each rule of the policy's `must_disclose` list pairs `when` matchers (offering an upgrade,
cancelling a contract) with `mention` matchers (a price, whether a fee applies). A reply in
which a `when` matcher fires and no `mention` matcher does leaves the customer to find the
cost or the catch later, which is how trust is lost. The finding sits on the trigger, with the
rule's reason as the explanation and its suggestion as the fix.

The mention must be in the same reply by default: the customer reads the offer there. A team
whose agents state the price in one message and make the offer in the next can let the last
few org-side messages count with `lookback_messages`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Severity
from trustdesk.policy.patterns import find_spans
from trustdesk.policy.schema import Matcher

LOOKBACK_MESSAGES = 0


class MustDiscloseParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # How many earlier agent/bot messages may hold the mention (0: only the same reply).
    lookback_messages: int = Field(default=LOOKBACK_MESSAGES, ge=0, le=20)


def _first(text: str, matchers: Sequence[Matcher]) -> tuple[int, int] | None:
    """The earliest span any matcher finds in `text`."""
    best: tuple[int, int] | None = None
    for matcher in matchers:
        span = next(find_spans(text, phrase=matcher.phrase, pattern=matcher.pattern), None)
        if span is not None and (best is None or span[0] < best[0]):
            best = span
    return best


def _mentions(text: str, matchers: Sequence[Matcher]) -> bool:
    return any(
        next(find_spans(text, phrase=m.phrase, pattern=m.pattern), None) is not None
        for m in matchers
    )


class MustDisclose(Check[MustDiscloseParams]):
    id = "conduct.must_disclose"
    principle = Principle.TRANSPARENCY
    severity = Severity.WARN
    summary = "A reply that triggers a must-disclose rule (an upgrade, a cancellation) without it."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        rules = ctx.policy.must_disclose
        if not rules:
            return
        params = self.params
        for index, message in ctx.judged(self.judges):
            text = ctx.analysis(message).text
            if not text:
                continue
            for rule in rules:
                trigger = _first(text, rule.when)
                if trigger is None or _mentions(text, rule.mention):
                    continue
                earlier = self._earlier_org_texts(ctx, index, params.lookback_messages)
                if any(_mentions(previous, rule.mention) for previous in earlier):
                    continue
                yield self.finding(
                    ctx,
                    message,
                    trigger[0],
                    trigger[1],
                    explanation=rule.reason,
                    suggestion=rule.suggestion,
                    severity=rule.severity,
                    data={"rule": rule.id},
                )

    def _earlier_org_texts(self, ctx: CheckContext, index: int, count: int) -> list[str]:
        if count == 0:
            return []
        # The positions of the messages this check judges, found once per run.
        judged: list[int] = ctx.shared(
            f"{self.id}:judged",
            lambda: [i for i, m in enumerate(ctx.messages) if m.role in self.judges],
        )
        before = bisect.bisect_left(judged, index)
        return [ctx.analysis(ctx.messages[i]).text for i in judged[max(0, before - count) : before]]
