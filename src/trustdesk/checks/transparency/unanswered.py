"""transparency.unanswered: a customer question that no later reply addresses.

A question the desk skips tells the customer their concern did not count. A later agent or
bot reply addresses a question when it:

- says honestly it does not know yet and will find out ("let me check", "we don't have a date
  yet"); "we'll get back to you soon" alone only puts the answer off;
- gives the kind of answer the question wants (a time for "when", an amount for "how much",
  a reason for "why", a yes or a no for "can I ...") about the same subject, or straight after
  the question;
- or takes up the question's own subject words (most of them, or two or more).

The first replies after a customer's turn take up all of its questions when they hand the
issue over to a private message or another team, point to a page, or ask the customer about
their problem, unless they are about something the customer said earlier instead.

Greetings, outbursts and venting ("are you kidding me?", "do you even care?"), bare calls for
help, questions the customer answers themselves ("... never mind, found it") and questions
addressed to someone else (another customer's @handle, or a bystander the desk never spoke
to) are left alone. A question asked after the last reply is unanswered when it asks about
that reply ("so my code is there?", "you sure?"); a new topic opened after the exchange
ended, or a conversation nobody has replied to yet, is not (the wait is
`responsiveness.wait`'s concern). In an audit the finding sits on the question in the
customer's message. Before a reply is sent, each question asked since the last reply that
the draft does not address is reported on the draft's first sentence.

The work grows linearly with the conversation: see later_replies.py for how every question is
compared with every later reply without pairing them one by one.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from trustdesk.checks.base import CheckContext
from trustdesk.checks.customer_turn import CustomerTurnCheck, TurnParams, since_last_reply
from trustdesk.checks.transparency import answers
from trustdesk.checks.transparency.answers import Overlap, addresses, keys_of, takes_up_turn
from trustdesk.checks.transparency.later_replies import CustomerTurns, LaterReplies, foreign
from trustdesk.model import Finding, Message, Principle, Severity

# Share of a question's subject words a reply must take up to count as addressing it.
MIN_OVERLAP = 0.5
# Taking up this many subject words also counts, however long the question.
MIN_SHARED_WORDS = 2

NOT_ADDRESSED = "No reply addressed this question."
LEFT_HANGING = "This question about the last reply was left without an answer."
SUGGESTION = (
    "Answer the question, or say honestly that you don't know yet and when you will find out."
)


class UnansweredParams(TurnParams):
    min_overlap: float = Field(default=MIN_OVERLAP, gt=0, le=1)
    min_shared_words: int = Field(default=MIN_SHARED_WORDS, ge=1)


class UnansweredQuestion(CustomerTurnCheck[UnansweredParams]):
    id = "transparency.unanswered"
    principle = Principle.TRANSPARENCY
    severity = Severity.WARN
    summary = "A customer question that no later reply addresses."
    lexicons = answers.LEXICONS

    def audit(self, ctx: CheckContext) -> Iterator[Finding]:
        judged = list(ctx.judged(self.judges))
        missed = LaterReplies(ctx, self._overlap()).unaddressed([i for i, _ in judged])
        last_reply = max((i for i, m in enumerate(ctx.messages) if m.is_org), default=-1)
        for index, message in judged:
            explanation = NOT_ADDRESSED if index < last_reply else LEFT_HANGING
            for question in missed.get(index, ()):
                yield self.finding(
                    ctx,
                    message,
                    question.span.start,
                    question.span.end,
                    explanation=explanation,
                    suggestion=SUGGESTION,
                    data={"kind": question.kind.value},
                )

    def judge_draft(self, ctx: CheckContext, index: int, draft: Message) -> Iterator[Finding]:
        turns = CustomerTurns(ctx)
        asked = [
            (ctx.messages[i], question)
            for i in since_last_reply(ctx, index)
            for question in turns.open_questions(i, index)
        ]
        answer = ctx.analysis(draft)
        # A draft that hands the issue over, points to a page or asks about the problem takes
        # up the whole turn, as in an audit.
        if not asked or takes_up_turn(answer):
            return
        given = keys_of(answer)
        overlap = self._overlap()
        single = len(asked) == 1
        missed = [
            (message, question)
            for message, question in asked
            if not addresses(overlap, question, given, answer, near=True, single=single)
        ]
        # A draft in another language cannot be compared word for word (checked last:
        # identifying the language costs more than the comparison).
        if not missed or foreign(answer):
            return
        for message, question in missed:
            yield self.on_draft(
                ctx,
                draft,
                explanation=f'The customer asked "{question.span.text}" and this reply does '
                "not address it.",
                suggestion=SUGGESTION,
                data={"question_message_id": message.id, "question": question.span.text},
            )

    def _overlap(self) -> Overlap:
        return Overlap(self.params.min_overlap, self.params.min_shared_words)
