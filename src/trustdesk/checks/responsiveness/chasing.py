"""responsiveness.chasing: the customer had to chase for an answer.

"Any update?", "still waiting", "this is the third time I ask", "hello??", "I asked yesterday
and nobody answered": when a customer has to chase, the desk has already left them in the
dark. In an audit the finding sits on the chasing phrase of the customer's message. Before a
reply is sent, a draft that answers a chase without acknowledging the delay (an apology, or
thanks for their patience) is flagged on the draft.

Explicit chases ("third time", "still waiting", "nobody answered") count wherever they appear.
Weak ones ("any update?", "hello??", "following up") count only when the customer has written
before in this conversation, since "any update on my order?" as an opening line is a status
question, not a chase.
"""

from __future__ import annotations

from collections.abc import Iterator

from trustdesk.checks.base import CheckContext, Signal
from trustdesk.checks.customer_turn import CustomerTurnCheck, TurnParams, since_last_reply
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.acknowledgement import DELAY_APOLOGY
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.lexicon import Hit
from trustdesk.text.wordlists import load

# Count "any update?"-style chases in the customer's first message too.
WEAK_CHASES_IN_FIRST_MESSAGE = False
# How sure language identification must be before a message is treated as not English.
FOREIGN_CONFIDENCE = 0.5


# The phrases are in data/lexicons/responsiveness.yaml.
_WORDS = load("responsiveness")
CHASES = _WORDS.lexicon("responsiveness.chasing")

SUGGESTION_AUDIT = (
    "Reply to the customer first: apologise for the wait, give the current "
    "status and say when they will hear next."
)
SUGGESTION_REPLY = (
    "Open by acknowledging the wait, e.g. \"I'm sorry you had to chase us for "
    'this — thank you for your patience.", then give the status and when they '
    "will hear next."
)


class ChasingParams(TurnParams):
    weak_chases_in_first_message: bool = WEAK_CHASES_IN_FIRST_MESSAGE


class CustomerChasing(CustomerTurnCheck[ChasingParams]):
    id = "responsiveness.chasing"
    principle = Principle.RESPONSIVENESS
    severity = Severity.WARN
    summary = 'The customer had to chase: "any update?", "still waiting", "third time I ask".'
    signals = frozenset({Signal.CHASED})

    def audit(self, ctx: CheckContext) -> Iterator[Finding]:
        first = _first_customer_message(ctx)
        for index, message in ctx.judged(self.judges):
            hit = self._chase(ctx, message, wrote_before=index > first)
            if hit is not None:
                yield self.finding(
                    ctx,
                    message,
                    hit.start,
                    hit.end,
                    explanation="The customer had to chase for an answer "
                    f'("{hit.text}"): they were left waiting.',
                    suggestion=SUGGESTION_AUDIT,
                    data={"kind": hit.label},
                )

    def judge_draft(self, ctx: CheckContext, index: int, draft: Message) -> Iterator[Finding]:
        chase = self._pending_chase(ctx, index)
        if chase is None or ctx.analysis(draft).hits(DELAY_APOLOGY):
            return
        chased, hit = chase
        yield self.on_draft(
            ctx,
            draft,
            explanation=f'The customer chased ("{hit.text}") and this reply does not '
            "acknowledge the wait.",
            suggestion=SUGGESTION_REPLY,
            data={"chase_message_id": chased.id, "chase": hit.text},
        )

    def _chase(self, ctx: CheckContext, message: Message, wrote_before: bool) -> Hit | None:
        allow_weak = wrote_before or self.params.weak_chases_in_first_message
        analysis = ctx.analysis(message)
        for hit in analysis.hits(CHASES):
            if hit.label != "weak" or allow_weak:
                return None if _foreign(analysis) else hit
        return None

    def _pending_chase(self, ctx: CheckContext, draft_index: int) -> tuple[Message, Hit] | None:
        """The latest chase among the customer's messages since the last org reply."""
        first = _first_customer_message(ctx)
        found: tuple[Message, Hit] | None = None
        for index in since_last_reply(ctx, draft_index):
            message = ctx.messages[index]
            hit = self._chase(ctx, message, wrote_before=index > first)
            if hit is not None:
                found = (message, hit)
        return found


def _first_customer_message(ctx: CheckContext) -> int:
    """The position of the customer's first message; a later one is written "again"."""
    return next((i for i, m in enumerate(ctx.messages) if m.role == Role.CUSTOMER), -1)


def _foreign(analysis: MessageAnalysis) -> bool:
    """Clearly not English: the phrases here would misjudge it, so it is left alone."""
    language = analysis.language
    return language.code != "en" and language.confidence >= FOREIGN_CONFIDENCE
