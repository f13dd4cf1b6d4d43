"""autonomy.no_consent: the org side put in place a different solution than the customer asked for.

"I went ahead and switched your plan", "I've issued store credit instead of a refund" (when the
customer asked for a refund), "I've replaced it with a different model", "I cancelled your
order and placed a new one": the customer loses the choice that was theirs. Such an action is
fine when the customer asked for it, or agreed to it: a customer message saying yes / ok /
please do / that works after an org message proposing it ("Would you like store credit
instead?"), and before the action. A proposal on its own is never flagged.

Goodwill on top of what was asked ("I've also added 500 points as an apology") is not a
substitution, so it is not flagged either.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.lexicon import Hit, Lexicon

LOOKBACK_MESSAGES = 12
# How far (in characters) before a request a "not" / "don't" still negates it.
NEGATION_REACH = 30

_WE = (
    r"\b(?:i'?ve|i have|we'?ve|we have|i|we) (?:(?:went|gone) ahead and |already |just |"
    r"also |now |simply )?"
)
_ACCOUNT = r"(?:account|plan|subscription|package|tier|membership|contract|tariff|service|bundle)"

ACTIONS = Lexicon(
    "autonomy.no_consent.actions",
    {
        "plan": [
            _WE + r"(?:switched|changed|moved|downgraded|upgraded|converted|migrated|"
            # "moved you back to" restores what the customer had: not a new solution.
            r"transferred) (?:you|your "
            + _ACCOUNT
            + r")\b(?! back\b)(?: (?:over )?(?:to|onto)(?: (?:the|a|"
            r"an|our))?(?: \w+){0,2})?",
            r"\byour " + _ACCOUNT + r" (?:has|was) (?:now )?(?:been )?(?:switched|changed|moved|"
            r"downgraded|upgraded|converted|migrated)\b(?! back\b)(?: (?:to|onto)(?: (?:the|a|"
            r"an|our))?(?: \w+){0,2})?",
        ],
        "credit": [
            _WE + r"(?:issued|given|added|applied|credited|sent|put|loaded)(?: you)? (?:(?:a|an|"
            r"the|some|your) )?(?:[£$€]\s?\d+(?:\.\d\d)? |\d+ )?(?:in |of )?"
            r"(?:store credit|account credit|credit|gift cards?|vouchers?|e-?vouchers?|points|"
            r"coupons?)\b",
        ],
        "replace": [
            _WE + r"replaced (?:it|them|this|that|(?:your|the) \w+(?: \w+)?) with\b(?: (?:a|an|"
            r"the|another))?(?: \w+)?",
            _WE + r"(?:sent|shipped|ordered|dispatched|sent out|posted) (?:you )?(?:a|an|the) "
            r"(?:different|alternative|similar|substitute|equivalent|comparable|cheaper|newer)"
            r"(?: \w+)?",
        ],
        # Swapping one thing for another is a different thing, unless the customer asked.
        "swap": [
            _WE + r"(?:swapped|exchanged|substituted|switched) (?:it|them|this|that|(?:your|the) "
            r"\w+(?: \w+)?) (?:with|for)\b(?: (?:a|an|the|another))?(?: \w+)?",
        ],
        "cancel": [
            _WE + r"(?:cancell?ed|closed|voided) (?:your|the) (?:order|booking|reservation|"
            r"subscription|plan|account|contract)(?: and (?:placed|created|made|booked|set up|"
            r"started|opened|put through) (?:a )?new(?: \w+)?)?",
        ],
        "rebook": [
            _WE + r"(?:rebooked|rescheduled) (?:you|your (?:booking|flight|appointment|"
            r"reservation|delivery|order|visit|repair))\b(?! back\b)(?: (?:to|on|for) (?:the )?"
            r"\w+)?",
            _WE + r"(?:moved|changed) your (?:booking|flight|appointment|reservation|delivery|"
            r"visit|repair)\b(?! back\b)(?: (?:to|on|for) (?:the )?\w+)?",
        ],
        "instead": [
            r"\b(?:i'?ve|i have|we'?ve|we have|(?:i|we) (?:went|have gone) ahead and) "
            r"(?:[^\s!?]*[^\s.!?] ){1,6}instead\b",
        ],
    },
    lowercase=True,
)

SUBSTITUTE = Lexicon(
    "autonomy.no_consent.substitute",
    {
        "substitute": [
            r"\binstead\b",
            r"\brather than\b",
            r"\bin place of\b",
            r"\b(?:different|alternative|substitute|equivalent|comparable|similar|"
            r"cheaper)\b",
        ]
    },
    lowercase=True,
)
# Goodwill on top of what the customer asked for is not a substitution.
ADDITION = Lexicon(
    "autonomy.no_consent.addition",
    {
        "addition": [
            r"\bas well as\b",
            r"\bin addition\b",
            r"\bon top of\b",
            r"\bgoodwill\b",
            r"\bas an apology\b",
            r"\bas a (?:thank you|gesture)\b",
            r"\balso\b",
            r"\bfree of charge\b",
            r"\bat no (?:extra )?cost\b",
        ]
    },
    lowercase=True,
)

REQUESTS = Lexicon(
    "autonomy.no_consent.requests",
    {
        "plan": [
            r"\b(?:switch|chang|mov|downgrad|upgrad|convert)\w*\b[^.?!\n]{0,40}?\b(?:plans?|"
            r"subscription|tier|package|membership|annual|monthly|basic|premium|pro)\b",
            r"\b(?:plans?|subscription|tier|package)\b[^.?!\n]{0,30}?\b(?:switch|chang|mov|"
            r"downgrad|upgrad)\w*",
        ],
        "credit": [
            r"\b(?:store credit|account credit|credit|gift cards?|vouchers?|points|"
            r"coupons?)\b"
        ],
        "replace": [
            r"\b(?:replace\w*|exchange\w*|swap\w*|new one|another one|different "
            r"(?:one|model|size|colou?r))\b"
        ],
        "cancel": [r"\bcancel\w*", r"\b(?:new order|re-?order|order again)\b"],
        "rebook": [
            r"\b(?:rebook\w*|reschedul\w*|(?:move|change) (?:my|the) (?:booking|flight|"
            r"appointment|reservation|delivery|date|time))\b"
        ],
        "refund": [r"\b(?:refund\w*|money back|reimburse\w*|repair\w*|fix(?:ed)? it)\b"],
    },
    lowercase=True,
)
_NEGATION = Lexicon(
    "autonomy.no_consent.negation",
    {
        "negation": [
            r"\b(?:don'?t|do not|doesn'?t|didn'?t|not|no|never|won'?t|without|rather "
            r"than|instead of)\b"
        ]
    },
    lowercase=True,
)
# Actions whose request reads as another kind ("can I exchange it?" asks for a swap).
_REQUEST_KIND = {"swap": "replace"}
# Kinds that only substitute when marked ("instead", "different") or when the customer asked
# for a refund or repair; a plain replacement or credit may be exactly the remedy they wanted.
_NEED_MARKER_OR_REFUND = frozenset({"credit", "replace"})

PROPOSALS = Lexicon(
    "autonomy.no_consent.proposals",
    {
        "proposal": [
            r"\b(?:would you (?:like|prefer|rather)|shall i|should i|do you want|"
            r"(?:i|we) (?:can|could) (?:offer|switch|change|move|give|issue|send|replace|swap|"
            r"exchange|cancel|rebook|reschedule|upgrade|downgrade|credit|arrange|put|add)|"
            r"how about|what about|are you happy|"
            r"is (?:it|that) ok(?:ay)?|if you(?:'d| would)? (?:like|prefer|want)|"
            r"alternatively|would it help|happy for me to|can i|may i|an option)\b"
        ]
    },
    lowercase=True,
)
AGREEMENT = Lexicon(
    "autonomy.no_consent.agreement",
    {
        "agree": [
            r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|alright|fine|great|perfect|absolutely|"
            r"definitely|of course|go ahead|sounds good)\b",
            r"\b(?:please do|go ahead|that works|sounds good|i agree|agreed|that'?s fine|"
            r"happy with that|i accept|let'?s do (?:it|that)|do it|that would be great|"
            r"yes please)\b",
        ],
        # "Great, but I'd rather have the refund" is not a yes.
        "refuse": [
            r"^\W*(?:no|nope|nah)\b",
            r"\b(?:don'?t|do not|rather not|not ok|not happy|(?:i'?d|i would) rather)\b",
        ],
    },
    lowercase=True,
)

SUGGESTIONS = {
    "plan": 'Ask first: "Would you like me to switch your plan to … instead of …?", and change '
    "it only once they agree.",
    "credit": 'Ask first: "Would you prefer store credit instead of a refund to your card?", '
    "and give the refund they asked for unless they agree.",
    "replace": 'Ask first: "Would you like a … instead of …?", and send the alternative only '
    "once they agree.",
    "swap": 'Ask first: "Would you like … instead of …?", and swap it only once they agree.',
    "cancel": 'Ask first: "Would you like me to cancel this and …?", and act only once they agree.',
    "rebook": 'Ask first: "Would you like me to move your booking to …?", and rebook only once '
    "they agree.",
    "instead": 'Ask first: "Would you like me to … instead of …?", and act only once they agree.',
}


class NoConsentParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lookback_messages: int = Field(default=LOOKBACK_MESSAGES, ge=1, le=200)
    """How many earlier messages may hold the proposal and the customer's agreement."""


class NoConsent(Check[NoConsentParams]):
    id = "autonomy.no_consent"
    principle = Principle.AUTONOMY
    severity = Severity.WARN
    summary = "A different solution put in place without the customer's agreement."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        for index, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            actions = analysis.hits(ACTIONS)
            if not actions:
                continue
            markers = analysis.hits(SUBSTITUTE)
            additions = analysis.hits(ADDITION)
            history = ctx.messages[max(0, index - params.lookback_messages) : index]
            requested, refused = self._requests(ctx, ctx.messages[:index])
            for action in _dedupe(actions):
                sentence = analysis.sentence_at(action.start)
                lo, hi = (sentence.start, sentence.end) if sentence else (action.start, action.end)
                marked = action.label == "instead" or any(lo <= m.start < hi for m in markers)
                # What the customer explicitly refused ("not a voucher") is never a mere extra.
                if not marked and action.label not in refused:
                    asked_for = _REQUEST_KIND.get(action.label, action.label) in requested
                    if any(lo <= a.start < hi for a in additions) or asked_for:
                        continue
                    if action.label in _NEED_MARKER_OR_REFUND and "refund" not in requested:
                        continue
                if self._agreed(ctx, history):
                    continue
                yield self.finding(
                    ctx,
                    message,
                    action.start,
                    action.end,
                    explanation="This puts a different solution in place than the customer "
                    "asked for, without their agreement.",
                    suggestion=SUGGESTIONS[action.label],
                    data={"kind": action.label},
                )

    @staticmethod
    def _requests(ctx: CheckContext, earlier: list[Message]) -> tuple[set[str], set[str]]:
        """The kinds of action the customer asked for, and those they refused, earlier on."""
        kinds: set[str] = set()
        refused: set[str] = set()
        for message in earlier:
            if message.role is not Role.CUSTOMER:
                continue
            analysis = ctx.analysis(message)
            hits = analysis.hits(REQUESTS)
            if not hits:
                continue
            negations = analysis.hits(_NEGATION)
            for hit in hits:
                # A negation shortly before the request, in the same sentence, refuses it.
                sentence = analysis.sentence_at(hit.start)
                lo = max(sentence.start if sentence else hit.start, hit.start - NEGATION_REACH)
                if any(lo <= n.start < hit.start for n in negations):
                    refused.add(hit.label)
                else:
                    kinds.add(hit.label)
        return kinds, refused

    @staticmethod
    def _agreed(ctx: CheckContext, history: list[Message]) -> bool:
        """A customer "yes" after the latest org proposal in `history`."""
        proposal_seen = False
        agreed = False
        for message in history:
            analysis = ctx.analysis(message)
            if message.is_org:
                if analysis.hits(PROPOSALS):
                    proposal_seen, agreed = True, False
            elif message.role is Role.CUSTOMER and proposal_seen:
                labels = {hit.label for hit in analysis.hits(AGREEMENT)}
                if "agree" in labels and "refuse" not in labels:
                    agreed = True
                elif "refuse" in labels:
                    agreed = False
        return agreed


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop a hit that lies inside an earlier, longer one (one action, one finding)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
