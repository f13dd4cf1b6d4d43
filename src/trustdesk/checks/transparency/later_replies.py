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
    body_keys,
    follows_up,
    gives_new,
    is_venting,
    keys_of,
    opens_follow_up,
    questions_in,
    takes_up_turn,
)
from trustdesk.model import Role
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.questions import QuestionKind

# How sure language identification must be before a message is treated as not English.
FOREIGN_CONFIDENCE = 0.5
# Replies compared one by one with a question before the index is used: the reply that
# addresses a question is nearly always among the first few after it.
FIRST_REPLIES = 4
# A customer message with this many subject words says something new: replies after it answer
# that, not the turn before.
NEW_TURN_WORDS = 3
# Replies in a row right after a customer's turn read as its opening answer: a reply split in
# parts ("1/2", "2/2") is rarely longer.
OPENING_RUN = 4


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
        # The next customer message after the reply last asked for.
        self._asking = 0

    def open_questions(self, index: int, next_reply: int) -> list[Question]:
        """The questions in message `index` the customer did not answer themselves before the
        reply at `next_reply`."""
        ctx = self._ctx
        analysis = ctx.analysis(ctx.messages[index])
        spans = analysis.questions
        if not spans:
            return []
        # The customer's own later words, up to the next reply, may settle a question.
        if self._last_settling(next_reply) > index:
            return []
        settled = max((hit.start for hit in analysis.hits(SELF_ANSWERED)), default=-1)
        asked = [q for q in spans if q.end > settled and not is_venting(q, analysis)]
        # A message in another language has no question we can judge (checked last:
        # identifying the language costs more than the rest).
        if not asked or foreign(analysis):
            return []
        return questions_in(analysis, asked)

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

    def turn_end(self, next_reply: int) -> int:
        """The position of the first customer message after the reply at `next_reply` that
        opens a new turn (the number of messages if none does): one that asks something or
        says something of substance; a nudge ("that's not an answer") does not. The replies
        before it answer the turn the customer had open. `next_reply` must not go down
        between calls."""
        messages, analysis = self._ctx.messages, self._ctx.analysis
        if self._asking <= next_reply:
            self._asking = next_reply + 1
            while self._asking < len(messages) and not (
                messages[self._asking].role == Role.CUSTOMER
                and _opens_turn(analysis(messages[self._asking]))
            ):
                self._asking += 1
        return self._asking


def _opens_turn(analysis: MessageAnalysis) -> bool:
    return bool(analysis.questions) or len(body_keys(analysis)) >= NEW_TURN_WORDS


def _addressee(analysis: MessageAnalysis) -> str | None:
    """Whom a social message is addressed to: its first leading @handle, if any."""
    body = analysis.channel.body
    for handle in analysis.channel.handles:
        if handle.end <= body.start:
            return handle.text[1:].lower()
        break
    return None


class Participants:
    """Who speaks to whom in a thread several customers may join, read in one pass."""

    def __init__(self, ctx: CheckContext) -> None:
        self._ctx = ctx
        messages, analysis = ctx.messages, ctx.analysis
        self.customers = {
            m.author.lower() for m in messages if m.role == Role.CUSTOMER and m.author
        }
        # The customers some reply is addressed to first.
        self.addressed = {
            who for m in messages if m.is_org and (who := _addressee(analysis(m))) is not None
        }
        # Whose thread it is: the conversation's customer and whoever started it.
        customer = ctx.conversation.customer.id
        self._owners = {customer.lower()} if customer else set()
        starter = next((m.author for m in messages if m.role == Role.CUSTOMER), None)
        if starter:
            self._owners.add(starter.lower())

    def elsewhere(self, index: int) -> bool:
        """Whether the customer message at `index` talks to someone other than the
        organisation: it is addressed to another customer of the thread, or its writer joined
        someone else's thread and no reply was ever addressed to them."""
        message = self._ctx.messages[index]
        author = message.author.lower() if message.author else None
        to = _addressee(self._ctx.analysis(message))
        if to is not None and to != author and to in self.customers:
            return True
        return (
            bool(self._owners)
            and author is not None
            and author not in self._owners
            and author not in self.addressed
        )

    def to_other(self, reply: int, index: int) -> bool:
        """Whether `reply` is addressed to a customer other than the writer of `index`."""
        author = self._ctx.messages[index].author
        to = _addressee(self._ctx.analysis(self._ctx.messages[reply]))
        return (
            to is not None
            and author is not None
            and to in self.customers
            and (to != author.lower())
        )


class FirstReplies:
    """Whether the organisation's first replies after a customer's turn take that turn up as
    a whole (see `answers.takes_up_turn`), unless they are about something the customer said
    earlier instead: a reply sharing subject words with an earlier message of the customer and
    none with this turn answers that message, not this one."""

    def __init__(self, ctx: CheckContext, org: list[int], people: Participants) -> None:
        self._ctx = ctx
        self._org = org
        self._people = people
        # Subject-word key -> the first customer message holding it (one forward pass).
        self._first_said: dict[str, int] = {}
        # Per customer message: the keys of its whole turn (the customer messages between
        # two replies), and where that turn starts.
        self._turn_keys: dict[int, frozenset[str]] = {}
        self._turn_start: dict[int, int] = {}
        # Per reply: its own subject-word keys; per (turn start, writer): the answer.
        self._said: dict[int, frozenset[str]] = {}
        self._taken: dict[tuple[int, str | None], bool] = {}
        messages, analysis = ctx.messages, ctx.analysis
        start, keys = 0, set[str]()
        members: list[int] = []
        for index, message in enumerate(messages):
            if message.is_org:
                self._close(members, start, keys)
                start, keys, members = index + 1, set(), []
                continue
            if message.role != Role.CUSTOMER:
                continue
            said = body_keys(analysis(message))
            for key in said:
                self._first_said.setdefault(key, index)
            keys |= said
            members.append(index)
        self._close(members, start, keys)

    def _close(self, members: list[int], start: int, keys: set[str]) -> None:
        frozen = frozenset(keys)
        for member in members:
            self._turn_keys[member] = frozen
            self._turn_start[member] = start

    def take_up(self, index: int) -> bool:
        """Whether the run of replies right after the customer message at `index` takes up
        its turn."""
        org, messages = self._org, self._ctx.messages
        position = bisect.bisect_right(org, index)
        start = self._turn_start.get(index, 0)
        # Every message of a turn has the same replies after it: judged once per writer.
        author = messages[index].author
        found = self._taken.get((start, author))
        if found is not None:
            return found
        found = False
        for _ in range(OPENING_RUN):
            if position >= len(org):
                break
            reply = org[position]
            if not self._people.to_other(reply, index) and self._takes_up(reply, index):
                found = True
                break
            # The run ends where the replies stop coming one after another.
            if position + 1 >= len(org) or org[position + 1] != reply + 1:
                break
            position += 1
        self._taken[start, author] = found
        return found

    def last_reply_keys(self, last: int) -> frozenset[str]:
        """The subject-word keys of the run of replies that ends at `last`."""
        keys: set[str] = set()
        position = bisect.bisect_left(self._org, last)
        for _ in range(OPENING_RUN):
            keys |= self._said_in(self._org[position])
            if position == 0 or self._org[position - 1] != self._org[position] - 1:
                break
            position -= 1
        return frozenset(keys)

    def _said_in(self, reply: int) -> frozenset[str]:
        said = self._said.get(reply)
        if said is None:
            said = self._said[reply] = body_keys(self._ctx.analysis(self._ctx.messages[reply]))
        return said

    def _takes_up(self, reply: int, index: int) -> bool:
        answer = self._ctx.analysis(self._ctx.messages[reply])
        if not takes_up_turn(answer):
            return False
        said = self._said_in(reply)
        turn, start = self._turn_keys.get(index, frozenset()), self._turn_start.get(index, 0)
        if not turn.isdisjoint(said):
            return True
        # About an earlier message of the customer's, not this turn.
        return not any(self._first_said.get(key, start) < start for key in said)


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
        after it addresses, including those asked after the last reply. Questions to someone
        else, and those of a turn the first replies take up as a whole, are left alone; so is
        a conversation nobody has replied to yet (a wait, another check's concern)."""
        ctx = self._ctx
        messages = ctx.messages
        org = [i for i, m in enumerate(messages) if m.is_org]
        if not org:
            return {}  # nobody has replied yet: a wait, which is another check's concern
        turns = CustomerTurns(ctx)
        people = Participants(ctx)
        opening = FirstReplies(ctx, org, people)
        asked: list[tuple[int, list[Question], int]] = []
        missed: dict[int, list[Question]] = {}
        for index in judged:
            if people.elsewhere(index):
                continue
            after = bisect.bisect_right(org, index)
            if after == len(org):
                # Nobody replied after it: a question about the last reply is left hanging. A
                # new one after the exchange has ended may have been taken up where the
                # thread continued, so it is left alone.
                last = opening.last_reply_keys(org[-1])
                following = opens_follow_up(ctx.analysis(messages[index]))
                hanging = [
                    question
                    for question in turns.open_questions(index, len(messages))
                    if follows_up(question, last, message_follows_up=following)
                ]
                if hanging:
                    missed[index] = hanging
                continue
            questions = turns.open_questions(index, org[after])
            if questions and not opening.take_up(index):
                asked.append((index, questions, turns.turn_end(org[after])))
        added = len(org)
        for index, questions, near_end in reversed(asked):
            first = bisect.bisect_right(org, index)
            # Replies before the customer speaks again are "near": they answer this turn.
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
