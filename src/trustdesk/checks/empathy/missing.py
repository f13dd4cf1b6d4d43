"""empathy.missing: the customer is upset and the next reply does not acknowledge it.

A customer who writes "this is unacceptable", "third time I ask", "I'm so disappointed", in
capitals or with "!!", needs to hear that someone noticed before they hear the fix. This check
reads the customer's messages since the previous agent or bot reply; when one of them is upset
(see `trustdesk.text.sentiment`) and the reply neither apologises nor acknowledges the feeling
("I'm sorry", "I understand how frustrating this is", "that must be stressful", "thank you for
your patience"), the reply is flagged on its first sentence, quoting what showed the customer
was upset and offering a one-line acknowledgement to open with.

With `trigger: complaint` the check also asks for an acknowledgement when the customer calmly
reports a problem ("my parcel never arrived"), as stricter quality rubrics do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.fixes import fix_data
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.acknowledgement import ACKNOWLEDGEMENT
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.sentiment import UPSET_BELOW, Sentiment

# "upset": a feeling shows (frustration cues, a clearly negative tone, capitals, "!!");
# "complaint": also a calm report that something went wrong.
TRIGGER: Literal["upset", "complaint"] = "upset"
# How much of the customer's message an explanation quotes when no single cue shows it, and
# the fewest words a quoted sentence has ("Hi." says nothing).
QUOTE_CHARS = 80
MIN_QUOTE_WORDS = 3
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

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        previous_org = -1
        judged = dict(ctx.judged(self.judges))
        for index, message in enumerate(ctx.messages):
            if not message.is_org:
                continue
            since, previous_org = previous_org, index
            if index not in judged:
                continue
            upset = self._upset_customer(ctx, ctx.messages[since + 1 : index], params)
            if upset is None:
                continue
            analysis = ctx.analysis(message)
            if not analysis.sentences or analysis.hits(ACKNOWLEDGEMENT) or _foreign(analysis):
                continue
            customer, sentiment = upset
            first = analysis.sentences[0]
            evidence, opener = self._evidence(ctx, customer, sentiment)
            yield self.finding(
                ctx,
                message,
                first.start,
                first.end,
                explanation=f"The customer is upset ({evidence}) and this reply does not "
                "acknowledge it.",
                suggestion=f'Open with a one-line acknowledgement, e.g. "{opener}"',
                data={"customer_message_id": customer.id, **fix_data(opener, "prepend")},
            )

    def _upset_customer(
        self, ctx: CheckContext, messages: list[Message], params: EmpathyParams
    ) -> tuple[Message, Sentiment] | None:
        """The latest upset customer message among `messages`, with its sentiment."""
        for message in reversed(messages):
            if message.role != Role.CUSTOMER or not message.text.strip():
                continue
            analysis = ctx.analysis(message)
            sentiment = analysis.sentiment
            if sentiment.upset or (params.trigger == "complaint" and sentiment.complaint):
                # The cues and the tone model are English: a message in another language
                # is not judged on them.
                return None if _foreign(analysis) else (message, sentiment)
        return None

    def _evidence(
        self, ctx: CheckContext, customer: Message, sentiment: Sentiment
    ) -> tuple[str, str]:
        """What showed the customer was upset, in words, and an opener that fits it."""
        cue = sentiment.cues[0] if sentiment.cues else None
        if cue is not None:
            return f'they wrote "{cue.text}"', OPENERS.get(cue.label, DEFAULT_OPENER)
        if sentiment.shouting:
            return "they wrote in capitals", DEFAULT_OPENER
        if sentiment.upset and sentiment.compound > UPSET_BELOW and sentiment.exclamations:
            return 'they wrote with "!!"', DEFAULT_OPENER
        if not sentiment.upset and sentiment.problems:
            return f'they wrote "{sentiment.problems[0].text}"', PROBLEM_OPENER
        # Upset by tone alone: quote the first sentence that says something.
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
