"""Agreeing to the customer's price: "I'll pay $1 for the SUV" answered by "that's a deal".

The reply need not name a number: the price is the one the customer proposed in their last
message before it. It is held against the amount facts named near that price, or named in the
reply; a proposal that states the policy's own price is no conflict, nor is a refund or a
charge the customer reports ("I was charged £40"), nor an agreement negated in its clause
("I can't agree to that price").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trustdesk.checks.base import CheckContext
from trustdesk.checks.mentions import message_mentions
from trustdesk.model import Message, Role
from trustdesk.policy.schema import AmountFact
from trustdesk.text.claims import Amount, amount_agrees, find_amounts
from trustdesk.text.wordlists import load

# How many messages back the customer's proposal, and the product it prices, may be.
LOOKBACK = 4

_WORDS = load("honesty")
_AGREEMENT = re.compile(_WORDS.pattern("agreement"), re.IGNORECASE)
_CLAUSE_NEGATION = re.compile(_WORDS.pattern("clause_negation"), re.IGNORECASE)
_NOT_A_PRICE = re.compile(_WORDS.pattern("not_a_price"), re.IGNORECASE)
# Where the clause of an agreement starts.
_CLAUSE_BREAK = re.compile(r"[.!?,;:]|\b(?:but|and)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AgreedPrice:
    start: int
    end: int
    proposed: str
    fact: AmountFact


def agreed_price(ctx: CheckContext, index: int, message: Message, reach: int) -> AgreedPrice | None:
    """The first agreement in `message` to a price the customer proposed that an amount fact
    of the policy contradicts; None when there is none."""
    if not any(isinstance(fact, AmountFact) for fact in ctx.policy.facts):
        return None
    # The customer's offer first: most replies follow none, and it is cheaper to rule out
    # than an agreement in the reply.
    proposal = _last_customer_message(ctx, index)
    if proposal is None:
        return None
    proposed_text = ctx.analysis(proposal).text
    amounts = [a for a in find_amounts(proposed_text) if _is_offer(proposed_text, a)]
    if not amounts:
        return None
    text = ctx.analysis(message).text
    agreement = next(
        (hit for hit in _AGREEMENT.finditer(text) if not _negated(text, hit.start())), None
    )
    if agreement is None:
        return None
    replied = [m.fact for m in message_mentions(ctx, message) if isinstance(m.fact, AmountFact)]
    named = [
        (m.start, m.end, m.fact)
        for m in message_mentions(ctx, proposal)
        if isinstance(m.fact, AmountFact)
    ]
    earlier = _named_earlier(ctx, index) if not replied and not named else []
    for amount in amounts:
        facts = (
            replied
            + [
                fact
                for start, end, fact in named
                if end >= amount.start - reach and start <= amount.end + reach
            ]
            or earlier
        )
        verdicts = [amount_agrees(amount, fact) for fact in facts]
        if not facts or any(verdict is not False for verdict in verdicts):
            continue  # nothing priced, or the policy's own price, or another currency
        return AgreedPrice(agreement.start(), agreement.end(), amount.text, facts[0])
    return None


def _negated(text: str, at: int) -> bool:
    clause = 0
    for brk in _CLAUSE_BREAK.finditer(text, max(0, at - 80), at):
        clause = brk.end()
    return _CLAUSE_NEGATION.search(text, max(clause, at - 80), at) is not None


def _is_offer(text: str, amount: Amount) -> bool:
    """A sum the customer proposes, not one they report as refunded or charged."""
    return _NOT_A_PRICE.search(text, max(0, amount.start - 40), amount.start) is None


def _named_earlier(ctx: CheckContext, index: int) -> list[AmountFact]:
    """The amount facts named in the nearest earlier message that names one, within
    LOOKBACK messages: "how much is the yearly plan?" ... "I'll pay $60" ... "deal!"."""
    for earlier in reversed(ctx.messages[max(0, index - LOOKBACK) : index]):
        facts = [m.fact for m in message_mentions(ctx, earlier) if isinstance(m.fact, AmountFact)]
        if facts:
            return facts
    return []


def _last_customer_message(ctx: CheckContext, index: int) -> Message | None:
    for earlier in reversed(ctx.messages[max(0, index - LOOKBACK) : index]):
        if earlier.role is Role.CUSTOMER:
            return earlier
    return None
