"""autonomy.upsell_unresolved: a sales offer while the customer's own problem is still open.

A customer who came with a fault, a billing error or a complaint wants it solved; an upgrade,
add-on or discount offered before that reads as using their trouble to sell. The problem is
open from the customer message that raised it until an org message says it was done ("I've
refunded the charge", "it should work now") or the customer confirms it ("that fixed it,
thanks"); "still not working" opens it again. A resolution earlier in the same reply counts.

Talking about plans is fine when the customer asked about them ("would Premium fix this?",
"how much is the Pro plan?"), and a discount given as an apology is a remedy, not a sale.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Severity
from trustdesk.text import resolution
from trustdesk.text.promotion import first_per_sentence, promotional_hits
from trustdesk.text.resolution import SHARED_KEY, ConversationState, conversation_state

ALLOW_WHEN_ASKED = True

SUGGESTION = (
    "Solve the customer's problem first and leave the offer out; mention it, if at "
    "all, after they confirm the problem is fixed."
)


class UpsellParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_when_asked: bool = ALLOW_WHEN_ASKED
    """Offers are fine when the customer asked about plans, upgrades or deals themselves."""


class UpsellUnresolved(Check[UpsellParams]):
    id = "autonomy.upsell_unresolved"
    principle = Principle.AUTONOMY
    severity = Severity.WARN
    summary = "An upgrade, add-on or discount offered while the customer's problem is unresolved."
    lexicons = resolution.LEXICONS

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        for index, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            offers = promotional_hits(analysis)
            if not offers:
                continue
            state: ConversationState = ctx.shared(
                SHARED_KEY, lambda: conversation_state(ctx.messages, ctx.analysis)
            )
            if params.allow_when_asked and state.asked[index] is not None:
                continue
            for offer in first_per_sentence(analysis, offers):
                problem = state.problem_open(index, offer.start)
                if problem is None:
                    continue
                yield self.finding(
                    ctx,
                    message,
                    offer.start,
                    offer.end,
                    explanation=(
                        f"This sells to the customer while their problem "
                        f'("{problem.text}") is still unresolved.'
                    ),
                    suggestion=SUGGESTION,
                    data={"problem_in": ctx.messages[problem.index].id, "kind": offer.label},
                )
