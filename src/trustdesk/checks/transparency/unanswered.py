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

# Share of a question's subject words a reply must take up to count as addressing it.
MIN_OVERLAP = 0.5
# Taking up this many subject words also counts, however long the question.
MIN_SHARED_WORDS = 2
# How sure language identification must be before a message is treated as not English.
FOREIGN_CONFIDENCE = 0.5

# An honest "I don't know yet": addresses any question.
DEFERRALS = Lexicon(
    "transparency.unanswered.deferrals",
    {
        "deferral": [
            r"\b(?:i'?ll|i will|we'?ll|we will|let me|i'?m going to|i am going to|i'?m|i am|"
            r"we'?re|we are) (?:just )?(?:check|checking|find out|finding out|look into|"
            r"looking into|look at|looking at|ask|asking|confirm|investigate|investigating|"
            r"chase|chasing|raise|escalate|find|get back to you|come back to you|double-check)\b",
            r"\bi (?:don'?t|do not) (?:know|recall|remember)\b",
            r"\b(?:i'?m|i am) not (?:familiar|aware|sure|certain)\b",
            r"\b(?:i|we)(?:'d| would| will)? (?:have|need) to (?:check|look|find out|ask|"
            r"confirm)\b",
            r"\b(?:i|we) (?:can'?t|cannot|can not) (?:say|confirm|tell you) (?:yet|for sure|"
            r"right now|at the moment)\b",
            r"\b(?:i|we)(?:'ve| have) (?:asked|raised|escalated|passed|forwarded|contacted)\b",
            r"\b(?:one|a) moment(?:,)? (?:please|while)\b|\bbear with me\b",
        ],
    },
)

_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_UNITS = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|business days?|working days?)"

_AUX_ANSWER = (
    r"can|can'?t|cannot|do|don'?t|does|doesn'?t|did|didn'?t|will|won'?t|is|isn'?t|"
    r"are|aren'?t|was|wasn'?t|were|weren'?t|have|haven'?t|has|hasn'?t|had|"
    r"hadn'?t|should|shouldn'?t|would|wouldn'?t|am|'m|may|might|need"
)

# At a clause's start: not straight after a word ("yes" opens "Yes, you can", not "I said yes").
_CLAUSE = r"\b(?<!\w )"

# What an answer of each kind looks like: one small lexicon per kind, so a reply is scanned
# only for the shape the question wants.
SHAPES: dict[QuestionKind, Lexicon] = {
    QuestionKind.TIME: Lexicon(
        "transparency.unanswered.time",
        {
            "time": [
                rf"\b{_WEEKDAY}\b",
                rf"\b{_MONTH}\b",
                r"\b(?:today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening|week)|"
                r"next (?:week|month|day)|end of (?:the )?(?:day|week|month)|overnight|asap|"
                r"soon|shortly|now|already|right away|immediately|within|until|by then)\b",
                rf"\b\d+(?:\s?-\s?\d+)? ?{_UNITS}\b",
                rf"\b(?:a|an|one|two|three|four|five|six|seven|ten|few|couple of) {_UNITS}\b",
                r"\b\d{1,2}(?::\d{2})? ?(?:am|pm)\b",
                r"\b\d{1,2}:\d{2}\b",
                r"\b\d{1,2}(?:st|nd|rd|th)\b",
                r"\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b",
            ],
        },
    ),
    QuestionKind.AMOUNT: Lexicon(
        "transparency.unanswered.amount",
        {
            "amount": [
                r"[£$€¥]\s?\d",
                r"\b\d+(?:[.,]\d+)?\s?(?:gbp|usd|eur|pounds?|dollars?|euros?|pence|cents?|p)\b",
                r"\b(?:free|no charge|nothing|at no cost|no fee|no extra|included|"
                r"\d+(?:[.,]\d+)?)\b",
                r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a few|several|none)\b",
            ],
        },
    ),
    QuestionKind.REASON: Lexicon(
        "transparency.unanswered.reason",
        {
            "reason": [
                r"\b(?:because|since|due to|as a result|caused by|the reason|that'?s why|"
                r"this is why|so that|in order to|owing to|thanks to|down to)\b",
                r"\b(?:it|this|that) (?:was|is|happened|happens) (?:a |an |the |just |only |"
                r"because|when|after|due)\b",
                r"\b(?:it'?s|that'?s) (?:a|an|just|only|because)\b",
                r"\b(?:was|were|is) (?:a |an )?(?:mistake|error|glitch|bug|duplicate|"
                r"temporary|pending|authori[sz]ation)\b",
            ],
        },
    ),
    QuestionKind.PLACE: Lexicon(
        "transparency.unanswered.place",
        {
            "place": [
                r"\b(?:at|in|on|with|from|to|into) (?:the |our |your |a |its |their )?"
                r"(?:courier|carrier|depot|warehouse|post office|sorting (?:centre|center|office)|"
                r"hub|store|branch|shop|office|address|door|doorstep|neighbou?r|locker|"
                r"parcel ?shop|reception|customs|mailbox|letterbox|porch|safe place)\b",
                r"\bon (?:its|the|their) way\b",
                r"\b(?:in transit|out for delivery|tracking)\b",
                r"\b(?:been |was |were )?(?:delivered|dispatched|shipped|posted|returned|"
                r"redirected|left|collected|held)\b",
                r"\b(?:https?://|www\.)",
            ],
        },
    ),
    QuestionKind.METHOD: Lexicon(
        "transparency.unanswered.method",
        {
            "method": [
                r"\b(?:go to|click|tap|select|open|visit|log ?in|sign in|head to|navigate|"
                r"choose|press|enter|fill in|reply with|send us|simply|follow|step|steps|"
                r"settings|menu|page|link|form|app)\b",
                r"\b(?:you can|you'?ll need to|you need to|you just|the way to|the best way|"
                r"all you need)\b",
                r"\bby (?:clicking|going|logging|visiting|replying|calling|sending|opening|"
                r"selecting|choosing|filling)\b",
                r"\b(?:https?://|www\.)",
            ],
        },
    ),
    QuestionKind.YES_NO: Lexicon(
        "transparency.unanswered.yes_no",
        {
            "yes_no": [
                _CLAUSE + r"(?:yes|yeah|yep|no|nope|sure|certainly|absolutely|of course|"
                r"definitely|unfortunately|i'?m afraid|sadly|correct|that'?s right|indeed|"
                r"not at the moment|not yet|not currently)\b",
            ],
            # The reply opens on its own subject and verb: "You can ...", "I've resent it".
            "short_answer": [
                _CLAUSE + rf"(?:i|we|you|it|they|that|this|he|she|there) (?:{_AUX_ANSWER})\b",
                _CLAUSE + r"(?:i'?ve|we'?ve|i'?ll|we'?ll|i'?m|we'?re|it'?s|that'?s|you'?re|"
                r"you'?ll|you'?ve|it'?ll|there'?s|they'?re)\b",
                r"\b(?:that'?s|that is|it'?s|it is|this is) (?:not )?(?:true|correct|right|"
                r"accurate|the case)\b",
            ],
            "mirror": [
                r"\b(?:you|we|it|they|i|that|this|he|she) (?:can|can'?t|cannot|do|don'?t|does|"
                r"doesn'?t|will|won'?t|is|isn'?t|are|aren'?t|should|shouldn'?t|did|didn'?t|"
                r"has|hasn'?t|have|haven'?t|may|need to|needn'?t|would|wouldn'?t)\b",
            ],
        },
    ),
    # A name, a number or a reference: "What airline?" "Virgin American."
    QuestionKind.OPEN: Lexicon(
        "transparency.unanswered.open",
        {
            "open": [
                r"\b(?-i:(?<=[a-z,] )[A-Z][a-z]+)",
                r"\b\d[\w/-]*\b",
                r"\b(?-i:[A-Z]{2,}\d[\w-]*)\b",
            ],
        },
    ),
}

# The customer answered the question themselves ("... never mind, it just arrived").
SELF_ANSWERED = Lexicon(
    "transparency.unanswered.self_answered",
    {
        "self": [
            r"\bnever ?mind\b",
            r"\bnvm\b",
            r"\bforget (?:it|that|about it|my (?:last|"
            r"previous))\b",
            r"\b(?:i'?ve |i have |just )?(?:found|figured|worked) (?:it|that) out\b",
            r"\b(?:i'?ve |i have |just )?found it\b",
            r"\bignore (?:that|this|my (?:last|previous|earlier))\b",
            r"\b(?:it'?s|it is|all) (?:sorted|resolved|fixed|working)(?: now)?\b",
            r"\b(?:it|the parcel|the package|the order|it all) (?:has |just )?"
            r"(?:arrived|come|turned up|shown up|showed up)\b",
            r"\bno need (?:to reply|to answer|anymore|any more)\b",
            r"\bdon'?t worry(?: about it)?\b",
        ],
    },
)

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
