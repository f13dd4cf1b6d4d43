"""honesty.authority: a commitment beyond what an agent or a bot may give.

A support bot that is talked into "this is a legally binding offer, no takesies backsies",
agrees to the price a customer names, hands out a $900 "goodwill" refund or tells a customer
"you won't be liable" or "it's safe to take with wine" has promised what only a contract, a
person with the power to approve it, a lawyer or a doctor can. The organisation may be held to
it, or the customer may act on it. Four kinds are flagged:

- `binding`: binding offers and contracts ("legally binding", "a binding quote", "no
  take-backs", "consider this chat a contract"), and agreeing to a price the customer proposed
  ("I'll pay $40 for the lamp" answered by "deal"). An agreed price that an amount fact of the
  policy contradicts is honesty.policy_conflict's finding and is not repeated here;
- `compensation`: a sum granted as goodwill (voucher, credit, "on us") above the policy's
  `compensation.goodwill_max`, as remediation (refund, reimbursement, compensation) above
  `remediation_max`, or above `approval_above` without a word of the approval it needs. Only
  sums in the policy's currency are judged; a refund of "the $60" the customer was charged, a
  policy's own price, and sums in a hypothetical or a range ("if approved", "up to") are no
  grant;
- `assurance`: legal assurances ("you won't be liable", "you'll win the case", "it's completely
  legal") and medical ones ("safe to take with", "safe during pregnancy", "no side effects").

Any of these in a clause after a negation ("I can't make binding offers", "nothing here is a
contract") is a refusal, not a commitment. The fix: offer within the limits, or hand over to a
person who may approve it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.honesty.agreement import agreed_price
from trustdesk.checks.mentions import message_mentions
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.policy.schema import AmountFact, Compensation
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.claims import Amount, find_amounts
from trustdesk.text.gated import GatedPattern
from trustdesk.text.wordlists import load

Kind = Literal["binding", "compensation", "assurance"]

_WORDS = load("honesty")


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(_WORDS.pattern(name), re.IGNORECASE)


# Phrases looked for in every reply, which almost never holds one: gated by RE2.
_BINDING = GatedPattern(_WORDS.pattern("authority_binding"), re.IGNORECASE)
_LEGAL = GatedPattern(_WORDS.pattern("authority_legal"), re.IGNORECASE)
_MEDICAL = GatedPattern(_WORDS.pattern("authority_medical"), re.IGNORECASE)
_AGREEMENT = _pattern("agreement")
_PROPOSAL = _pattern("authority_price_proposal")
_PRICE_NAMED = _pattern("authority_price_named")
_NOT_A_PRICE = _pattern("not_a_price")
_GOODWILL = _pattern("authority_goodwill")
_REMEDIATION = _pattern("authority_remediation")
_GRANT = _pattern("authority_grant")
_APPROVAL = _pattern("authority_approval")
_NOT_GRANTED = _pattern("authority_not_granted")
_NEGATION = _pattern("clause_negation")
# A word anywhere in the reply that refuses or hesitates: "sorry", "afraid", "unfortunately".
_REFUSAL = re.compile(
    r"\b(?:sorry|afraid|unfortunately|no|not|can['’]t|cannot|won['’]t|unable)\b", re.IGNORECASE
)
_SUM = re.compile(r".+", re.DOTALL)
# A sum the customer names as the one they will not pay: "for $5, not $15", "instead of £40".
_NOT_OFFERED = re.compile(
    r"\b(?:not|instead\s+of|rather\s+than|than|usual|normal|full)\s+(?:the\s+)?$", re.IGNORECASE
)
# The customer's own money, not a price they offer: "my $45 back".
_OWN_MONEY = re.compile(r"\bmy\s+[£$€]|[£$€][\d,.]+\s+back\b", re.IGNORECASE)
_SUPPOSED = re.compile(r"\b(?:if|whether|unless|suppose|supposing)\b", re.IGNORECASE)
# Where a clause starts, for the negation before a phrase.
_CLAUSE_BREAK = re.compile(r"[.!?,;:]|\b(?:but|and|so)\b", re.IGNORECASE)
# How far back the customer's proposal of a price may be.
LOOKBACK = 4
# Characters either side of a sum read for what it is given as ("a $200 travel voucher").
_SUM_REACH = 40

HAND_OVER = "Offer within the limits or hand over to a person who may approve it."
SUGGESTIONS: dict[str, str] = {
    "binding": "Make no binding offer or price in chat: quote the published price and "
    "terms, or hand over to a person who may agree them.",
    "legal": "Give no legal assurance: point the customer to the terms, or suggest they ask a "
    "solicitor or an advice service.",
    "medical": "Give no medical assurance: ask the customer to check with their doctor or "
    "pharmacist.",
}


@dataclass(frozen=True, slots=True)
class _Commitment:
    kind: Kind
    start: int
    end: int
    explanation: str
    suggestion: str
    strength: float = 1.0


class Authority(Check):
    id = "honesty.authority"
    principle = Principle.HONESTY
    severity = Severity.WARN
    summary = (
        "A commitment beyond what an agent or a bot may give: a binding offer or an agreed "
        "price, compensation over the policy's limits, a legal or medical assurance."
    )

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for index, message in ctx.judged(self.judges):
            for found in self._commitments(ctx, index, message):
                yield self.finding(
                    ctx,
                    message,
                    found.start,
                    found.end,
                    explanation=found.explanation,
                    suggestion=found.suggestion,
                    data={"kind": found.kind},
                    strength=found.strength,
                )

    def _commitments(
        self, ctx: CheckContext, index: int, message: Message
    ) -> Iterator[_Commitment]:
        analysis = ctx.analysis(message)
        text = analysis.text
        for hit in _BINDING.finditer(text):
            if not _aside(analysis, hit.start()):
                yield _Commitment(
                    "binding",
                    hit.start(),
                    hit.end(),
                    f'"{hit.group()}" commits the organisation to a contract that only a person '
                    "with the power to sign may make.",
                    SUGGESTIONS["binding"],
                )
                break
        else:
            price = _agreed_to_customer_price(ctx, index, message)
            if price is not None:
                yield price
        granted = _compensation_over_limit(ctx, message)
        if granted is not None:
            yield granted
        for pattern, field in ((_LEGAL, "legal"), (_MEDICAL, "medical")):
            for hit in pattern.finditer(text):
                if _aside(analysis, hit.start()):
                    continue
                yield _Commitment(
                    "assurance",
                    hit.start(),
                    hit.end(),
                    f'"{hit.group()}" is a {field} assurance that only a '
                    f"{'lawyer' if field == 'legal' else 'doctor or pharmacist'} may give.",
                    SUGGESTIONS[field],
                )
                break


def _aside(analysis: MessageAnalysis, at: int) -> bool:
    """Whether the phrase at `at` commits to nothing: it is refused, supposed or asked about
    ("I can't make binding offers", "if it's legal", "is this a binding contract?")."""
    text = analysis.text
    sentence = analysis.sentence_at(at)
    if sentence is not None and sentence.text.rstrip().endswith("?"):
        return True
    clause = max(0, at - 80)
    for brk in _CLAUSE_BREAK.finditer(text, clause, at):
        clause = brk.end()
    return _SUPPOSED.search(text, clause, at) is not None or _negated(text, at)


def _negated(text: str, at: int) -> bool:
    """Whether a negation stands in the clause before `at` ("I can't make binding offers")."""
    clause = max(0, at - 80)
    for brk in _CLAUSE_BREAK.finditer(text, clause, at):
        clause = brk.end()
    return _NEGATION.search(text, clause, at) is not None


def _agreed_to_customer_price(
    ctx: CheckContext, index: int, message: Message
) -> _Commitment | None:
    """An agreement in `message` to a price the customer proposed just before."""
    # The customer's offer first: most replies follow none, and it is cheaper to rule out
    # than an agreement in the reply.
    proposal = _last_customer_message(ctx, index)
    if proposal is None:
        return None
    proposed_text = ctx.analysis(proposal).text
    prices = {fact.amount for fact in ctx.policy.facts if isinstance(fact, AmountFact)}
    offers = [
        amount
        for amount in find_amounts(proposed_text)
        if _NOT_A_PRICE.search(proposed_text, max(0, amount.start - 40), amount.start) is None
        and _OWN_MONEY.search(proposed_text, max(0, amount.start - 4), amount.end + 12) is None
        and _NOT_OFFERED.search(proposed_text, max(0, amount.start - 24), amount.start) is None
        and amount.value not in prices
    ]
    if not offers or _PROPOSAL.search(proposed_text) is None:
        return None
    text = ctx.analysis(message).text
    agreement = next((h for h in _AGREEMENT.finditer(text) if not _negated(text, h.start())), None)
    named = next((h for h in _PRICE_NAMED.finditer(text) if not _negated(text, h.start())), None)
    amounts = find_amounts(text)
    if agreement is None and named is None and not amounts:
        return None
    strength = 0.8
    if agreement is None and named is not None:
        # Only a price named: it agrees when it is the customer's ("$200 it is").
        said = {a.value for a in amounts if a.start < named.end() and a.end > named.start()}
        if said & {offer.value for offer in offers}:
            agreement = named
    if agreement is None:
        # The customer's price said back as the only price, in a statement: "£15 for the
        # cushions." A counter-price, a refusal or a question agrees to nothing.
        repeated = _repeated_offer(ctx.analysis(message), amounts, offers)
        if repeated is None:
            return None
        agreement, strength = repeated, 0.6
    if agreed_price(ctx, index, message, 60) is not None or any(
        isinstance(mention.fact, AmountFact) for mention in message_mentions(ctx, message)
    ):
        return None  # a price the policy sets: honesty.policy_conflict judges it
    return _Commitment(
        "binding",
        agreement.start(),
        agreement.end(),
        f"This agrees to the price the customer proposed ({offers[0].text}); prices are not "
        "negotiated in chat.",
        SUGGESTIONS["binding"],
        strength=strength,
    )


def _repeated_offer(
    analysis: MessageAnalysis, amounts: list[Amount], offers: list[Amount]
) -> re.Match[str] | None:
    """The customer's offered sum said back as the reply's only sum, in a sentence that
    neither refuses nor asks, as a match on the sum; None otherwise."""
    offered = {offer.value for offer in offers}
    if not amounts or any(amount.value not in offered for amount in amounts):
        return None
    amount = amounts[0]
    if (
        _aside(analysis, amount.start)
        or _REFUSAL.search(analysis.text) is not None
        or _REMEDIATION.search(analysis.text) is not None  # "I've refunded the $45"
    ):
        return None
    return _SUM.search(analysis.text, amount.start, amount.end)


def _last_customer_message(ctx: CheckContext, index: int) -> Message | None:
    for earlier in reversed(ctx.messages[max(0, index - LOOKBACK) : index]):
        if earlier.role is Role.CUSTOMER:
            return earlier
    return None


def _compensation_over_limit(ctx: CheckContext, message: Message) -> _Commitment | None:
    """The first sum `message` grants beyond the policy's compensation limits."""
    limits = ctx.policy.compensation
    analysis = ctx.analysis(message)
    text = analysis.text
    amounts = [a for a in find_amounts(text) if a.currency == limits.currency.upper()]
    if not amounts:
        return None
    prices = {fact.amount for fact in ctx.policy.facts if isinstance(fact, AmountFact)}
    approval = _APPROVAL.search(text) is not None
    for amount in amounts:
        if text[max(0, amount.start - 4) : amount.start].lower().endswith("the "):
            continue  # a sum already known: "refund the $60"
        sentence = analysis.sentence_at(amount.start)
        start, end = (sentence.start, sentence.end) if sentence else (0, len(text))
        clause = text[start:end]
        if clause.rstrip().endswith("?") or _NOT_GRANTED.search(clause) is not None:
            continue
        if _GRANT.search(clause) is None or _negated(text, amount.start):
            continue
        near = text[max(start, amount.start - _SUM_REACH) : min(end, amount.end + _SUM_REACH)]
        over = _over_limit(amount, near, limits, approval, amount.value in prices)
        if over is not None:
            return _Commitment("compensation", start, end, over, HAND_OVER, strength=1.0)
    return None


def _over_limit(
    amount: Amount, near: str, limits: Compensation, approval: bool, a_price: bool
) -> str | None:
    """Why `amount`, given as what `near` says, is beyond the limits; None when it is not.
    A refund of one of the policy's prices (`a_price`) gives back what was paid."""
    currency = limits.currency.upper()
    remediation = _REMEDIATION.search(near) is not None
    if _GOODWILL.search(near) and not remediation:
        limit, given = limits.goodwill_max, "goodwill"
    elif a_price:
        return None
    elif remediation:  # also credit given in place of a refund
        limit, given = limits.remediation_max, "remediation"
    else:
        return None
    if amount.value > limit:
        return (
            f"{amount.text} as {given} is over the policy's limit of {limit:g} {currency}; "
            "nobody may grant it in a reply."
        )
    if amount.value > limits.approval_above and not approval:
        return (
            f"{amount.text} is over {limits.approval_above:g} {currency}, which a team lead "
            "must approve before it is promised."
        )
    return None
