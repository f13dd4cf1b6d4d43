"""responsiveness.chasing: the customer had to chase for an answer.

"Any update?", "still waiting", "this is the third time I ask", "hello??", "I asked yesterday
and nobody answered": when a customer has to chase, the desk has already left them in the
dark. In an audit the finding sits on the chasing phrase of the customer's message. Before a
reply is sent, a draft that answers a chase without acknowledging the delay (an apology, or
thanks for their patience) is flagged on the draft.

A chase is read three ways:

- explicit words ("third time", "still waiting for", "been on hold for an hour", "I already
  talked to someone") count wherever they appear, the customer's first message included: they
  speak of earlier contact, here or elsewhere;
- weak words ("any update?", "hello??", "following up") count only when the customer has
  written before in this conversation, since "any update on my order?" as an opening line is
  a status question, not a chase;
- a nudge, whatever its words ("please help", "??", a bare @mention, the question asked again):
  a customer writing again after waiting at least `nudge_after_minutes` with no reply to them
  since their last message. Parts of one message are no nudge: a split message ("1/2", "2/2")
  or a burst sent while the customer is still writing. Neither is a message after which no
  reply was owed ("thanks", "it's working again", "never mind"), nor a reply to another
  customer in the thread.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from pydantic import Field

from trustdesk.checks.base import CheckContext, Signal
from trustdesk.checks.customer_turn import CustomerTurnCheck, TurnParams
from trustdesk.checks.responsiveness.thread import (
    Thread,
    thread_of,
    to_another_customer,
    to_org,
)
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.acknowledgement import DELAY_APOLOGY
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.wordlists import load

# Count "any update?"-style chases in the customer's first message too.
WEAK_CHASES_IN_FIRST_MESSAGE = False
# A customer who writes again this long after their last message, with no reply in between,
# has waited rather than is still writing: the message is a nudge. Bursts of one thought on
# social channels run to a quarter of an hour; a first reply there is expected within the hour.
NUDGE_AFTER_MINUTES = 30.0
# How sure language identification must be before a message is treated as not English.
FOREIGN_CONFIDENCE = 0.5
# A thank-you or praise this long at most, with no question, closes the customer's turn.
SETTLED_MAX_WORDS = 20
# A bare acknowledgement ("ok, will do") this long at most closes it too.
ACK_MAX_WORDS = 3
# The strength of a nudge grows with the wait: the floor at `nudge_after_minutes`, the ceiling
# once the customer has waited a day.
NUDGE_STRENGTH = (0.5, 0.9)
# The strength of a chase read from its words, by kind.
WORD_STRENGTH = {"repeat": 0.95, "ignored": 0.95, "waiting": 0.9, "weak": 0.7, "status": 0.6}
# The kinds of phrase that count only after the customer has written before.
LATER_ONLY = frozenset({"weak", "status"})

# The phrases are in data/lexicons/responsiveness.yaml.
_WORDS = load("responsiveness")
CHASES = _WORDS.lexicon("responsiveness.chasing")
SETTLED = _WORDS.lexicon("responsiveness.chasing.settled")

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
    nudge_after_minutes: float = Field(default=NUDGE_AFTER_MINUTES, gt=0)


@dataclass(frozen=True, slots=True)
class Chase:
    """Where a customer message chases, how (`kind`) and how clearly (`strength`, 0-1)."""

    start: int
    end: int
    text: str
    kind: str
    strength: float
    # For a nudge: the minutes since the customer's previous message.
    waited_minutes: float | None = None


class CustomerChasing(CustomerTurnCheck[ChasingParams]):
    id = "responsiveness.chasing"
    principle = Principle.RESPONSIVENESS
    severity = Severity.WARN
    summary = 'The customer had to chase: "any update?", "still waiting", "third time I ask".'
    signals = frozenset({Signal.CHASED})
    lexicons = (CHASES, SETTLED, DELAY_APOLOGY)

    def audit(self, ctx: CheckContext) -> Iterator[Finding]:
        thread = thread_of(ctx)
        for index, message in ctx.judged(self.judges):
            chase = self._chase(ctx, index, thread)
            if chase is None:
                continue
            data: dict[str, object] = {"kind": chase.kind}
            if chase.waited_minutes is not None:
                data["waited_minutes"] = round(chase.waited_minutes, 1)
            yield self.finding(
                ctx,
                message,
                chase.start,
                chase.end,
                explanation=_explain(chase),
                suggestion=SUGGESTION_AUDIT,
                data=data,
                strength=chase.strength,
            )

    def judge_draft(self, ctx: CheckContext, index: int, draft: Message) -> Iterator[Finding]:
        pending = self._pending_chase(ctx, index)
        if pending is None or ctx.analysis(draft).hits(DELAY_APOLOGY):
            return
        chased, chase = pending
        yield self.on_draft(
            ctx,
            draft,
            explanation=f'The customer chased ("{chase.text}") and this reply does not '
            "acknowledge the wait.",
            suggestion=SUGGESTION_REPLY,
            data={"chase_message_id": chased.id, "chase": chase.text},
        )

    def _chase(self, ctx: CheckContext, index: int, thread: Thread) -> Chase | None:
        message = ctx.messages[index]
        if message.role != Role.CUSTOMER:
            return None
        analysis = ctx.analysis(message)
        allow_weak = thread.wrote_before[index] or self.params.weak_chases_in_first_message
        for hit in analysis.hits(CHASES):
            if hit.label in LATER_ONLY and not allow_weak:
                continue
            if hit.label in LATER_ONLY and to_another_customer(analysis, message, thread):
                continue
            if hit.label == "status" and _answers_question(ctx, thread.answers[index]):
                continue  # "still not working" in answer to "did that help?" is a report
            if _foreign(analysis):
                break  # the phrases would misjudge it; its timing still tells
            return Chase(hit.start, hit.end, hit.text, hit.label, WORD_STRENGTH[hit.label])
        return self._nudge(ctx, index, thread)

    def _nudge(self, ctx: CheckContext, index: int, thread: Thread) -> Chase | None:
        """A message written after waiting, with no reply since the customer's last one."""
        before = thread.previous[index]
        if before is None:
            return None
        message, previous = ctx.messages[index], ctx.messages[before]
        if message.at is None or previous.at is None:
            return None  # without times, waiting cannot be told from still writing
        waited = message.at - previous.at
        threshold = timedelta(minutes=self.params.nudge_after_minutes)
        if waited < threshold:
            return None
        analysis, earlier = ctx.analysis(message), ctx.analysis(previous)
        if analysis.channel.continues or _announces_parts(earlier):
            return None  # the later part of a split message, however late it came
        if _settled(earlier) or _settled(analysis):
            return None
        if to_another_customer(analysis, message, thread):
            return None
        if not to_org(earlier, previous, thread):
            return None  # a public post about the organisation: no reply was asked for
        body = analysis.channel.body
        sentence = analysis.sentence_at(body.start)
        end = body.end if sentence is None else min(body.end, max(sentence.end, body.start))
        if end <= body.start:  # nothing but handles or a link: the whole message nudges
            start, end = 0, len(message.text.rstrip())
        else:
            start = body.start
        minutes = waited.total_seconds() / 60
        return Chase(
            start,
            end,
            message.text[start:end],
            "nudge",
            _nudge_strength(minutes, self.params.nudge_after_minutes),
            waited_minutes=minutes,
        )

    def _pending_chase(self, ctx: CheckContext, draft_index: int) -> tuple[Message, Chase] | None:
        """The latest chase among the customer's messages since the last org reply."""
        thread = thread_of(ctx)
        found: tuple[Message, Chase] | None = None
        for index in range(draft_index - 1, -1, -1):
            if ctx.messages[index].is_org:
                break
            chase = self._chase(ctx, index, thread)
            if chase is not None:
                found = (ctx.messages[index], chase)
                break
        return found


def _answers_question(ctx: CheckContext, org_index: int | None) -> bool:
    """Whether the org message at `org_index` (if any) asked the customer something."""
    return org_index is not None and bool(ctx.analysis(ctx.messages[org_index]).questions)


def _announces_parts(analysis: MessageAnalysis) -> bool:
    """A part marker with a count ("1/2") says the next message is its rest; an open-ended
    one ("2/n") says nothing of a message that comes much later without a marker."""
    part = analysis.channel.part
    return part is not None and part[1] is not None and analysis.channel.continued


def _settled(analysis: MessageAnalysis) -> bool:
    """A message after which no reply is owed: a problem fixed, a request withdrawn, or a short
    thank-you or praise with no question and nothing still wrong."""
    body = analysis.channel.body
    if "?" in body.text:
        return False
    labels = {hit.label for hit in analysis.hits(SETTLED) if body.start <= hit.start < body.end}
    if "resolved" in labels:
        return True
    if "unsettled" in labels or not labels & {"thanks", "praise", "ack"}:
        return False
    words = sum(1 for word in analysis.words if body.start <= word.start < body.end)
    if labels & {"thanks", "praise"}:
        return words <= SETTLED_MAX_WORDS
    return words <= ACK_MAX_WORDS


def _nudge_strength(minutes: float, threshold: float) -> float:
    low, high = NUDGE_STRENGTH
    day = 24 * 60
    if threshold >= day:
        return high
    share = math.log(max(minutes, threshold) / threshold) / math.log(day / threshold)
    return round(low + (high - low) * min(share, 1.0), 2)


def _explain(chase: Chase) -> str:
    if chase.kind == "nudge" and chase.waited_minutes is not None:
        return (
            f"The customer wrote again after {_plain_minutes(chase.waited_minutes)} with no "
            f'reply ("{chase.text}"): they had to chase for an answer.'
        )
    return f'The customer had to chase for an answer ("{chase.text}"): they were left waiting.'


def _plain_minutes(minutes: float) -> str:
    if minutes < 120:
        return f"{int(minutes)} minutes"
    if minutes < 48 * 60:
        return f"{int(minutes // 60)} hours"
    return f"{int(minutes // (24 * 60))} days"


def _foreign(analysis: MessageAnalysis) -> bool:
    """Clearly not English: the phrases here would misjudge it, so it is left alone."""
    language = analysis.language
    return language.code != "en" and language.confidence >= FOREIGN_CONFIDENCE
