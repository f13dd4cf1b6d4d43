"""What answers a customer's question, for transparency.unanswered.

A reply addresses a question when it takes up enough of the question's subject words, or when
it is about the question (shares a subject word, or is the only reply to a lone question) and
has the shape of an answer: an honest "I'll find out", or what the question's kind wants (a
time for "when", an amount for "how much", a yes or a no for "can I ..."). `addresses` says so
for one question and one reply; `LaterReplies` (later_replies.py) answers the same for every
reply after a question at once, from the parts defined here.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.channel import HANDOFF
from trustdesk.text.lexicon import Hit, Lexicon
from trustdesk.text.questions import (
    QuestionKind,
    content_key,
    is_declarative,
    is_objection,
    question_kind,
    without_handles,
)
from trustdesk.text.spans import Span
from trustdesk.text.wordlists import load

# The phrases are in data/lexicons/transparency.yaml.
_WORDS = load("transparency")
# An honest "I don't know yet": addresses any question.
DEFERRALS = _WORDS.lexicon("transparency.unanswered.deferrals")

# What an answer of each kind looks like: one small lexicon per kind, so a reply is scanned
# only for the shape the question wants.
SHAPES: dict[QuestionKind, Lexicon] = {
    QuestionKind.TIME: _WORDS.lexicon("transparency.unanswered.time"),
    QuestionKind.AMOUNT: _WORDS.lexicon("transparency.unanswered.amount"),
    QuestionKind.REASON: _WORDS.lexicon("transparency.unanswered.reason"),
    QuestionKind.PLACE: _WORDS.lexicon("transparency.unanswered.place"),
    QuestionKind.METHOD: _WORDS.lexicon("transparency.unanswered.method"),
    QuestionKind.YES_NO: _WORDS.lexicon("transparency.unanswered.yes_no"),
    QuestionKind.OPEN: _WORDS.lexicon("transparency.unanswered.open"),
}

# The customer answered the question themselves ("... never mind, it just arrived").
SELF_ANSWERED = _WORDS.lexicon("transparency.unanswered.self_answered")
# Venting dressed as a question ("do you guys even care?"): nothing to answer.
VENTING = _WORDS.lexicon("transparency.unanswered.venting")
# An agent's question that only closes ("anything else I can help with?"), not about the issue.
CLOSING = _WORDS.lexicon("transparency.unanswered.closing")
# A question opening on a follow-up of the answer just given ("so ...", "does that mean").
FOLLOW_UP = _WORDS.lexicon("transparency.unanswered.follow_up")
# A question this short, straight after a reply, reacts to that reply ("U positive?").
REACTION_WORDS = 3
# A follow-up opens a message or a question: only this many first characters are read.
_OPENING = 60
# Disbelief in a message ("sorry, what?", "ridiculous"): its statements with "?" do not ask.
DISBELIEF = _WORDS.lexicon("transparency.unanswered.disbelief")
# An agent asking about the customer's problem ("please let us know which platform").
ASKS_BACK = _WORDS.lexicon("transparency.unanswered.asks_back")
# What answering a question and reading later replies scan through a message's analysis (the
# check declares these).
LEXICONS = (HANDOFF, DEFERRALS, *SHAPES.values(), SELF_ANSWERED, CLOSING, DISBELIEF, ASKS_BACK)

# A yes or a no, or the reply opening on its own subject and verb ("You can ...", "I've resent
# it"), answers a yes/no question; a reply merely using a subject and a verb ("mirror") does
# so only when it takes up the question's subject.
_YES_NO = frozenset({"yes_no", "short_answer"})
_YES_NO_ON_SUBJECT = _YES_NO | {"mirror"}


class Question:
    """A question the customer asked, with what a reply is compared on: the keys of its
    subject words (see `content_key`; empty when it has none) and, worked out when first
    asked for, its kind."""

    __slots__ = ("_kind", "span", "wanted")

    def __init__(self, span: Span, wanted: frozenset[str]) -> None:
        self.span = span
        self.wanted = wanted
        self._kind: QuestionKind | None = None

    @property
    def kind(self) -> QuestionKind:
        if self._kind is None:
            self._kind = question_kind(self.span.text)
        return self._kind


def is_venting(question: Span, message: MessageAnalysis) -> bool:
    """Disbelief, insult or accusation with a question mark ("is this for real?"), an
    objection ("you sell it but won't ship it?"), or a statement said with a question mark in
    a message that shows disbelief ("Sorry, what? It costs $50 to transfer points?")."""
    text = without_handles(question.text).strip().replace("\u2019", "'")
    if VENTING.scan(text) or is_objection(text):
        return True
    return bool(message.hits(DISBELIEF)) and is_declarative(text)


def opens_follow_up(message: MessageAnalysis) -> bool:
    """Whether a message opens on a follow-up of the answer before it ("So to get this
    straight. ...")."""
    return bool(FOLLOW_UP.scan(message.channel.body.text[:_OPENING]))


def follows_up(question: Question, reply: frozenset[str], *, message_follows_up: bool) -> bool:
    """Whether `question` asks about the reply before it (its subject-word keys `reply`): it
    takes up one of its subject words or has none of its own ("are you sure about that?"), it
    or its message opens on a follow-up ("so my code is there?", "to get this straight,
    ..."), or it is a short reaction ("U positive?")."""
    text = without_handles(question.span.text).strip()
    return (
        message_follows_up
        or not question.wanted
        or not question.wanted.isdisjoint(reply)
        or len(text.split()) <= REACTION_WORDS
        or bool(FOLLOW_UP.scan(text[:_OPENING]))
    )


def takes_up_turn(reply: MessageAnalysis) -> bool:
    """Whether a reply takes up the customer's whole turn rather than one question of it: it
    hands the issue over to a private message or another team, points to a page, or asks the
    customer about their problem (not "anything else?")."""
    if reply.hits(HANDOFF) or reply.channel.links:
        return True
    asking = [*reply.questions, *(hit.span for hit in reply.hits(ASKS_BACK))]
    if not asking:
        return False
    # Asking in the sentence that offers "anything else?" only closes the conversation.
    closing = {_sentence_start(reply, hit.start) for hit in reply.hits(CLOSING)}
    return any(_sentence_start(reply, ask.start) not in closing for ask in asking)


def _sentence_start(analysis: MessageAnalysis, offset: int) -> int:
    sentence = analysis.sentence_at(offset)
    return sentence.start if sentence is not None else offset


def body_keys(analysis: MessageAnalysis) -> frozenset[str]:
    """The subject-word keys of a message's own words: not the @handles, sign-off or links
    around them."""
    body = analysis.channel.body
    return frozenset(
        key
        for word in analysis.words
        if body.start <= word.start and word.end <= body.end
        if (key := content_key(word.text)) is not None
    )


def questions_in(analysis: MessageAnalysis, spans: list[Span]) -> list[Question]:
    """`spans` (questions of the message `analysis` is of) with their subject words and kind."""
    words = analysis.words
    starts = [word.start for word in words]
    found: list[Question] = []
    for span in spans:
        wanted: set[str] = set()
        # Words are in order and do not overlap: those inside the question follow the first
        # one starting in it.
        for position in range(bisect.bisect_left(starts, span.start), len(words)):
            word = words[position]
            if word.start >= span.end:
                break
            if word.end <= span.end and (key := content_key(word.text)) is not None:
                wanted.add(key)
        found.append(Question(span, frozenset(wanted)))
    return found


def keys_of(analysis: MessageAnalysis) -> frozenset[str]:
    """The subject-word keys of a whole message."""
    return frozenset(key for word in analysis.words if (key := content_key(word.text)) is not None)


@dataclass(frozen=True, slots=True)
class Overlap:
    """How many of a question's subject words a reply must take up to address it."""

    min_overlap: float
    min_shared_words: int

    def enough(self, shared: int, wanted: int) -> bool:
        return shared / wanted >= self.min_overlap or shared >= self.min_shared_words

    def needed(self, wanted: int) -> int:
        """The fewest shared words that are enough for a question of `wanted` subject words
        (`enough` grows with the words shared, and all of them always are)."""
        return next(s for s in range(1, wanted + 1) if self.enough(s, wanted))


def answers_kind(answer: MessageAnalysis, kind: QuestionKind) -> bool:
    """Whether a reply that takes up the question's subject answers a question of `kind`
    (an open question also needs the reply to come before the customer asks again)."""
    if answer.hits(DEFERRALS):
        return True
    if kind is QuestionKind.OPEN:
        return False
    hits = _shape_hits(answer, kind)
    if kind is QuestionKind.YES_NO:
        return any(hit.label in _YES_NO_ON_SUBJECT for hit in hits)
    return bool(hits)


def _shape_hits(answer: MessageAnalysis, kind: QuestionKind) -> list[Hit]:
    """The parts of a reply that have the shape an answer of `kind` wants; a fault ("why
    isn't it working?") is answered by a reason or by a step that fixes it."""
    if kind is QuestionKind.FAULT:
        return [
            *answer.hits(SHAPES[QuestionKind.REASON]),
            *answer.hits(SHAPES[QuestionKind.METHOD]),
        ]
    return answer.hits(SHAPES[kind])


def gives_new(answer: MessageAnalysis, wanted: frozenset[str]) -> bool:
    """An open question ("what airline?") wants a name, a number or a reference back, and one
    the question itself used is no answer to it."""
    return any(
        content_key(hit.text) not in wanted for hit in answer.hits(SHAPES[QuestionKind.OPEN])
    )


def answers_alone(answer: MessageAnalysis, question: Question) -> bool:
    """Whether the reply straight after a lone question answers it without taking up its
    subject words."""
    if answer.hits(DEFERRALS):
        return True
    kind = question.kind
    if kind is QuestionKind.OPEN:
        return gives_new(answer, question.wanted)
    hits = _shape_hits(answer, kind)
    if kind is QuestionKind.YES_NO:
        return any(hit.label in _YES_NO for hit in hits)
    return bool(hits)


def addresses(
    overlap: Overlap,
    question: Question,
    given: frozenset[str],
    answer: MessageAnalysis,
    *,
    near: bool,
    single: bool,
) -> bool:
    """Whether a reply (its subject-word keys `given`, its analysis `answer`) addresses
    `question`; `near`: it comes before the customer asks anything new; `single`: the question
    was the only one the customer had open."""
    wanted = question.wanted
    if not wanted:
        # No subject words ("how do I do that?", "is it from you?"): the question is about
        # what came before, and the reply that follows it takes it up.
        return near
    shared = len(wanted & given)
    if overlap.enough(shared, len(wanted)):
        return True
    if shared:
        return answers_kind(answer, question.kind) or (
            near and question.kind is QuestionKind.OPEN and gives_new(answer, wanted)
        )
    # Without its subject words, a reply is about this question only when it answers the
    # customer's turn and the customer had asked nothing else.
    return near and single and answers_alone(answer, question)
