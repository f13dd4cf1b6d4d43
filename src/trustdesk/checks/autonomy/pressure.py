"""autonomy.pressure: urgency, scarcity, social-proof or fear tactics, and pushing after a "no".

"Only 2 left", "offer ends tonight", "act now", "thousands of customers already switched",
"you'll lose your data unless you upgrade today" rush the customer into a decision instead of
letting them make it. Pushing an offer again after the customer said "no thanks" is flagged
too, with a stronger explanation: it ignores an answer already given.

Honest deadlines the customer needs ("your return window closes on 3 April", "the reset link
expires in an hour") are not pressure. Phrases that are only pressure in a sales setting
(a deadline, "high demand", a threat of loss) are flagged only when the sentence or its
neighbours sell something and the sentence is not about a return, refund, claim or other
service matter. Stock levels given in answer to the customer's own availability question, and a
price change or an offer's end dated in answer to their question about it, are information,
unless the reply also urges them to hurry.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Role, Severity
from trustdesk.text import resolution
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.lexicon import Hit, Lexicon
from trustdesk.text.promotion import promotional_hits
from trustdesk.text.ranges import any_within
from trustdesk.text.resolution import SHARED_KEY, ConversationState, conversation_state
from trustdesk.text.spans import Span
from trustdesk.text.wordlists import load

CONTEXT_SENTENCES = 1
ALLOW_STOCK_ANSWERS = True
FLAG_REPUSH = True


# The phrases are in data/lexicons/autonomy.yaml.
_WORDS = load("autonomy")
PRESSURE = _WORDS.lexicon("autonomy.pressure")
_SALES_ONLY = frozenset({"deadline", "demand", "fear"})
# The positions of the customer's messages, found once per run (`ctx.shared`).
_CUSTOMERS = "autonomy.pressure:customers"

SALES = _WORDS.lexicon("autonomy.pressure.sales")

# A sentence about one of these is a service matter, not a sale.
FACTUAL = _WORDS.lexicon("autonomy.pressure.factual")

# Asking again after a "no": harmless on their own, pushing once the customer has declined.
REASKS = _WORDS.lexicon("autonomy.pressure.reasks")

AVAILABILITY = _WORDS.lexicon("autonomy.pressure.availability")
# The customer asked about the price change or the end of the offer the reply dates.
ASKED_DEADLINE = _WORDS.lexicon("autonomy.pressure.asked_deadline")

EXPLANATIONS = {
    "urgency": "This rushes the customer with a deadline or countdown so they decide before "
    "they have thought it over.",
    "scarcity": "This pressures the customer with limited stock instead of letting them "
    "decide on the merits.",
    "social_proof": "This pushes the customer with what other people do instead of what the "
    "product does for them.",
    "deadline": "This ties a sales offer to a close deadline to rush the customer.",
    "demand": "This uses demand or popularity to rush a sale.",
    "fear": "This uses fear of loss to push a purchase.",
}
SUGGESTIONS = {
    "urgency": 'State the offer and its real end date plainly, without "act now" or '
    "countdowns, and let the customer decide in their own time.",
    "scarcity": "Give stock levels only when the customer asks, without urging them to hurry.",
    "social_proof": "Describe what the product does for this customer, not what others bought.",
    "deadline": "Give the end date as information and leave the decision to the customer.",
    "demand": "Describe the product on its merits, without pressure to buy quickly.",
    "fear": "Say plainly what happens and when, and offer the options (including doing "
    "nothing) without tying them to a purchase.",
}
REPUSH_SUGGESTION = "Drop the offer: acknowledge their answer and get back to what they asked for."


class PressureParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    context_sentences: int = Field(default=CONTEXT_SENTENCES, ge=0, le=5)
    """Sentences before and after a deadline that may show it is a sales pitch."""
    allow_stock_answers: bool = ALLOW_STOCK_ANSWERS
    """Stock levels in answer to the customer's own availability question are not pressure."""
    flag_repush: bool = FLAG_REPUSH
    """Flag any offer made after the customer declined one."""


class PressureTactics(Check[PressureParams]):
    id = "autonomy.pressure"
    principle = Principle.AUTONOMY
    severity = Severity.WARN
    summary = (
        'Urgency, scarcity or fear tactics ("only 2 left", "act now"), or pushing '
        'again after a "no".'
    )
    lexicons = (
        PRESSURE,
        SALES,
        FACTUAL,
        REASKS,
        AVAILABILITY,
        ASKED_DEADLINE,
        *resolution.LEXICONS,
    )

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        for index, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            pressure = self._pressure_hits(ctx, index, analysis, params)
            offers = promotional_hits(analysis) if params.flag_repush else []
            reasks = analysis.hits(REASKS) if params.flag_repush else []
            declined = None
            if params.flag_repush and (pressure or offers or reasks):
                state: ConversationState = ctx.shared(
                    SHARED_KEY, lambda: conversation_state(ctx.messages, ctx.analysis)
                )
                declined = state.declined[index]
            if declined is not None:
                explanation = (
                    f'The customer already said no ("{declined.text}") and this '
                    f"pushes an offer again; it ignores their decision."
                )
                for start, end, _ in _by_sentence(analysis, [*pressure, *offers, *reasks]):
                    yield self.finding(
                        ctx,
                        message,
                        start,
                        end,
                        explanation=explanation,
                        suggestion=REPUSH_SUGGESTION,
                        data={"kind": "repush", "declined_in": ctx.messages[declined.index].id},
                    )
                continue
            for start, end, label in _by_sentence(analysis, pressure):
                yield self.finding(
                    ctx,
                    message,
                    start,
                    end,
                    explanation=EXPLANATIONS[label],
                    suggestion=SUGGESTIONS[label],
                    data={"kind": label},
                )

    def _pressure_hits(
        self, ctx: CheckContext, index: int, analysis: MessageAnalysis, params: PressureParams
    ) -> list[Hit]:
        hits = analysis.hits(PRESSURE)
        if not hits:
            return hits
        sentences = analysis.sentences
        # Offsets in order, so "is there one in this sentence" is a bisection.
        sales = sorted(
            [h.start for h in analysis.hits(SALES)] + [h.start for h in promotional_hits(analysis)]
        )
        factual = [h.start for h in analysis.hits(FACTUAL)]
        urgent = [h.start for h in hits if h.label == "urgency"]
        answered_stock = (
            params.allow_stock_answers
            and any(h.label == "scarcity" for h in hits)
            and _customer_asked(ctx, index, AVAILABILITY)
        )
        # "Prices rise by 5% from April" told to a customer who asked about the rise.
        answered_deadline = any(h.label == "deadline" for h in hits) and _customer_asked(
            ctx, index, ASKED_DEADLINE
        )
        kept: list[Hit] = []
        for hit in hits:
            position = _sentence_index(sentences, hit.start)
            if position is None:
                continue
            here = sentences[position]
            in_here = here.start, here.end
            about_service = any_within(factual, *in_here)
            if hit.label in _SALES_ONLY:
                if (
                    hit.label == "deadline"
                    and answered_deadline
                    and not any_within(urgent, *in_here)
                ):
                    continue
                first = sentences[max(0, position - params.context_sentences)]
                last = sentences[min(len(sentences) - 1, position + params.context_sentences)]
                # A sales word inside the phrase itself ("prices" in "prices rise") is no
                # sign that the sentence sells anything.
                selling = [s for s in sales if not hit.start <= s < hit.end]
                if about_service or not any_within(selling, first.start, last.end):
                    continue
            elif hit.label == "urgency":
                if about_service and not any_within(sales, *in_here):
                    continue
            elif hit.label == "scarcity" and answered_stock and not any_within(urgent, *in_here):
                continue
            kept.append(hit)
        return kept


def _customer_asked(ctx: CheckContext, index: int, about: Lexicon) -> bool:
    """Whether the customer's latest message before `index` asks about something (stock,
    a price change, the end of an offer)."""
    customers: list[int] = ctx.shared(
        _CUSTOMERS, lambda: [i for i, m in enumerate(ctx.messages) if m.role is Role.CUSTOMER]
    )
    before = bisect.bisect_left(customers, index)
    if before == 0:
        return False
    return bool(ctx.analysis(ctx.messages[customers[before - 1]]).hits(about))


def _sentence_index(sentences: list[Span], offset: int) -> int | None:
    position = bisect.bisect_right(sentences, offset, key=_start) - 1
    if position >= 0 and offset < sentences[position].end:
        return position
    return None


def _start(sentence: Span) -> int:
    return sentence.start


def _by_sentence(analysis: MessageAnalysis, hits: list[Hit]) -> list[tuple[int, int, str]]:
    """One span per sentence, from its first hit to its last, labelled by its first hit."""
    grouped: dict[int, tuple[int, int, str]] = {}
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        sentence = analysis.sentence_at(hit.start)
        key = sentence.start if sentence is not None else hit.start
        if key in grouped:
            start, end, label = grouped[key]
            grouped[key] = (start, max(end, hit.end), label)
        else:
            grouped[key] = (hit.start, hit.end, hit.label)
    return [grouped[key] for key in sorted(grouped)]
