"""Where a conversation stands, message by message: an open problem, a "no" to an offer.

Read once per run (checks share it through `ctx.shared`), walking the messages in order:

- a customer message that reports a fault, a billing error or a complaint opens a problem;
  the customer confirming it is fixed ("that worked, thanks") or an org message saying it was
  done ("I've refunded the charge", "it has been fixed") closes it; "still not working" opens
  it again;
- a customer "no thanks" / "not interested" / "I don't want to upgrade" after an offer is a
  standing refusal, until the customer asks about offers again;
- a customer asking about plans, upgrades or deals ("how much is Premium?") makes later talk
  of them an answer rather than a push.

Cues are matched per sentence, in order, so "That fixed it! But now the app crashes" ends with
an open problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trustdesk.model import Role
from trustdesk.text.lexicon import Hit, Lexicon
from trustdesk.text.promotion import promotional_hits

if TYPE_CHECKING:
    from trustdesk.model import Message
    from trustdesk.text.analysis import MessageAnalysis

_FAULT_VERBS = (
    r"(?:work|load|open|start|charg|connect|sync|respond|arriv|show|print|send|log|sign|access|"
    r"receiv|download|install|updat|pay|turn|fix|solv|sort|resolv|help|let|come|go through|"
    r"deliver|process|apply|appear)"
)
_SALES_OBJECT = (
    r"(?:upgrad\w*|premium|pro\b|plus\b|plans?|offers?|deals?|discounts?|subscriptions?|"
    r"memberships?|add-?ons?|packages?|bundles?|newsletters?|promotions?|extras?|insurance|"
    r"warranty|protection)"
)

CUSTOMER_CUES = Lexicon(
    "resolution.customer",
    {
        "problem": [
            r"\b(?:not|never|stopped|unable to|keeps?(?: on)?|failed to)(?: \w+)?(?: to)? "
            + _FAULT_VERBS
            + r"\w*",
            r"n't(?: \w+)?(?: to)? " + _FAULT_VERBS + r"\w*",
            r"\b(?:broken|broke|damaged|faulty|defective|cracked|smashed|leaking|missing|lost|"
            r"stolen|wrong|incorrect|late|delayed|overdue|stuck|frozen|errors?|bugs?|glitch\w*|"
            r"crash\w*|fail\w*|outage|declined|rejected|locked out|hacked)\b",
            r"\b(?:is|are|been|went|goes|keeps going) (?:down|offline)\b",
            r"\b(?:charged (?:me )?(?:twice|double|again|two times)|double[- ]charged|"
            r"overcharged|extra charges?|unauthori[sz]ed|fraud\w*|refund\w*|money back|"
            r"chargeback|cancel\w*)\b",
            r"\b(?<!no )(?<!not a )(?:problems?|issues?)\b",
            r"\b(?:complain\w*|unacceptable|ridiculous|disappointed|disappointing|frustrat\w*|"
            r"annoyed|angry|furious|terrible|awful|useless|still waiting|where is my|where's my|"
            r"(?:has|have)n'?t (?:arrived|received|got|heard|come)|nobody has|no one has)\b",
            r"\b(?:still|again) (?:not|no|nothing|broken|having|getting|the same|waiting|"
            r"charg\w*|(?:is|are|does|do|can|won)n'?t)\b",
        ],
        "resolved": [
            r"\b(?:that|this|it|which|you'?ve|you have|you) (?:has |have |just |really )?"
            r"(?:fixed|solved|sorted|resolved|worked|did it|did the trick|done it)\b",
            r"\b(?:works?|working) (?:now|again|fine|perfectly|great)\b",
            r"\b(?:all|problem|issue|everything) (?:is )?(?:sorted|solved|fixed|resolved|"
            r"good now)\b",
            r"\b(?:it'?s|it is|that'?s|that is|everything'?s) (?:all )?(?:sorted|fixed|resolved|"
            r"working)\b",
            r"\b(?:it|the (?:parcel|package|order|refund|item|money|card|replacement)) (?:has )?"
            r"(?:arrived|come through|came through|showed up|turned up|landed)\b",
            r"\bthat'?s all i (?:needed|wanted)\b",
            r"\bnow i can\b",
            r"\bi can (?:\w+ ){1,4}now\b",
            r"\b(?:received|got) (?:it|the (?:refund|parcel|package|item|money|replacement|email|"
            r"code|link))\b",
        ],
        "decline": [
            r"\bnot interested\b",
            r"\b(?:i'?ll|i will) pass\b",
            r"\bno,? thank(?:s| you)\b",
            r"\bi(?:'m| am) (?:happy|fine|good|ok|okay|content|sticking) with (?:my|the|what i)\b",
            r"\b(?:i )?(?:don'?t|do not|won'?t|will not) (?:want|need|be) (?:to )?"
            r"(?:(?:an?|the|any|your|that|this) )?(?:" + _SALES_OBJECT + r"|buy\w*|switch\w*|"
            r"spend\w*|pay\w* (?:more|extra)|sign\w* up|subscrib\w*)",
            r"\bstop (?:trying to (?:sell|upsell)|selling|pushing|offering|upselling|"
            r"sending)\b",
            r"\bnot (?:right )?now\b",
            r"\bmaybe (?:later|another time)\b",
            r"\b(?:i )?just want (?:my|a|the|it|this)\b",
        ],
        "decline_reply": [r"^\W*(?:no|nope|nah)\b"],
        "interest": [
            r"\b(?:how (?:do|can|would) i|can i|could i|i(?:'d| would) like to|i want to|"
            r"i(?:'m| am) (?:thinking (?:of|about)|considering|interested in)|thinking (?:of|"
            r"about)) (?:upgrad|switch\w* (?:to|plans?)|buy|get (?:the|a|an) |purchas|add|try|"
            r"subscrib|sign up)\w*",
            r"\b(?:what|which) (?:other )?(?:plans?|options|upgrades|packages|tiers|"
            r"subscriptions|bundles)\b",
            r"\b(?:any|do you have (?:any )?|are there (?:any )?)(?:deals?|discounts?|offers?|"
            r"promotions?|coupons?|sales?|cheaper (?:plans?|options?))\b",
            r"\btell me (?:more )?about (?:the |your )?" + _SALES_OBJECT,
            r"\bhow much (?:is|does|would|are|do)\b",
            r"\b(?:price|pricing|cost) (?:of|for) (?:the |your )?" + _SALES_OBJECT,
            r"\b(?:what|which) (?:would|do) you recommend\b",
            r"\b(?:would|will|does|do|could|can|should|is it worth) (?:upgrading|switching|"
            r"moving|changing) (?:to|plans?|my plan)\b",
            r"\b(?:would|will|does|could) (?:the |a |an )?(?:premium|pro|plus|upgrade|higher "
            r"plan|bigger plan) (?:fix|help|solve|sort|work)",
        ],
    },
    lowercase=True,
)

ORG_CUES = Lexicon(
    "resolution.org",
    {
        "resolved": [
            r"\b(?:i'?ve|i have|we'?ve|we have|i|we) (?:just |now |already |successfully )?"
            r"(?:fixed|resolved|sorted(?: out)?|corrected|repaired|reset|restored|reactivated|"
            r"re-?enabled|unlocked|unblocked|reopened|refunded|reversed|removed|waived|credited|"
            r"replaced|re-?sent|processed|issued|released|cleared|approved)\b",
            r"\b(?:has|have|was|were|is|are) (?:now |just |already |successfully )?(?:been )?"
            r"(?:fixed|resolved|sorted|corrected|repaired|reset|restored|reactivated|unlocked|refunded|"
            r"reversed|removed|waived|credited|replaced|processed|issued|approved|cleared)\b",
            r"\bshould (?:now )?be (?:working|fixed|resolved|back)\b",
            r"\b(?:is|are|it'?s) (?:now )?(?:working|back up|back online|fixed|resolved|sorted)"
            r" (?:again|now)\b",
            r"\b(?:is|are|it'?s) now (?:working|fixed|resolved|sorted|back)\b",
        ],
    },
    lowercase=True,
)


# The key under which checks share one ConversationState per run (`ctx.shared`).
SHARED_KEY = "resolution.state"


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase in one message that set the state: which message, where, and what it said."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ConversationState:
    """What stood just before each message (tuples indexed like the conversation)."""

    open_problem: tuple[Cue | None, ...]
    declined: tuple[Cue | None, ...]
    asked: tuple[Cue | None, ...]
    # For org messages: the offset of the first "it's done" statement in the message itself.
    resolved_at: tuple[int | None, ...]

    def problem_open(self, index: int, offset: int) -> Cue | None:
        """The customer's problem still open at `offset` of message `index`, if any."""
        within = self.resolved_at[index]
        if within is not None and within < offset:
            return None
        return self.open_problem[index]


def conversation_state(
    messages: Sequence[Message], analyse: Callable[[Message], MessageAnalysis]
) -> ConversationState:
    """Walk the messages once. Org messages are only scanned when it matters (for "it's done"
    while a problem is open, for offers when a customer says no), so a fresh history stays
    cheap to read."""
    problem: Cue | None = None
    declined: Cue | None = None
    asked: Cue | None = None
    org_seen: list[int] = []
    offered: dict[int, bool] = {}

    def made_offer(position: int) -> bool:
        if position not in offered:
            offered[position] = bool(promotional_hits(analyse(messages[position])))
        return offered[position]

    open_before: list[Cue | None] = []
    declined_before: list[Cue | None] = []
    asked_before: list[Cue | None] = []
    resolved_at: list[int | None] = []
    for index, message in enumerate(messages):
        open_before.append(problem)
        declined_before.append(declined)
        asked_before.append(asked)
        resolved_at.append(None)
        if message.role.is_org:
            if problem is not None:
                done = analyse(message).hits(ORG_CUES)
                if done:
                    problem = None
                    resolved_at[index] = done[0].start
            org_seen.append(index)
        elif message.role is Role.CUSTOMER:
            analysis = analyse(message)
            hits = analysis.hits(CUSTOMER_CUES)
            if not hits:
                continue
            problem = _problem_after(index, analysis, hits, problem)
            for hit in hits:
                cue = Cue(index, hit.start, hit.end, hit.text)
                if hit.label == "interest":
                    asked, declined = cue, None
                elif _refuses(hit, org_seen, made_offer) and not (
                    # Keep the fuller phrase when two cues start together ("No thanks", "No").
                    declined and declined.index == index and declined.start == cue.start
                ):
                    declined, asked = cue, None
    return ConversationState(
        tuple(open_before), tuple(declined_before), tuple(asked_before), tuple(resolved_at)
    )


def _refuses(hit: Hit, org_seen: list[int], made_offer: Callable[[int], bool]) -> bool:
    """Whether a refusal cue refuses an offer: it names one, or one was made before it (for a
    bare "No", in the org message just before)."""
    if hit.label == "decline":
        return _names_offer(hit) or any(made_offer(i) for i in org_seen)
    return hit.label == "decline_reply" and bool(org_seen) and made_offer(org_seen[-1])


def _problem_after(
    index: int, analysis: MessageAnalysis, hits: list[Hit], problem: Cue | None
) -> Cue | None:
    """The open problem after this customer message, sentence by sentence."""
    for sentence in analysis.sentences:
        inside = [h for h in hits if sentence.start <= h.start < sentence.end]
        faults = [h for h in inside if h.label == "problem"]
        if faults:
            # Keep pointing at the sentence that first raised a problem still open.
            if problem is None:
                problem = Cue(index, sentence.start, sentence.end, sentence.text)
        elif any(h.label == "resolved" for h in inside):
            problem = None
    return problem


_OFFER_WORDS = re.compile(r"\b" + _SALES_OBJECT, re.IGNORECASE)


def _names_offer(hit: Hit) -> bool:
    return _OFFER_WORDS.search(hit.text) is not None
