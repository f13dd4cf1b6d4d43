"""Promotional content in an org-side message: sales offers, upgrades, discounts, newsletters.

Shared by the checks that care whether a reply sells something (upselling an unresolved
problem, marketing to a customer who opted out, pushing again after a "no"). A plan name on
its own ("you were charged for the Premium plan") is not an offer: each entry needs an
offering frame ("upgrade to", "have you considered", "20% off your next order").

A discount or voucher given as an apology or as compensation ("as a goodwill gesture, here is
10% off") is a remedy, not marketing, so it is not reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustdesk.text.lexicon import Hit
from trustdesk.text.ranges import any_starting_within
from trustdesk.text.wordlists import load

if TYPE_CHECKING:
    from trustdesk.text.analysis import MessageAnalysis


# The phrases are in data/lexicons/promotion.yaml.
_WORDS = load("promotion")
PROMOTION = _WORDS.lexicon("promotion")

# A discount or voucher handed out to make up for a problem is a remedy, not a sales offer.
_REMEDY = _WORDS.lexicon("promotion.remedy")
# What `promotional_hits` scans (checks that call it declare these).
LEXICONS = (PROMOTION, _REMEDY)


def promotional_hits(analysis: MessageAnalysis) -> list[Hit]:
    """The promotional phrases in a message, minus discounts given as a remedy."""
    hits = analysis.hits(PROMOTION)
    if not hits:
        return hits
    remedies = analysis.hits(_REMEDY)
    if not remedies:
        return hits
    kept: list[Hit] = []
    for hit in hits:
        if hit.label == "discount":
            sentence = analysis.sentence_at(hit.start)
            if sentence is not None and any_starting_within(remedies, sentence.start, sentence.end):
                continue
        kept.append(hit)
    return kept


def first_per_sentence(analysis: MessageAnalysis, hits: list[Hit]) -> list[Hit]:
    """The first hit in each sentence: one piece of evidence per sentence is enough."""
    seen: set[int] = set()
    kept: list[Hit] = []
    for hit in hits:
        sentence = analysis.sentence_at(hit.start)
        key = sentence.start if sentence is not None else hit.start
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept
