"""transparency.unanswered: a customer question that no later reply addresses.

A question the desk skips tells the customer their concern did not count. A later agent or
bot reply addresses a question when it:

- says honestly it does not know yet and will find out ("let me check", "I'll find out");
- gives the kind of answer the question wants (a time for "when", an amount for "how much",
  a reason for "why", a yes or a no for "can I ...") about the same subject, or straight after
  the question;
- or takes up the question's own subject words (most of them, or two or more).

Greetings, outbursts ("are you kidding me?"), bare calls for help and questions the customer
answers themselves ("... never mind, found it") are left alone, and so is a question nobody
has replied to yet: that wait is `responsiveness.wait`'s concern. In an audit the finding sits
on the question in the customer's message. Before a reply is sent, each question asked since
the last reply that the draft does not address is reported on the draft's first sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from trustdesk.checks.base import CheckContext
from trustdesk.checks.customer_turn import CustomerTurnCheck, TurnParams, since_last_reply
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.lexicon import Lexicon
from trustdesk.text.questions import QuestionKind, content_key, question_kind
from trustdesk.text.spans import Span
from trustdesk.text.wordlists import load

# Share of a question's subject words a reply must take up to count as addressing it.
MIN_OVERLAP = 0.5
# Taking up this many subject words also counts, however long the question.
MIN_SHARED_WORDS = 2
# How sure language identification must be before a message is treated as not English.
FOREIGN_CONFIDENCE = 0.5

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

    def audit(self, ctx: CheckContext) -> Iterator[Finding]:
        org = [i for i, m in enumerate(ctx.messages) if m.is_org]
        for index, message in ctx.judged(self.judges):
            replies = [j for j in org if j > index]
            if not replies:
                continue  # nobody has replied yet: a wait, not a skipped question
            questions = self._open_questions(ctx, index, message, replies[0])
            if not questions:
                continue
            # Replies before the customer asks something new are "near": they answer this turn.
            near_end = next(
                (
                    j
                    for j in range(index + 1, len(ctx.messages))
                    if ctx.messages[j].role == Role.CUSTOMER
                    and ctx.analysis(ctx.messages[j]).questions
                ),
                len(ctx.messages),
            )
            for question in questions:
                if any(
                    self._addresses(
                        ctx,
                        question,
                        message,
                        ctx.messages[j],
                        near=j < near_end,
                        single=len(questions) == 1,
                    )
                    for j in replies
                ):
                    continue
                yield self.finding(
                    ctx,
                    message,
                    question.start,
                    question.end,
                    explanation="No reply addressed this question.",
                    suggestion=SUGGESTION,
                    data={"kind": question_kind(question.text).value},
                )

    def judge_draft(self, ctx: CheckContext, index: int, draft: Message) -> Iterator[Finding]:
        asked = [
            (ctx.messages[i], question)
            for i in since_last_reply(ctx, index)
            for question in self._open_questions(ctx, i, ctx.messages[i], index)
        ]
        missed = [
            (message, question)
            for message, question in asked
            if not self._addresses(ctx, question, message, draft, near=True, single=len(asked) == 1)
        ]
        # A draft in another language cannot be compared word for word (checked last:
        # identifying the language costs more than the comparison).
        if not missed or _foreign(ctx.analysis(draft)):
            return
        for message, question in missed:
            yield self.on_draft(
                ctx,
                draft,
                explanation=f'The customer asked "{question.text}" and this reply does '
                "not address it.",
                suggestion=SUGGESTION,
                data={"question_message_id": message.id, "question": question.text},
            )

    def _open_questions(
        self, ctx: CheckContext, index: int, message: Message, next_reply: int
    ) -> list[Span]:
        """The questions in `message` the customer did not answer themselves."""
        analysis = ctx.analysis(message)
        questions = analysis.questions
        if not questions or _foreign(analysis):
            return []
        # The customer's own later words, up to the next reply, may settle a question.
        for later in ctx.messages[index + 1 : next_reply]:
            if later.role == Role.CUSTOMER and ctx.analysis(later).hits(SELF_ANSWERED):
                return []
        settled = [hit.start for hit in analysis.hits(SELF_ANSWERED)]
        return [q for q in questions if not any(start >= q.end for start in settled)]

    def _addresses(
        self,
        ctx: CheckContext,
        question: Span,
        asked_in: Message,
        reply: Message,
        *,
        near: bool,
        single: bool,
    ) -> bool:
        """Whether `reply` addresses `question`; `near`: it comes before the customer asks
        anything new; `single`: the question was the only one the customer had open."""
        asked = ctx.analysis(asked_in)
        wanted = {
            key
            for w in asked.words
            if question.contains(w.start, w.end) and (key := content_key(w.text)) is not None
        }
        if not wanted:
            # No subject words ("how do I do that?", "is it from you?"): the question is about
            # what came before, and the reply that follows it takes it up.
            return near
        given = ctx.shared(f"{self.id}:keys:{id(reply)}", lambda: _keys(ctx, reply))
        shared = len(wanted & given)
        params = self.params
        if shared / len(wanted) >= params.min_overlap or shared >= params.min_shared_words:
            return True
        # Without its subject words, a reply is about this question only when it answers the
        # customer's turn and the customer had asked nothing else.
        about_it = shared > 0 or (near and single)
        answer = ctx.analysis(reply)
        if not about_it:
            return False
        if answer.hits(DEFERRALS):
            return True
        kind = question_kind(question.text)
        hits = answer.hits(SHAPES[kind])
        if kind is QuestionKind.YES_NO:
            # "Yes", "No", "That's right", or the reply opening on its own subject and verb
            # ("You can ...", "I've resent it") answer a yes/no question.
            shapes = {hit.label for hit in hits}
            return bool(shapes & {"yes_no", "short_answer"}) or ("mirror" in shapes and shared > 0)
        if kind is QuestionKind.OPEN:
            # An open question ("what airline?") wants a name, a number or a reference back,
            # and one the question itself used is no answer to it.
            return near and any(content_key(hit.text) not in wanted for hit in hits)
        return bool(hits)


def _foreign(analysis: MessageAnalysis) -> bool:
    """Clearly not English: the word lists here would misjudge it, so it is left alone."""
    language = analysis.language
    return language.code != "en" and language.confidence >= FOREIGN_CONFIDENCE


def _keys(ctx: CheckContext, message: Message) -> frozenset[str]:
    return frozenset(
        key for word in ctx.analysis(message).words if (key := content_key(word.text)) is not None
    )
