"""empathy.missing: the customer is upset and the next reply does not acknowledge it.

A customer who writes "this is unacceptable", "wtf", "Thank you for ruining my phone 😤", in
capitals or with "!!!" beside a complaint, needs to hear that someone noticed before they
hear the fix. This check reads each customer's messages since the last org reply addressed
to them (on a public thread several customers may be waiting; a reply names whom it answers
with its leading @handles). When one of them is upset (see `trustdesk.text.sentiment`), and
not content again since ("all sorted now, thanks!"), and the reply, read whole if it is split
over several messages ("1/2", "2/2"), neither apologises nor acknowledges the feeling ("I'm
sorry", "I understand how frustrating this is", "that's not what we like to hear", "oh no"),
the reply is flagged on its first sentence, quoting what showed the customer was upset and
offering a one-line acknowledgement to open with.

A calm report of a problem or of a wait ("my parcel never arrived", "third time I ask") is a
complaint, not a feeling; with `trigger: complaint` the check asks for an acknowledgement
then too, as stricter quality rubrics do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.fixes import fix_data
from trustdesk.checks.parts import turn_starts
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.acknowledgement import ACKNOWLEDGEMENT, acknowledgements_in
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.sentiment import LEXICONS as SENTIMENT_LEXICONS
from trustdesk.text.sentiment import Sentiment

# "upset": a feeling shows (frustration cues, a clearly negative tone, capitals, "!!");
# "complaint": also a calm report that something went wrong.
TRIGGER: Literal["upset", "complaint"] = "upset"
# How much of the customer's message an explanation quotes when no single cue shows it, and
# the fewest words a quoted sentence has ("Hi." says nothing).
QUOTE_CHARS = 80
MIN_QUOTE_WORDS = 3
# The raw strength of a finding: a base, and a step for each kind of sign of the feeling.
STRENGTH_BASE = 0.2
STRENGTH_STEP = 0.2
# How sure language identification must be before a message is treated as not English.
FOREIGN_CONFIDENCE = 0.5

OPENERS = {
    "repetition": "I'm sorry you've had to contact us about this again — I can see how "
    "frustrating that is.",
    "let_down": "I'm sorry you've been kept waiting — I understand how frustrating that is.",
    "threat": "I'm sorry we've let you down — I understand why you're upset, and I want to put "
    "this right.",
    "disappointment": "I'm sorry — I can see why you're disappointed.",
    "anger": "I'm sorry — I understand why you're upset.",
    "distress": "I'm so sorry you're going through this — I can see how worrying it is.",
}
DEFAULT_OPENER = "I'm sorry about this — I can see why you're frustrated."
PROBLEM_OPENER = "I'm sorry about the trouble this has caused."


class EmpathyParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    trigger: Literal["upset", "complaint"] = TRIGGER


class MissingEmpathy(Check[EmpathyParams]):
    id = "empathy.missing"
    principle = Principle.EMPATHY
    severity = Severity.WARN
    summary = "The customer is upset and the reply does not acknowledge it."
    lexicons = (ACKNOWLEDGEMENT, *SENTIMENT_LEXICONS)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        messages = ctx.messages
        starts = turn_starts(ctx)
        judged = dict(ctx.judged(self.judges))
        # Each customer's messages since the last org reply addressed to them: on a public
        # thread several customers can be waiting at once, and a reply to one of them says
        # nothing to the others. One pass; every message joins and leaves a list once.
        waiting: dict[str | None, list[Message]] = {}
        customers: set[str] = set()
        index = 0
        while index < len(messages):
            message = messages[index]
            if message.role == Role.CUSTOMER:
                author = message.author.lower() if message.author is not None else None
                waiting.setdefault(author, []).append(message)
                if author is not None:
                    customers.add(author)
                index += 1
                continue
            if not message.is_org:
                index += 1
                continue
            # One reply may be split over several messages ("1/2", "2/2"): read it whole.
            end = index + 1
            while end < len(messages) and starts[end] == index:
                end += 1
            parts = messages[index:end]
            addressed = self._addressed(ctx, message, waiting, customers)
            turns = [waiting.pop(author) for author in addressed]
            if index in judged and turns:
                finding = self._judge(ctx, message, parts, turns, params)
                if finding is not None:
                    yield finding
            index = end

    def _addressed(
        self,
        ctx: CheckContext,
        reply: Message,
        waiting: dict[str | None, list[Message]],
        customers: set[str],
    ) -> list[str | None]:
        """The waiting customers (by lower-cased author) a reply is written to: those its
        leading @handles name; when it names no customer of the thread, all of them."""
        channel = ctx.analysis(reply).channel
        named = {
            handle.text.lstrip("@＠").lower()
            for handle in channel.handles
            if handle.end <= channel.body.start
        }
        if not named & customers:
            return list(waiting)
        return [author for author in sorted(named) if author in waiting]

    def _judge(
        self,
        ctx: CheckContext,
        reply: Message,
        parts: list[Message],
        turns: list[list[Message]],
        params: EmpathyParams,
    ) -> Finding | None:
        """A finding on `reply` (its first part) when one of the customers it answers is
        upset in their messages since the last reply to them and no part acknowledges it."""
        analysis = ctx.analysis(reply)
        # A later part whose first part is missing ("2/2" alone): the acknowledgement may
        # have been in the part we cannot see.
        if analysis.channel.continues or not analysis.sentences:
            return None
        # Each condition below is enough to clear the reply; the cheap ones are asked first,
        # and the reply's language (the costliest) only when all the others hold.
        if any(acknowledgements_in(ctx.analysis(part)) for part in parts):
            return None
        upset = next(
            (found for turn in turns if (found := self._upset_customer(ctx, turn, params))),
            None,
        )
        if upset is None or _foreign(analysis):
            return None
        customer, sentiment = upset
        first = analysis.sentences[0]
        evidence, opener = self._evidence(ctx, customer, sentiment)
        return self.finding(
            ctx,
            reply,
            first.start,
            first.end,
            explanation=f"The customer is upset ({evidence}) and this reply does not "
            "acknowledge it.",
            suggestion=f'Open with a one-line acknowledgement, e.g. "{opener}"',
            data={"customer_message_id": customer.id, **fix_data(opener, "prepend")},
            strength=_strength(sentiment),
        )

    def _upset_customer(
        self, ctx: CheckContext, messages: list[Message], params: EmpathyParams
    ) -> tuple[Message, Sentiment] | None:
        """The latest upset customer message among `messages`, with its sentiment; an
        outburst followed by praise or "it's sorted" ("all sorted now, you're great!") has
        passed."""
        found: tuple[Message, Sentiment] | None = None
        for message in messages:
            if not message.text.strip():
                continue
            analysis = ctx.analysis(message)
            sentiment = analysis.sentiment
            # The cues and the tone model are English: a message in another language is
            # not judged on them. Its language is identified only when its cues would count.
            if sentiment.upset or (params.trigger == "complaint" and sentiment.complaint):
                if not _foreign(analysis):
                    found = (message, sentiment)
            elif sentiment.content and not _foreign(analysis):
                found = None
        return found

    def _evidence(
        self, ctx: CheckContext, customer: Message, sentiment: Sentiment
    ) -> tuple[str, str]:
        """What showed the customer was upset, in words, and an opener that fits it."""
        cue = sentiment.cues[0] if sentiment.cues else None
        if cue is not None:
            quoted = " ".join(customer.text[cue.start : cue.end].split())
            return f'they wrote "{quoted}"', OPENERS.get(cue.label, DEFAULT_OPENER)
        if sentiment.shouting:
            return "they wrote in capitals", DEFAULT_OPENER
        if sentiment.upset and sentiment.marks:
            return f'they wrote with "{sentiment.marks}"', DEFAULT_OPENER
        if not sentiment.upset and sentiment.problems:
            problem = sentiment.problems[0]
            quoted = " ".join(customer.text[problem.start : problem.end].split())
            return f'they wrote "{quoted}"', OPENERS.get(problem.label, PROBLEM_OPENER)
        # Only a calm complaint is left (trigger "complaint"): quote what it said.
        sentences = ctx.analysis(customer).sentences
        telling = [s.text for s in sentences if len(s.text.split()) >= MIN_QUOTE_WORDS]
        quoted = telling[0] if telling else customer.text.strip()
        if len(quoted) > QUOTE_CHARS:
            quoted = quoted[: QUOTE_CHARS - 1].rstrip() + "…"
        return f'they wrote "{quoted}"', DEFAULT_OPENER


def _foreign(analysis: MessageAnalysis) -> bool:
    """Clearly not English: the word lists here would misjudge it, so it is left alone."""
    language = analysis.language
    return language.code != "en" and language.confidence >= FOREIGN_CONFIDENCE


def _strength(sentiment: Sentiment) -> float:
    """How plainly the feeling shows, 0..1: one sign gives 0.4, and each further kind of sign
    (another kind of word, a raised voice, piled-up marks) adds 0.2."""
    kinds = len({hit.label for hit in sentiment.cues}) + sentiment.shouting + sentiment.exclamations
    return round(min(1.0, STRENGTH_BASE + STRENGTH_STEP * max(1, kinds)), 2)
