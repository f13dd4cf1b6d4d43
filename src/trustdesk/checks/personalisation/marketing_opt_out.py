"""personalisation.marketing_opt_out: promotional content to a customer who opted out.

A customer whose preferences say `marketing: false` asked not to be sold to. A support reply
that slips in an upgrade pitch, a discount code or a newsletter invitation breaks that
choice, however friendly it sounds. Answering the customer's own question about plans or deals
is not marketing, and a discount given as an apology is a remedy, so neither is flagged.
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
    "Remove the promotional content: this customer opted out of marketing. Answer "
    "their question only."
)


class MarketingParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_when_asked: bool = ALLOW_WHEN_ASKED
    """Talking about plans or deals is fine when the customer asked about them."""


class MarketingOptOut(Check[MarketingParams]):
    id = "personalisation.marketing_opt_out"
    principle = Principle.PERSONALISATION
    severity = Severity.WARN
    summary = "Promotional content sent to a customer who opted out of marketing."
    lexicons = resolution.LEXICONS

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        if ctx.conversation.customer.preferences.marketing is not False:
            return
        for index, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            offers = promotional_hits(analysis)
            if not offers:
                continue
            if params.allow_when_asked:
                state: ConversationState = ctx.shared(
                    SHARED_KEY, lambda: conversation_state(ctx.messages, ctx.analysis)
                )
                if state.asked[index] is not None:
                    continue
            for offer in first_per_sentence(analysis, offers):
                yield self.finding(
                    ctx,
                    message,
                    offer.start,
                    offer.end,
                    explanation="This customer opted out of marketing, and this is "
                    "promotional content.",
                    suggestion=SUGGESTION,
                    data={"kind": offer.label},
                )
