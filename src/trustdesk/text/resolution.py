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
from trustdesk.text import promotion
from trustdesk.text.lexicon import Hit
from trustdesk.text.promotion import promotional_hits
from trustdesk.text.ranges import starting_within
from trustdesk.text.wordlists import load

if TYPE_CHECKING:
    from trustdesk.model import Message
    from trustdesk.text.analysis import MessageAnalysis


# The phrases are in data/lexicons/resolution.yaml.
_WORDS = load("resolution")
CUSTOMER_CUES = _WORDS.lexicon("resolution.customer")

ORG_CUES = _WORDS.lexicon("resolution.org")
# What `conversation_state` scans (checks that call it declare these).
LEXICONS = (CUSTOMER_CUES, ORG_CUES, *promotion.LEXICONS)


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
    # The problem still open after the last message (how the conversation ended).
    open_after: Cue | None

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
    # Org messages before the cursor were looked at for offers (and hold none, unless one did).
    cursor, any_offer = 0, False

    def made_offer(position: int) -> bool:
        if position not in offered:
            offered[position] = bool(promotional_hits(analyse(messages[position])))
        return offered[position]

    def offer_so_far() -> bool:
        # Each org message is looked at once however many refusals follow it.
        nonlocal cursor, any_offer
        while not any_offer and cursor < len(org_seen):
            any_offer = made_offer(org_seen[cursor])
            cursor += 1
        return any_offer

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
                elif _refuses(hit, org_seen, made_offer, offer_so_far) and not (
                    # Keep the fuller phrase when two cues start together ("No thanks", "No").
                    declined and declined.index == index and declined.start == cue.start
                ):
                    declined, asked = cue, None
    return ConversationState(
        tuple(open_before),
        tuple(declined_before),
        tuple(asked_before),
        tuple(resolved_at),
        open_after=problem,
    )


def _refuses(
    hit: Hit,
    org_seen: list[int],
    made_offer: Callable[[int], bool],
    offer_so_far: Callable[[], bool],
) -> bool:
    """Whether a refusal cue refuses an offer: it names one, or one was made before it (for a
    bare "No", in the org message just before)."""
    if hit.label == "decline":
        return _names_offer(hit) or offer_so_far()
    return hit.label == "decline_reply" and bool(org_seen) and made_offer(org_seen[-1])


def _problem_after(
    index: int, analysis: MessageAnalysis, hits: list[Hit], problem: Cue | None
) -> Cue | None:
    """The open problem after this customer message, sentence by sentence."""
    for sentence in analysis.sentences:
        inside = starting_within(hits, sentence.start, sentence.end)
        faults = [h for h in inside if h.label == "problem"]
        if faults:
            # Keep pointing at the sentence that first raised a problem still open.
            if problem is None:
                problem = Cue(index, sentence.start, sentence.end, sentence.text)
        elif any(h.label == "resolved" for h in inside):
            problem = None
    return problem


_OFFER_WORDS = re.compile(_WORDS.pattern("offer_words"), re.IGNORECASE)


def _names_offer(hit: Hit) -> bool:
    return _OFFER_WORDS.search(hit.text) is not None
