"""Which customer questions no later reply addresses, in one pass over a conversation.

Comparing every question with every later reply costs questions x replies: minutes for a
history of a few thousand messages. Instead the replies are read once, from the last message
backwards, into an index by subject word; each customer message is judged against the
index when the pass reaches it, which then holds exactly the replies after it. What
`answers.addresses` decides for one reply splits into parts the index answers for all replies
at once:

- enough shared subject words: a key present in any later reply when one word is enough,
  otherwise a later reply holding several of the question's words (found through the shorter
  of their lists of distinct replies);
- a shared subject word and the shape of answer the kind wants: looked up per word and kind;
- the replies before the customer asks again ("near" ones): a run of replies that belongs to
  this customer message alone, so walking it costs each reply once per conversation.

The first few replies after a question are first compared with it one by one, as
`addresses` does: nearly every question is addressed there, and a conversation of such
questions never builds the index. The answers are exactly those of `addresses` for every pair
(a test compares them).
"""

from __future__ import annotations

import bisect

from trustdesk.checks.base import CheckContext
from trustdesk.checks.transparency.answers import (
    SELF_ANSWERED,
    Overlap,
    Question,
    addresses,
    answers_alone,
    answers_kind,
    gives_new,
    keys_of,
    questions_in,
)
from trustdesk.model import Role
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.questions import QuestionKind

# How sure language identification must be before a message is treated as not English.
FOREIGN_CONFIDENCE = 0.5
# Replies compared one by one with a question before the index is used: the reply that
# addresses a question is nearly always among the first few after it.
FIRST_REPLIES = 4


def foreign(analysis: MessageAnalysis) -> bool:
    """Clearly not English: the word lists here would misjudge it, so it is left alone."""
    language = analysis.language
    return language.code != "en" and language.confidence >= FOREIGN_CONFIDENCE


class CustomerTurns:
    """The questions each customer message leaves open, each run of customer messages between
    two replies read once."""

    def __init__(self, ctx: CheckContext) -> None:
        self._ctx = ctx
        # Per next reply: the last customer message before it that settles its questions.
        self._settling: dict[int, int] = {}
        # The next customer message that asks something, after the position last asked for.
        self._asking = 0

    def open_questions(self, index: int, next_reply: int) -> list[Question]:
        """The questions in message `index` the customer did not answer themselves before the
        reply at `next_reply`."""
        ctx = self._ctx
        analysis = ctx.analysis(ctx.messages[index])
        spans = analysis.questions
        if not spans or foreign(analysis):
            return []
        # The customer's own later words, up to the next reply, may settle a question.
        if self._last_settling(next_reply) > index:
            return []
        settled = max((hit.start for hit in analysis.hits(SELF_ANSWERED)), default=-1)
        return questions_in(analysis, [q for q in spans if q.end > settled])

    def _last_settling(self, next_reply: int) -> int:
        found = self._settling.get(next_reply)
        if found is None:
            found = -1
            messages, analysis = self._ctx.messages, self._ctx.analysis
            position = next_reply - 1
            while position >= 0 and not messages[position].is_org:
                message = messages[position]
                if message.role == Role.CUSTOMER and analysis(message).hits(SELF_ANSWERED):
                    found = position
                    break
                position -= 1
            self._settling[next_reply] = found
        return found

    def next_asking(self, index: int) -> int:
        """The position of the first customer message after `index` that asks something (the
        number of messages if none does); `index` must not go down between calls."""
        messages, analysis = self._ctx.messages, self._ctx.analysis
        if self._asking <= index:
            self._asking = index + 1
            while self._asking < len(messages) and not (
                messages[self._asking].role == Role.CUSTOMER
                and analysis(messages[self._asking]).questions
            ):
                self._asking += 1
        return self._asking


class LaterReplies:
    """The replies after a point of the conversation, indexed by subject word."""

    def __init__(self, ctx: CheckContext, overlap: Overlap) -> None:
        self._ctx = ctx
        self._overlap = overlap
        # Per reply added: its subject-word keys.
        self._keys: dict[int, frozenset[str]] = {}
        # Subject-word key -> positions of the replies holding it, latest first.
        self._positions: dict[str, list[int]] = {}
        # The distinct key sets of the replies, and per key the ids of those holding it.
        self._sets: list[frozenset[str]] = []
        self._set_ids: dict[frozenset[str], int] = {}
        self._holding: dict[str, list[int]] = {}
        # Per question's words: (a reply holds enough of them, sets looked at so far).
        self._overlaps: dict[frozenset[str], tuple[bool, int]] = {}
        # Per (key, kind): (a reply holding the key answers the kind, positions looked at).
        self._answers: dict[tuple[str, QuestionKind], tuple[bool, int]] = {}

    def unaddressed(self, judged: list[int]) -> dict[int, list[Question]]:
        """Per customer message among `judged` (positions, in order), the questions no reply
        after it addresses. A message nobody has replied to yet has none: that wait is
        another check's concern."""
        ctx = self._ctx
        messages = ctx.messages
        org = [i for i, m in enumerate(messages) if m.is_org]
        turns = CustomerTurns(ctx)
        asked: list[tuple[int, list[Question], int]] = []
        for index in judged:
            after = bisect.bisect_right(org, index)
            if after == len(org):
                continue  # nobody has replied yet: a wait, not a skipped question
            questions = turns.open_questions(index, org[after])
            if questions:
                asked.append((index, questions, turns.next_asking(index)))
        missed: dict[int, list[Question]] = {}
        added = len(org)
        for index, questions, near_end in reversed(asked):
            first = bisect.bisect_right(org, index)
            # Replies before the customer asks something new are "near": they answer this turn.
            near = org[first : bisect.bisect_left(org, near_end, lo=first)]
            single = len(questions) == 1
            left = []
            for question in questions:
                if self._one_of_first_addresses(
                    question, org[first : first + FIRST_REPLIES], near_end, single
                ):
                    continue
                # The index holds exactly the replies after this message.
                while added > first:
                    added -= 1
                    self._add(org[added])
                if not self._addressed(question, near, single):
                    left.append(question)
            if left:
                missed[index] = left
        return missed

    def _one_of_first_addresses(
        self, question: Question, replies: list[int], near_end: int, single: bool
    ) -> bool:
        """Whether one of `replies` (the first after the question) addresses it, compared one
        by one: nearly every question is answered there, and then the index is not needed."""
        analysis, messages = self._ctx.analysis, self._ctx.messages
        return any(
            addresses(
                self._overlap,
                question,
                self._keys_of(j),
                analysis(messages[j]),
                near=j < near_end,
                single=single,
            )
            for j in replies
        )

    def _keys_of(self, position: int) -> frozenset[str]:
        keys = self._keys.get(position)
        if keys is None:
            keys = self._keys[position] = keys_of(self._ctx.analysis(self._ctx.messages[position]))
        return keys

    def _add(self, position: int) -> None:
        keys = self._keys_of(position)
        for key in keys:
            self._positions.setdefault(key, []).append(position)
        if keys not in self._set_ids:
            self._set_ids[keys] = len(self._sets)
            for key in keys:
                self._holding.setdefault(key, []).append(len(self._sets))
            self._sets.append(keys)

    def _addressed(self, question: Question, near: list[int], single: bool) -> bool:
        if not question.wanted:
            return bool(near)
        if self._enough_shared(question.wanted):
            return True
        if any(self._answer_holds(key, question.kind) for key in question.wanted):
            return True
        analysis, messages = self._ctx.analysis, self._ctx.messages
        if single:
            return any(answers_alone(analysis(messages[j]), question) for j in near)
        if question.kind is QuestionKind.OPEN:
            wanted = question.wanted
            return any(
                gives_new(analysis(messages[j]), wanted)
                for j in near
                if not wanted.isdisjoint(self._keys[j])
            )
        return False

    def _enough_shared(self, wanted: frozenset[str]) -> bool:
        """Whether a reply takes up enough of `wanted`."""
        needed = self._overlap.needed(len(wanted))
        if needed == 1:
            return any(key in self._positions for key in wanted)
        found, seen = self._overlaps.get(wanted, (False, 0))
        if found or seen == len(self._sets):
            return found
        # Only the key sets added since this question's words were last looked up are new.
        lists = []
        for key in wanted:
            ids = self._holding.get(key)
            if ids and ids[-1] >= seen:
                lists.append((ids, bisect.bisect_left(ids, seen)))
        if len(lists) >= needed:
            # A set holding `needed` (two or more) of the words is on two lists at least, so
            # on one besides the longest.
            lists.sort(key=lambda item: len(item[0]) - item[1])
            found = any(
                len(wanted & self._sets[ids[i]]) >= needed
                for ids, first in lists[:-1]
                for i in range(first, len(ids))
            )
        self._overlaps[wanted] = (found, len(self._sets))
        return found

    def _answer_holds(self, key: str, kind: QuestionKind) -> bool:
        """Whether a reply taking up `key` answers a question of `kind`."""
        positions = self._positions.get(key)
        if not positions:
            return False
        found, seen = self._answers.get((key, kind), (False, 0))
        if not found:
            analysis, messages = self._ctx.analysis, self._ctx.messages
            while seen < len(positions) and not found:
                found = answers_kind(analysis(messages[positions[seen]]), kind)
                seen += 1
            self._answers[key, kind] = (found, seen)
        return found
