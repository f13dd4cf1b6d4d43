"""honesty.policy_conflict: a reply that contradicts the organisation's own policy facts.

The policy lists facts (see `facts:` in the policy): how long things take, what they cost, and
services that are not offered. A sentence is about a fact when it holds one of the fact's
triggers. Flagged:

- a duration outside the fact's range ("returns are accepted within 60 days" when the return
  window is 30 days; "refunds can take up to 14 business days" when they take 5-10);
- a price that differs from an amount fact ("express delivery is £4.99" when it is £9.99);
- offering a service the policy says is not provided ("I'll give you a call tomorrow" when
  there is no phone support), or any other claim that the customer can have it ("you can
  apply for a cash refund", "just book a callback", "lounge access is included"); a sentence
  that holds a negation or a limit ("we don't offer ...", "it comes with business fares
  only") or is a question claims nothing;
- a condition stated the other way round ("you can claim it after your flight" when it must
  be requested before travel; "anyone can change it" when only the account holder can;
  "within 60 days" when returns are accepted within 30), see `trustdesk.text.conditions`;
- agreeing to a price the customer proposed ("that's a deal", "agreed", "a legally binding
  offer") when it is not the price an amount fact states, even if the reply names no number.

The fix quotes the fact's statement. A sentence that mentions several facts is flagged only
when the claim fits none of them ("return it within 30 days of delivery" fits the return
window, whatever delivery takes). Past experience ("it has taken 3 weeks"), conditions
("if it hasn't arrived in 10 days") and questions are not claims. A promised time shorter
than the fact is promises.unrealistic's finding, not this check's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.fixes import fix_data
from trustdesk.checks.honesty.agreement import agreed_price
from trustdesk.checks.mentions import message_mentions
from trustdesk.model import Finding, Message, Principle, Severity
from trustdesk.policy.schema import AmountFact, ConditionFact, DurationFact, NotProvidedFact
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.claims import (
    Amount,
    Mention,
    amount_agrees,
    compare_duration,
    describe_fact_range,
    event_reach,
    find_amounts,
    restates,
    specific_mentions,
    within,
)
from trustdesk.text.conditions import contradiction
from trustdesk.text.ranges import starting_within
from trustdesk.text.spans import Span
from trustdesk.text.wordlists import load

if TYPE_CHECKING:
    from trustdesk.text.commitments import Commitment

# Which kinds of fact to hold replies to.
CHECK_DURATIONS = True
CHECK_AMOUNTS = True
CHECK_NOT_PROVIDED = True
CHECK_CONDITIONS = True
# Agreeing to a price the customer proposed that an amount fact contradicts.
CHECK_AGREEMENTS = True
# How far (characters) a price may be from the words naming what it is the price of.
AMOUNT_REACH = 60

# The phrases are in data/lexicons/honesty.yaml.
_WORDS = load("honesty")
# Experience, conditions and hypotheticals: a time in these is no claim about the policy.
_NOT_A_CLAIM = re.compile(_WORDS.pattern("not_a_claim"), re.IGNORECASE)
# A sum that is not the price of the thing: a refund, a credit, a discount, a total.
_NOT_A_PRICE = re.compile(_WORDS.pattern("not_a_price"), re.IGNORECASE)
# "£12 a month" is a price per period: only a fact stated per that period can contradict it.
_PER_PERIOD = re.compile(
    r"\s*(?:a|an|per|each|every|/)\s*(?P<period>month|year|week|day)\b|"
    r"\s*(?P<adverb>monthly|annually|yearly|weekly|daily)\b",
    re.IGNORECASE,
)
_ADVERB_PERIODS = {
    "monthly": "month",
    "annually": "year",
    "yearly": "year",
    "weekly": "week",
    "daily": "day",
}
_DISCOUNT_AFTER = re.compile(_WORDS.pattern("discount_after"), re.IGNORECASE)
OFFERS = _WORDS.lexicon("honesty.policy_conflict.offers")
_AVAILABLE_AFTER = re.compile(_WORDS.pattern("available_after"), re.IGNORECASE)
_NEGATION = re.compile(_WORDS.pattern("negation"), re.IGNORECASE)
_AVAILABILITY = re.compile(_WORDS.pattern("availability"), re.IGNORECASE)
_LIMITED = re.compile(_WORDS.pattern("availability_limited"), re.IGNORECASE)


class PolicyConflictParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    check_durations: bool = CHECK_DURATIONS
    check_amounts: bool = CHECK_AMOUNTS
    check_not_provided: bool = CHECK_NOT_PROVIDED
    check_conditions: bool = CHECK_CONDITIONS
    check_agreements: bool = CHECK_AGREEMENTS
    amount_reach: int = AMOUNT_REACH


class PolicyConflict(Check[PolicyConflictParams]):
    id = "honesty.policy_conflict"
    principle = Principle.HONESTY
    severity = Severity.WARN
    summary = (
        "A claim that contradicts a policy fact: a wrong timeline or price, a service we do "
        "not provide, a condition turned round, or a price agreed that is not ours."
    )

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        if not ctx.policy.facts:
            return
        params = self.params
        for index, message in ctx.judged(self.judges):
            if params.check_agreements:
                agreed = agreed_price(ctx, index, message, params.amount_reach)
                if agreed is not None:
                    yield self.finding(
                        ctx,
                        message,
                        agreed.start,
                        agreed.end,
                        explanation=f"This agrees to {agreed.proposed} for {agreed.fact.topic}, "
                        "which is not the price our policy states.",
                        suggestion="Do not agree to prices; quote ours and hand price requests "
                        f'to a person: "{agreed.fact.statement}"',
                        data={
                            "kind": "agreement",
                            "topic": agreed.fact.topic,
                            **fix_data(agreed.fact.statement),
                        },
                    )
            everywhere = message_mentions(ctx, message)
            if not everywhere:
                continue
            analysis = ctx.analysis(message)
            # The message's promises by the span of their time, made once for all sentences.
            promised: dict[tuple[int, int], Commitment] | None = None
            for sentence in analysis.sentences:
                mentions = within(everywhere, sentence.start, sentence.end)
                if not mentions:
                    continue
                if params.check_durations:
                    if promised is None:
                        promised = {
                            (c.time.start, c.time.end): c for c in analysis.commitments if c.time
                        }
                    yield from self._durations(ctx, message, analysis, sentence, mentions, promised)
                if params.check_amounts:
                    yield from self._amounts(
                        ctx, message, analysis, sentence, mentions, params.amount_reach
                    )
                if params.check_not_provided:
                    yield from self._not_provided(ctx, message, analysis, sentence, mentions)
                if params.check_conditions:
                    yield from self._conditions(ctx, message, analysis, sentence, mentions)

    def _durations(
        self,
        ctx: CheckContext,
        message: Message,
        analysis: MessageAnalysis,
        sentence: Span,
        mentions: list[Mention],
        promised: dict[tuple[int, int], Commitment],
    ) -> Iterator[Finding]:
        mentions = specific_mentions(mentions)
        durations = [m for m in mentions if isinstance(m.fact, DurationFact)]
        if not durations:
            return
        if sentence.text.rstrip().endswith("?"):
            return
        organisation = ctx.policy.organisation
        # Experience or a condition earlier in the sentence ("it was", "if") makes a time no
        # claim. The first such phrase in the sentence decides for every time after it: its
        # words end in a letter and a time starts after no letter, so none ends at a time.
        not_a_claim = _NOT_A_CLAIM.search(analysis.text, sentence.start, sentence.end)
        named = _Facts(durations)
        for time in starting_within(analysis.times, sentence.start, sentence.end):
            if time.vague:
                continue
            promise = promised.get((time.start, time.end))
            # A bare date ("on Saturday") claims no timeline unless something is promised by it.
            if time.duration is None and (promise is None or promise.kind == "follow_up"):
                continue
            if not_a_claim is not None and not_a_claim.end() <= time.start:
                continue
            facts = named.about(analysis.text, time.end)
            verdicts = [
                compare_duration(
                    time, fact, message.at, organisation.tz, organisation.business_hours
                )
                for fact in facts
            ]
            if not facts or any(verdict is None for verdict in verdicts):
                continue  # it fits one of the facts the sentence is about
            if promise is not None and all(verdict == "shorter" for verdict in verdicts):
                continue  # a promise that is too short: promises.unrealistic reports it
            fact = facts[0]
            yield self.finding(
                ctx,
                message,
                time.start,
                time.end,
                explanation=f'This says "{time.text}", but our policy gives '
                f"{describe_fact_range(fact)} for {fact.topic}.",
                suggestion=f'Use the policy\'s timeline: "{fact.statement}"',
                data={"kind": "duration", "topic": fact.topic, **fix_data(fact.statement)},
            )

    def _amounts(
        self,
        ctx: CheckContext,
        message: Message,
        analysis: MessageAnalysis,
        sentence: Span,
        mentions: list[Mention],
        reach: int,
    ) -> Iterator[Finding]:
        priced = [(m, m.fact) for m in mentions if isinstance(m.fact, AmountFact)]
        if not priced:
            return
        amounts: list[Amount] = ctx.shared(
            f"claims.amounts:{message.id}", lambda: find_amounts(analysis.text)
        )
        by_distance = _Priced(priced)
        for amount in starting_within(amounts, sentence.start, sentence.end):
            near = by_distance.near(amount, reach)
            if not near:
                continue
            if _NOT_A_PRICE.search(
                analysis.text, max(sentence.start, amount.start - 40), amount.start
            ) or _DISCOUNT_AFTER.match(analysis.text, amount.end):
                continue
            per = _PER_PERIOD.match(analysis.text, amount.end)
            if per is not None:
                period = per["period"] or _ADVERB_PERIODS[per["adverb"].lower()]
                near = [fact for fact in near if period.lower() in fact.statement.lower()]
                if not near:
                    continue
            if any(amount_agrees(amount, fact) is not False for fact in near):
                continue  # right for one of them, or in another currency
            yield self.finding(
                ctx,
                message,
                amount.start,
                amount.end,
                explanation=f"This states {amount.text} for {near[0].topic}, which is not "
                f"what our policy says.",
                suggestion=f'Quote the policy\'s price: "{near[0].statement}"',
                data={"kind": "amount", "topic": near[0].topic, **fix_data(near[0].statement)},
            )

    def _not_provided(
        self,
        ctx: CheckContext,
        message: Message,
        analysis: MessageAnalysis,
        sentence: Span,
        mentions: list[Mention],
    ) -> Iterator[Finding]:
        services = [m for m in mentions if isinstance(m.fact, NotProvidedFact)]
        if not services:
            return
        # Only the sentence is scanned for offers: most replies never get here.
        offers = [sentence.start + hit.start for hit in OFFERS.scan(sentence.text)]
        # Per offer, the first negation after it in the sentence ("we offer no ..."): it
        # negates each service named after its end (it ends in a letter, a name starts after
        # none, so it cannot end where one starts).
        negations: dict[int, re.Match[str] | None] = {}
        for mention in services:
            before = bisect.bisect_left(offers, mention.start)
            offer = offers[before - 1] if before else None
            start, end = (offer, mention.end) if offer is not None else (0, 0)
            if offer is not None:
                if offer not in negations:
                    negations[offer] = _NEGATION.search(analysis.text, offer, sentence.end)
                negation = negations[offer]
                if negation is not None and negation.end() <= mention.start:
                    offer = None
            if offer is None:
                # "our phone support is available 9 to 5"
                available = _AVAILABLE_AFTER.match(analysis.text, mention.end)
                if available is not None:
                    start, end = mention.start, available.end()
                else:
                    claim = _claimed(analysis.text, sentence)
                    if claim is None:
                        continue
                    start, end = min(claim[0], mention.start), max(claim[1], mention.end)
            if restates(sentence.text, mention.fact.statement):
                continue  # quoting the policy ("... comes with business fares only")
            yield self.finding(
                ctx,
                message,
                start,
                end,
                explanation=f"This offers {mention.fact.topic}, which the policy says we do "
                f"not provide.",
                suggestion=f'Offer what we do provide: "{mention.fact.statement}"',
                data={
                    "kind": "not_provided",
                    "topic": mention.fact.topic,
                    **fix_data(mention.fact.statement),
                },
            )
            return  # one finding per sentence is enough

    def _conditions(
        self,
        ctx: CheckContext,
        message: Message,
        analysis: MessageAnalysis,
        sentence: Span,
        mentions: list[Mention],
    ) -> Iterator[Finding]:
        seen: set[int] = set()
        if sentence.text.rstrip().endswith("?"):
            return
        organisation = ctx.policy.organisation
        for mention in mentions:
            fact = mention.fact
            if not isinstance(fact, ConditionFact) or id(fact) in seen:
                continue
            seen.add(id(fact))
            if restates(sentence.text, fact.statement):
                continue
            found = contradiction(
                fact,
                analysis.text,
                sentence.start,
                sentence.end,
                analysis.times,
                message.at,
                organisation.tz,
                organisation.business_hours,
            )
            if found is None:
                continue
            yield self.finding(
                ctx,
                message,
                found.start,
                found.end,
                explanation=f'This says "{found.text}" about {fact.topic}, the opposite of our '
                f"policy's condition.",
                suggestion=f'State the condition as the policy does: "{fact.statement}"',
                data={"kind": "condition", "topic": fact.topic, **fix_data(fact.statement)},
            )
            return  # one finding per sentence is enough


def _claimed(text: str, sentence: Span) -> tuple[int, int] | None:
    """Where a sentence claims that something can be had ("you can apply for", "is
    included"); None in a question, or when a negation or a limit ("only") is in it."""
    if sentence.text.rstrip().endswith("?"):
        return None
    if _NEGATION.search(text, sentence.start, sentence.end) or _LIMITED.search(
        text, sentence.start, sentence.end
    ):
        return None
    # The sentence alone, so that "^" is its start: "Just book a callback."
    claim = _AVAILABILITY.search(sentence.text)
    if claim is None:
        return None
    return sentence.start + claim.start(), sentence.start + claim.end()


class _Facts:
    """The duration facts a sentence names, each once, in the order first named."""

    def __init__(self, durations: list[Mention]) -> None:
        named: dict[int, tuple[DurationFact, list[int]]] = {}
        for mention in durations:
            fact = mention.fact
            assert isinstance(fact, DurationFact)
            named.setdefault(id(fact), (fact, []))[1].append(mention.start)
        self._named = list(named.values())

    def about(self, text: str, time_end: int) -> list[DurationFact]:
        """The facts the sentence is about for the time ending at `time_end`: those named
        other than as the event the time counts from ("within 30 days of delivery"), in the
        order of their first such mention."""
        reach = event_reach(text, time_end)
        if reach is None:
            return [fact for fact, _ in self._named]
        first, last = reach
        kept: list[tuple[int, DurationFact]] = []
        for fact, starts in self._named:
            start = starts[0]
            if first <= start <= last:
                after = bisect.bisect_right(starts, last)
                if after == len(starts):
                    continue  # named only as the event
                start = starts[after]
            kept.append((start, fact))
        kept.sort(key=lambda item: item[0])
        return [fact for _, fact in kept]


class _Priced:
    """The amount facts a sentence names, found by distance from an amount."""

    def __init__(self, priced: list[tuple[Mention, AmountFact]]) -> None:
        # Mentions come in order and do not overlap, so their ends are in order too.
        self._priced = priced
        self._starts = [m.start for m, _ in priced]
        self._ends = [m.end for m, _ in priced]

    def near(self, amount: Amount, reach: int) -> list[AmountFact]:
        """The facts named within `reach` characters before or after `amount`, in order."""
        low = bisect.bisect_left(self._ends, amount.start - reach)
        high = bisect.bisect_right(self._ends, amount.start)
        before = [fact for _, fact in self._priced[low:high]]
        low = bisect.bisect_left(self._starts, amount.end)
        high = bisect.bisect_right(self._starts, amount.end + reach)
        return before + [fact for _, fact in self._priced[low:high]]
