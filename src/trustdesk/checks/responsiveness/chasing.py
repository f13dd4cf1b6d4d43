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
from trustdesk.text.lexicon import Hit, Lexicon

# Count "any update?"-style chases in the customer's first message too.
WEAK_CHASES_IN_FIRST_MESSAGE = False
# How sure language identification must be before a message is treated as not English.
FOREIGN_CONFIDENCE = 0.5

_NUMBER = r"(?:second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|umpteenth|nth|tenth|last)"
_REPEATED = r"(?:twice|three times|four times|several times|multiple times|many times|again)"
_CONTACTED = (
    r"(?:asked|emailed|e-mailed|called|phoned|rung|rang|written|wrote|messaged|"
    r"contacted|chased|raised|reported|tried|requested)"
)

CHASES = Lexicon(
    "responsiveness.chasing",
    {
        "repeat": [
            # "the third time I ask", not "the third time your courier failed" (a complaint).
            rf"\b(?:this is|it'?s) (?:the|my) {_NUMBER} time (?:i(?:'ve| have| am|'m)?|we"
            rf"(?:'ve| have| are|'re)?) (?:been )?(?:ask|asking|asked|writ|written|wrote|"
            r"contact|contacted|contacting|email|emailed|emailing|call|called|calling|chas|"
            r"chased|chasing|messag|message|messaged|messaging|raise|raised|raising|report|"
            r"reported|reporting|tr(?:y|ied|ying)|request|requested|requesting)\w*\b",
            rf"\b{_NUMBER} time (?:asking|writing|contacting|emailing|calling|chasing|messaging|"
            r"i(?:'ve| have)? (?:asked|written|contacted|emailed|called|chased))\b",
            rf"\b(?:asking|writing|contacting|emailing|e-mailing|calling|chasing|messaging|"
            rf"asked|written|wrote|contacted|emailed|called|chased|messaged) (?:you |to you |us |"
            rf"about (?:this|it) )?for the {_NUMBER} time\b",
            r"\b(?:third|3rd|fourth|4th|fifth|5th|umpteenth|nth|tenth) (?:message|email|"
            r"e-mail|request|attempt|call|chat|complaint)\b",
            rf"\b{_NUMBER} time (?:i(?:'ve| have)?|we(?:'ve| have)?) (?:asked|ask|written|"
            r"write|contacted|contact|emailed|called|messaged|chased|raised|reported)\b",
            rf"\b(?:i|we)(?:'ve| have)? (?:already |now )?{_CONTACTED} (?:you |about this |"
            rf"this )?{_REPEATED}\b",
            r"\bhow many (?:more )?times (?:do|must|have|will) (?:i|we)\b",
            r"\b(?:i|we)(?:'ve| have)? (?:already )?(?:asked|told you) (?:this|that) (?:before|"
            r"already)\b",
            r"\bas i (?:already )?(?:asked|said|mentioned) (?:before|previously|earlier|"
            r"yesterday|last week)\b",
        ],
        "waiting": [
            r"\bstill (?:waiting|no (?:reply|response|answer|update|word|news)|haven'?t heard|"
            r"have not heard|nothing)\b",
            r"\b(?:i'?ve|i have|we'?ve|we have) been waiting (?:for )?(?:over |more than |"
            r"almost |nearly )?(?:\d+|an?|one|two|three|four|five|several|many|a few|ages|"
            r"days|weeks|hours|months|so long|forever)\b",
            r"\b(?:waiting|waited) (?:for )?(?:ages|days|weeks|forever|so long)\b",
            r"\b(?:haven'?t|have not|hasn'?t|has not) (?:heard|had (?:a |an |any )?(?:reply|"
            r"response|answer|update)) (?:back )?(?:from (?:you|anyone|anybody)|yet)\b",
        ],
        "ignored": [
            r"\b(?:nobody|no one|no-one|noone) (?:has |have |ever )?(?:answered|replied|"
            r"responded|got back|gotten back|called back|came back|reads?|listens?|"
            r"bothered)\b",
            rf"\b(?:i|we) {_CONTACTED} (?:you )?(?:yesterday|last week|days ago|a week ago|"
            r"on \w+day|this morning|earlier|before)(?: and| but)? (?:nobody|no one|noone|"
            r"got no|never|still|have not|haven'?t|didn'?t)\b(?: \w+)?",
            r"\bno (?:one|body) (?:gets|got) back to (?:me|us)\b",
            r"\bnever (?:got|received|had) (?:a |an |any )?(?:reply|response|answer|call back|"
            r"callback)\b",
            r"\byou (?:never|didn'?t|did not|haven'?t|have not) (?:replied|answered|responded|"
            r"got back|called back|reply|answer|respond|get back)\b",
            r"\b(?:being|been|am|feel) ignored\b",
            r"\bstill no (?:one|body)\b",
            r"\b(?:i'?ve|i have|we'?ve|we have) (?:still )?heard nothing\b",
            r"\bheard nothing (?:back|from you|yet)\b",
            r"\byou (?:said|told me) (?:you'?d|you would|you will|that you'?d|that you would|"
            r"someone would|i'?d|i would)\b",
            r"\byou promised\b",
            r"\b(?:is|will|does) (?:anyone|anybody|someone|somebody) (?:going to |ever |even )?"
            r"(?:answer|reply|respond|get back|help|read)\b",
        ],
        "weak": [
            r"\bany (?:update|updates|news|progress|word|feedback|response|reply)\b",
            r"\bstill (?:no|nothing|not (?:received|arrived|heard|got|had|sent|refunded|fixed|"
            r"sorted|resolved|here|back)|haven'?t (?:got|received|heard|had)|hasn'?t (?:arrived|"
            r"come|been (?:sent|fixed|refunded|sorted)))\b",
            r"\b(?:following|follow) up (?:on|again|about|regarding)\b",
            r"\bjust (?:checking in|chasing|following up|bumping)\b",
            r"\b(?:chasing|bumping) (?:this|my|up)\b",
            r"\b(?:hello|hi|hey|helloo+|anyone)\s?\?{2,}",
            r"\b(?:is )?(?:anyone|anybody|someone) (?:still )?(?:there|home|reading this|"
            r"out there)\b",
            r"\bare you still (?:there|with me|around)\b",
            r"\bwhat(?:'s| is) (?:happening|going on) with (?:my|our|this)\b",
            r"\b(?:have you|did you) (?:had a chance|get a chance|managed)\b",
            r"^\s*\?{2,}\s*$",
        ],
    },
)

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
