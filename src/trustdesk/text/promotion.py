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

from trustdesk.text.lexicon import Hit, Lexicon

if TYPE_CHECKING:
    from trustdesk.text.analysis import MessageAnalysis

# Something sold: a named tier or a "<word> plan/add-on".
_PRODUCT = (
    r"(?:(?:premium|pro|plus|gold|platinum|vip|unlimited|business|family|deluxe|ultimate|"
    r"elite|annual|yearly)\b(?: \w+)?|\w+ (?:plan|tier|membership|package|bundle|add-?on|"
    r"subscription|upgrade|edition|version|protection|warranty|insurance)s?\b)"
)
# "our" and the product it introduces: "our Premium plan", "our new range".
_OUR = (
    r"our(?: (?:new |latest )?\w+(?: \w+)?(?: (?:plan|tier|membership|package|bundle|subscription|"
    r"add-?on|range|collection|service|version))?)?"
)
_TIER = r"(?:premium|pro|plus|gold|platinum|vip|unlimited|business|family|deluxe|ultimate)\b"

PROMOTION = Lexicon(
    "promotion",
    {
        "upsell": [
            # "upgrade to Pro", "upgrading your plan to", "upgrade now"
            r"\bupgrad(?:e|ing)(?: (?:you|your (?:account|plan|subscription|membership|"
            r"package|service|phone|device)))? (?:to|onto)\b(?: (?:our|the|a|an))?(?: \w+)?",
            r"\bupgrade (?:now|today)\b",
            r"\b(?:consider|considered|recommend|suggest|try|about) upgrading\b",
            r"\bhave you (?:considered|thought about|tried|looked at|seen) (?:upgrading|"
            r"switching to|moving to|adding|getting|buying|"
            + _OUR
            + "|the (?:new )?"
            + _PRODUCT
            + "|"
            + _TIER
            + ")",
            r"\b(?:why not |you (?:might|may|could|would) (?:also )?(?:want to )?|you'?d )"
            r"(?:try|like|love|enjoy|benefit from|be interested in|consider|check out) (?:"
            + _OUR
            + "|the "
            r"(?:new )?" + _PRODUCT + r"|upgrading|adding)",
            r"\b(?:i|we)(?:'d| would| can| could| highly| really| also)? (?:recommend|suggest) "
            r"(?:" + _OUR + "|the (?:new )?" + _PRODUCT + ")",
            r"\b(?:check out|take a look at|have a look at|explore|discover) " + _OUR,
            r"\b(?:would|do) you (?:like|want|care) to (?:try|get|add|buy|switch to|move to|"
            r"join) (?:" + _OUR + "|(?:(?:the|an?) )?(?:new )?" + _PRODUCT + ")",
            r"\b(?:would|do) you (?:like|want) to upgrade\b",
            r"\b(?:our )?" + _TIER + r" (?:members|customers|subscribers|users) (?:get|enjoy|"
            r"receive|save|pay)\b",
            r"\b(?:hear|know|learn) (?:more )?about (?:our |the )?(?:"
            + _TIER
            + "|"
            + _PRODUCT
            + ")",
            r"\bmembers (?:get|save|enjoy|receive)\b",
            r"\b(?:start|get|claim|try) (?:a |your |our )?(?:\d+[- ]day )?free trial\b",
            r"\bfree for (?:\d+|a|one|two|three) (?:days?|weeks?|months?)\b",
            r"\b(?:switch|move|upgrade)(?:ing)? (?:over )?to (?:our|the|a|an) (?:\w+ )?"
            r"(?:plan|tier|membership|package|bundle|subscription)\b",
            r"\b(?:add|adding|get|getting|buy|buying|purchase|purchasing) (?:our|the|an?) "
            + _PRODUCT,
            r"\b(?:with|on|try|get) (?:our |the )?"
            + _TIER
            + r"(?: (?:plan|tier|membership|subscription|version|account))? (?:you(?:'d| would| "
            r"will|'ll)? get|you can|gives|includes|comes with|offers|unlocks|is only|costs only"
            r"|for only|for just|at just)",
            r"\b(?:we|i) (?:also )?(?:offer|sell|have) (?:an?|our) (?:\w+ )?(?:plan|tier|"
            r"membership|package|bundle|add-?on|upgrade|subscription|protection|warranty)\b",
            r"\badd-?ons?\b",
        ],
        "discount": [
            r"\b\d{1,2} ?(?:%|percent) off\b",
            r"[£$€]\s?\d+(?:\.\d\d)? off (?:your|our|the|a|any|all|every|orders?)\b",
            r"\b\d+ (?:pounds|dollars|euros) off (?:your|our|the|a|any|all|every|orders?)\b",
            r"\b(?:promo(?:tion(?:al)?)?|discount|coupon|voucher|offer) codes?\b",
            r"\b(?:special|exclusive|limited[- ]time|introductory|seasonal|holiday|flash) "
            r"(?:offers?|deals?|discounts?|prices?|pricing|sale)\b"
            # "the introductory discount ended on 3 May" explains a bill; it offers nothing.
            r"(?! (?:has |had )?(?:ended|expired|finished|was|were|is over|no longer))",
            r"\bbuy (?:one|1|two|2),? get\b",
            r"\bhalf[- ]price\b",
            r"\b(?:on sale|sale (?:ends|starts|is on|now on)|(?:our|the|a) (?:big |summer |winter "
            r"|spring |annual )?sale\b)",
            r"\b(?:for|at) (?:only|just) (?:[£$€]\s?\d|\d+(?:\.\d\d)? (?:pounds|dollars|euros))",
            r"\bsave (?:up to )?(?:\d{1,2} ?%|[£$€]\s?\d)",
        ],
        "marketing": [
            r"\bnewsletters?\b",
            r"\bmailing list\b",
            r"\b(?:sign up|subscribe|opt in)(?: to| for) (?:our|the) (?:\w+ )?(?:emails?|offers|"
            r"deals|updates|newsletter|list|programme|program|club|rewards)\b",
            r"\b(?:loyalty|rewards|referral) (?:programme|program|scheme|club)\b",
            r"\b(?:new|latest) (?:collection|arrivals|range|models?|products?|lines?)\b",
            r"\byou (?:might|may) (?:also )?(?:like|love|enjoy)\b",
            r"\b(?:customers|people) who bought\b",
        ],
    },
    lowercase=True,
)

# A discount or voucher handed out to make up for a problem is a remedy, not a sales offer.
_REMEDY = Lexicon(
    "promotion.remedy",
    {
        "remedy": [
            r"\bsorry\b",
            r"\bapolog",
            r"\binconvenience\b",
            r"\bgoodwill\b",
            r"\bmake up for\b",
            r"\bcompensat",
            r"\bfor the (?:trouble|delay|hassle|mix-?up)\b",
            r"\bon us\b",
            # Money off something the customer already bought is a price reduction, a remedy.
            r"\b(?:take|knock|deduct|reduce)(?:s|ing)? (?:[£$€]\s?\d+(?:\.\d\d)?|\d{1,2} ?%) off",
            r"\bpartial refund\b",
        ],
    },
    lowercase=True,
)


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
            if sentence is not None and any(
                sentence.start <= r.start < sentence.end for r in remedies
            ):
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
