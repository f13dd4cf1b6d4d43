"""autonomy.no_consent: the org side put in place a different solution than the customer asked for.

"I went ahead and switched your plan", "I've issued store credit instead of a refund" (when the
customer asked for a refund), "I've replaced it with a different model", "I cancelled your
order and placed a new one": the customer loses the choice that was theirs. Such an action is
fine when the customer asked for it, or agreed to it: a customer message saying yes / ok /
please do / that works after an org message proposing it ("Would you like store credit
instead?"), and before the action. A proposal on its own is never flagged.

Goodwill on top of what was asked ("I've also added 500 points as an apology") is not a
substitution, so it is not flagged either; nor an action the reply says the customer asked for
("I've switched your plan to paperless billing, as requested"), as the request may have come
by another channel, unless the reply itself marks it as a substitute ("instead").
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.lexicon import Hit
from trustdesk.text.ranges import any_starting_within
from trustdesk.text.wordlists import load

LOOKBACK_MESSAGES = 12
# How far (in characters) before a request a "not" / "don't" still negates it.
NEGATION_REACH = 30


# The phrases are in data/lexicons/autonomy.yaml.
_WORDS = load("autonomy")
ACTIONS = _WORDS.lexicon("autonomy.no_consent.actions")

SUBSTITUTE = _WORDS.lexicon("autonomy.no_consent.substitute")
# Goodwill on top of what the customer asked for is not a substitution.
ADDITION = _WORDS.lexicon("autonomy.no_consent.addition")
# "As requested", "per your request": the customer asked for it, perhaps elsewhere.
ON_REQUEST = _WORDS.lexicon("autonomy.no_consent.on_request")

REQUESTS = _WORDS.lexicon("autonomy.no_consent.requests")
_NEGATION = _WORDS.lexicon("autonomy.no_consent.negation")
# Actions whose request reads as another kind ("can I exchange it?" asks for a swap).
_REQUEST_KIND = {"swap": "replace"}
# Kinds that only substitute when marked ("instead", "different") or when the customer asked
# for a refund or repair; a plain replacement, credit or rebooking (after a cancelled flight or
# a missed visit) may be exactly the remedy they wanted.
_NEED_MARKER_OR_REFUND = frozenset({"credit", "replace", "rebook"})

PROPOSALS = _WORDS.lexicon("autonomy.no_consent.proposals")
AGREEMENT = _WORDS.lexicon("autonomy.no_consent.agreement")

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
    lexicons = (
        ACTIONS,
        SUBSTITUTE,
        ADDITION,
        ON_REQUEST,
        REQUESTS,
        _NEGATION,
        PROPOSALS,
        AGREEMENT,
    )

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        # What the customer asked for and refused before the message judged, gathered as the
        # messages go by, so each is read once.
        requested: set[str] = set()
        refused: set[str] = set()
        read = 0
        for index, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            actions = analysis.hits(ACTIONS)
            if not actions:
                continue
            markers = analysis.hits(SUBSTITUTE)
            additions = analysis.hits(ADDITION)
            on_request = analysis.hits(ON_REQUEST)
            history = ctx.messages[max(0, index - params.lookback_messages) : index]
            self._requests(ctx, ctx.messages[read:index], requested, refused)
            read = max(read, index)
            for action in _dedupe(actions):
                sentence = analysis.sentence_at(action.start)
                lo, hi = (sentence.start, sentence.end) if sentence else (action.start, action.end)
                marked = action.label == "instead" or any_starting_within(markers, lo, hi)
                # "As requested" stands for a request made elsewhere, but not for a substitute
                # the reply itself marks ("store credit instead of a refund, as requested").
                if not marked and any_starting_within(on_request, lo, hi):
                    continue
                # What the customer explicitly refused ("not a voucher") is never a mere extra.
                if not marked and action.label not in refused:
                    asked_for = _REQUEST_KIND.get(action.label, action.label) in requested
                    if any_starting_within(additions, lo, hi) or asked_for:
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
    def _requests(
        ctx: CheckContext, earlier: list[Message], kinds: set[str], refused: set[str]
    ) -> None:
        """Add the kinds of action the customer asked for in `earlier` to `kinds`, and those
        they refused to `refused`."""
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
                if any_starting_within(negations, lo, hit.start):
                    refused.add(hit.label)
                else:
                    kinds.add(hit.label)

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
