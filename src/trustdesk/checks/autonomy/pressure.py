"""autonomy.pressure: urgency, scarcity, social-proof or fear tactics, and pushing after a "no".

"Only 2 left", "offer ends tonight", "act now", "thousands of customers already switched",
"you'll lose your data unless you upgrade today" rush the customer into a decision instead of
letting them make it. Pushing an offer again after the customer said "no thanks" is flagged
too, with a stronger explanation: it ignores an answer already given.

Honest deadlines the customer needs ("your return window closes on 3 April", "the reset link
expires in an hour") are not pressure. Phrases that are only pressure in a sales setting
(a deadline, "high demand", a threat of loss) are flagged only when the sentence or its
neighbours sell something and the sentence is not about a return, refund, claim or other
service matter. Stock levels given in answer to the customer's own availability question are
information, unless the reply also urges them to hurry.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Role, Severity
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.lexicon import Hit, Lexicon
from trustdesk.text.promotion import promotional_hits
from trustdesk.text.resolution import SHARED_KEY, ConversationState, conversation_state
from trustdesk.text.spans import Span

CONTEXT_SENTENCES = 1
ALLOW_STOCK_ANSWERS = True
FLAG_REPUSH = True

_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_UNITS = r"(?:items?|item\(s\)|units?|pieces?|pcs|seats?|spots?|places?|rooms?|tickets?|pairs?)"

PRESSURE = Lexicon(
    "autonomy.pressure",
    {
        # Always pressure, wherever they appear (unless plainly about a service matter).
        "urgency": [
            r"\bact (?:now|fast|quickly|today|immediately)\b",
            r"\bhurry\b",
            r"\b(?:buy|order|upgrade|subscribe|sign up|check ?out|grab (?:it|yours|one|them)"
            r"|get yours|claim (?:it|yours)) (?:today|right now|immediately|while you can|now"
            r"(?= and| to| before| while|!))",
            r"\block in (?:this|the|your|today'?s|our|a) (?:\w+ )?(?:price|rate|deal|offer|"
            r"discount)\b",
            r"\b(?:don'?t|do not) miss (?:out|this|the|your|it)\b",
            r"\bmiss(?:ing)? out\b",
            r"\b(?:last|final) chance\b",
            r"\blimited[- ]time\b",
            r"\bfor a limited (?:time|period)\b",
            r"\b(?:today|tonight|this weekend|this week|24 hours|48 hours|one day) only\b",
            r"\bnow or never\b",
            r"\bbefore (?:it'?s too late|(?:it'?s|they'?re|it is|they are) (?:all )?gone)\b",
            r"\b(?:offer|deal|sale|discount|promotion|promo|saving|savings|price|pricing|bonus)s? "
            r"(?:\w+ )?(?:ends?|expires?|runs? out|finish(?:es)?|won'?t last|is only (?:valid|"
            r"available|on)|ending)\b",
            r"\b(?:price|stock|deal|offer|discount)s? (?:is |are )?guaranteed (?:only )?for "
            r"(?:the next )?\d",
            r"\b(?:ending soon|flash sale|doorbuster)\b",
            r"\b(?:reserved|held) for (?:(?:only|just|the next) )?\d{1,2}(?::\d\d)? ?(?:minutes?|"
            r"mins?)\b",
            # A minutes:seconds timer on a cart, a reservation or a checkout.
            r"\b(?:expires?|expiring|reserved|held|guaranteed|prioriti[sz]ed|order|check ?out|buy)"
            r" (?:\w+ )?(?:in|for|within):? \d{1,2}:\d\d\b",
            # Countdown timers: "2 days 3 hrs 40 min", "09h 42m 39s".
            r"\b\d{1,8} ?(?:d|days?)\W{0,4}\d{1,8} ?(?:h|hrs?|hours?)\W{0,4}\d{1,8} ?"
            r"(?:m|mins?|minutes?)\b",
            r"\b\d{1,8} ?(?:m|mins?|minutes?)\W{0,4}\d{1,8} ?(?:s|secs?|seconds?)\b",
            r"\bwhile (?:stocks?|supplies) lasts?\b",
        ],
        "scarcity": [
            # "only 2 left", "only 4 copies left", but not "only 2 days left" (a deadline).
            r"\b(?:only|just):? (?:have |has |got )?(?:\d+|one|two|three|four|five|a few|a handful|"
            r"a couple)"
            r"(?: more)?(?: of (?:these|them|those|this)| (?!(?:days?|hours?|weeks?|months?|"
            r"minutes?|mins?|steps?|questions?|pages?|working|business)\b)\w+)? (?:left|remaining"
            r"|in stock|available)\b",
            r"\bthere (?:is|are) only (?:\d+|one|a few) (?:\w+ )?left\b",
            r"\b\d+ (?:" + _UNITS + r" )?left(?: in stock)?\b",
            r"\b(?:low|limited) (?:in )?(?:stock|quantit(?:y|ies)|supply|supplies|inventory|"
            r"availability)\b",
            r"\b(?:selling|going|moving) (?:out )?(?:fast|quickly)\b",
            r"\b(?:almost|nearly|practically) (?:gone|sold out|out of stock)\b",
            r"\bsells? out (?:fast|quickly|soon)\b",
            r"\bwill sell out\b",
            r"\bonce (?:it'?s|they'?re|it is|they are) gone\b",
            r"\blast (?:few|one|remaining|" + _UNITS + r")(?: \w+)? (?:left|in stock|available|"
            r"remaining)\b",
            r"\b(?:few|limited) " + _UNITS + r" (?:left|remaining)\b",
            r"\brarely restock\b",
        ],
        "social_proof": [
            r"\b\d[\d,.]*k? (?:other )?(?:people|persons?|customers|shoppers|users|buyers|others|"
            r"visitors) (?:(?:are|have|has|is|who) )?(?:(?:currently|now|also|already|just|"
            r"recently|right now) )?(?:viewing|looking|watching|seeing|eyeing|interested|bought|"
            r"purchased|added|adding|viewed|looked|checked|switched|upgraded|ordered|have this|"
            r"shopping|browsing)\b",
            r"\b\d[\d,]* (?:people|users|shoppers|visitors|customers) (?:are )?(?:currently |"
            r"now )?(?:active|online|shopping|browsing) on (?:our|the|this) (?:website|site|store|"
            r"shop)\b",
            r"\b\d[\d,]* (?:viewing|watching|looking at) (?:this|it)\b",
            r"\b\d[\d,]* (?:views|viewers|visits) (?:in|today|this)\b",
            r"\b\d{1,3} ?% of (?:our )?(?:customers|people|users|shoppers|buyers)\b",
            r"\b(?:thousands|hundreds|millions|lots|loads|tons|many|most|plenty) of (?:our |"
            r"other )?(?:customers|people|users|shoppers|members|families|businesses|clients) "
            r"(?:have |are |who )?(?:already |now |also )?(?:switched|upgraded|bought|chosen|"
            r"chose|choose|joined|signed up|swear by|upgrading|switching|buying)\b",
            r"\b(?:most|many|the majority of) (?:our )?(?:customers|people|users) (?:choose|pick|"
            r"go for|prefer|opt for|upgrade)\b",
            r"\b(?:everyone|everybody) (?:is|'s|else is|else'?s) (?:upgrading|switching|buying|"
            r"getting|signing up|ordering)\b",
            # Activity notifications: "Someone in Leeds just bought …", "… 10 minutes ago".
            r"\b(?:someone|somebody|a (?:customer|shopper|buyer))(?: (?:in|from|near) "
            r"[\w ,.'-]{2,40}?)? (?:just |recently )?(?:bought|purchased|got|added|ordered|"
            r"made a purchase)\b",
            # (These start at "in"/"bought", a literal, so the scan skips them cheaply.)
            r"\b(?:in|from|near) [\w ,.'-]{2,40}? (?:just|recently) (?:bought|purchased|got|"
            r"added|ordered|made a purchase)\b",
            r"\b(?:in|from) [\w .'-]{2,30}, [\w .'-]{2,30}? (?<!you )(?<!we )(?<!i )"
            r"(?:bought|purchased)\b",
            r"\b(?:bought|purchased)(?<!you bought)(?<!you purchased)(?<!you've bought)"
            r"(?<!you've purchased)(?<!you have bought)(?<!you have purchased)[^.!?\n]{0,80}? \d+ "
            r"(?:seconds?|minutes?|mins?|hours?) ago\b",
            r"\b(?:bought|purchased|viewed|loved|favou?red) by:? (?:over |more than )?\d[\d,]* "
            r"(?:people|customers|shoppers|users|others)\b",
            r"\b(?:viewed|bought|purchased|sold|ordered|added to (?:carts?|baskets?|bags?)) "
            r"(?:over )?\d[\d,]* times\b",
            r"\b\d[\d,]* (?:units? |items? |pieces? |pairs? )?(?:sold|bought|purchased|orders|"
            r"added to (?:carts?|bags?|baskets?)) (?:in (?:the )?(?:last|past)|today|this "
            r"(?:week|month)|already|recently)\b",
            r"\b\d[\d,]* (?:recently |just )(?:bought|purchased)\b",
            r"\bin (?:\d+|many|several) (?:other )?(?:people'?s |customers'? |shoppers'? )?"
            r"(?:shopping )?(?:carts?|baskets?|bags?)\b",
            r"\bin their (?:shopping )?(?:carts?|baskets?|bags?)\b",
        ],
        # Pressure only in a sales setting (see SALES): deadlines, demand, threats of loss.
        "deadline": [
            r"\b(?:ends?|expires?|closes?|finish(?:es)?|runs? out|goes up|go up|increases?|"
            r"rises?|stops?) (?:at |by )?(?:tonight|today|tomorrow|midnight|soon|this (?:weekend|"
            r"week|month|evening)|(?:on )?" + _WEEKDAY + r"|in (?:\d+|a few|an?) (?:hours?|hrs?|"
            r"minutes?|mins?|days?))\b",
            r"\b(?:until|till|by) (?:midnight|tonight|end of (?:today|the day|the week))\b",
            r"\bonly (?:valid|available|on|good) (?:until|till|today|tonight|for (?:today|\d+|"
            r"the next))\b",
            r"\bprices? (?:will |are going to |is going to )?(?:go(?:es|ing)? up|increases?|"
            r"increasing|rises?|rising|doubles?)\b",
            r"\b(?:won'?t|will not) last\b",
            # A bare hh:mm:ss countdown next to an offer.
            r"\b\d{1,3}(?: ?(?:days?|d) ?\d{1,2})?:\d\d:\d\d\b",
        ],
        "demand": [
            r"\b(?:high|huge|heavy|great|big)[- ]demand\b",
            r"\b(?:most popular|best[- ]?sell(?:er|ers|ing)|trending)\b",
        ],
        "fear": [
            r"\b(?:you'?ll|you will|you could|you might|you may|you'?d|you would|risk|before you)"
            r" (?:lose|losing|miss|missing)\b",
            r"\b(?:will|could|might) be (?:permanently )?(?:deleted|lost|wiped|erased|gone)\b",
            r"\bunless you (?:upgrade|buy|purchase|subscribe|sign up|order|act|pay)\b",
            r"\b(?:don'?t|do not) risk\b",
        ],
    },
    lowercase=True,
)
_SALES_ONLY = frozenset({"deadline", "demand", "fear"})

SALES = Lexicon(
    "autonomy.pressure.sales",
    {
        "sales": [
            r"\b(?:offers?|deals?|discount\w*|sales?|promo\w*|coupons?|bargains?|savings?|save|"
            r"prices?|pricing|upgrad\w*|premium|subscrib\w*|buy\w*|purchas\w*|check ?out|carts?|"
            r"baskets?|stock|bundles?|membership|free gift|free shipping|shop\w*|grab|lock in|"
            r"plans?|order (?:now|today))\b",
            r"%",
            r"\bpercent off\b",
            r"[£$€]\s?\d+(?:\.\d\d)? off\b",
        ],
    },
    lowercase=True,
)

# A sentence about one of these is a service matter, not a sale.
FACTUAL = Lexicon(
    "autonomy.pressure.factual",
    {
        "factual": [
            r"\b(?:returns?|refunds?|warranty|guarantee|claims?|complaints?|appeals?|disputes?|"
            r"cancell?ation|cancel|cooling[- ]off|withdraw\w*|respon\w*|repl(?:y|ies)|documents?|"
            r"forms?|invoices?|bills?|payment due|late fee|repairs?|collect\w*|pick[- ]?up|"
            r"appointments?|passwords?|links?|verif\w*|security|reset|queue|wait(?:ing)? times?|"
            r"support|agents?|team|deliver\w*|dispatch\w*|ship\w*|maintenance|outage|tickets?|"
            r"case)\b",
        ],
    },
    lowercase=True,
)

# Asking again after a "no": harmless on their own, pushing once the customer has declined.
REASKS = Lexicon(
    "autonomy.pressure.reasks",
    {
        "reask": [
            r"\bare you (?:sure|certain)\b",
            r"\b(?:after all|reconsider|change your mind|think it over|think about it again)\b",
            r"\b(?:shall|should|can|may) i (?:add|include|put|sign you up|upgrade you|set (?:it|"
            r"that|this) up|go ahead)\b",
            r"\b(?:want|like) me to (?:add|include|sign you up|upgrade you|set (?:it|that|this) "
            r"up)\b",
        ],
    },
    lowercase=True,
)

AVAILABILITY = Lexicon(
    "autonomy.pressure.availability",
    {
        "asked": [
            r"\b(?:in stock|available|availability|any left|sold out|restock\w*|back in stock|"
            r"how many|do you (?:still )?have|have you got|is there any|are there any)\b",
        ],
    },
    lowercase=True,
)

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
        sales = [h.start for h in analysis.hits(SALES)]
        sales += [h.start for h in promotional_hits(analysis)]
        factual = [h.start for h in analysis.hits(FACTUAL)]
        urgent = [h.start for h in hits if h.label == "urgency"]
        answered_stock = (
            params.allow_stock_answers
            and any(h.label == "scarcity" for h in hits)
            and _customer_asked_availability(ctx, index)
        )
        kept: list[Hit] = []
        for hit in hits:
            position = _sentence_index(sentences, hit.start)
            if position is None:
                continue
            here = sentences[position]
            in_here = here.start, here.end
            about_service = _any_within(factual, *in_here)
            if hit.label in _SALES_ONLY:
                first = sentences[max(0, position - params.context_sentences)]
                last = sentences[min(len(sentences) - 1, position + params.context_sentences)]
                if about_service or not _any_within(sales, first.start, last.end):
                    continue
            elif hit.label == "urgency":
                if about_service and not _any_within(sales, *in_here):
                    continue
            elif hit.label == "scarcity" and answered_stock and not _any_within(urgent, *in_here):
                continue
            kept.append(hit)
        return kept


def _customer_asked_availability(ctx: CheckContext, index: int) -> bool:
    """Whether the customer's latest message before `index` asks about stock."""
    for message in reversed(ctx.messages[:index]):
        if message.role is Role.CUSTOMER:
            return bool(ctx.analysis(message).hits(AVAILABILITY))
    return False


def _sentence_index(sentences: list[Span], offset: int) -> int | None:
    for position, sentence in enumerate(sentences):
        if sentence.start <= offset < sentence.end:
            return position
    return None


def _any_within(offsets: list[int], start: int, end: int) -> bool:
    return any(start <= offset < end for offset in offsets)


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
