"""promises.vague: a promise to follow up or act, with no time the customer can hold us to.

"We will get back to you", "someone will be in touch soon" or "we will endeavour to look into
it" leave the customer unable to plan, or to know when to chase. A promise is concrete when
its sentence names a time ("by 3pm", "within 2 business days", "tomorrow morning"); "soon",
"shortly" and "as soon as possible" are not times.

Flagged by default: promises to follow up (contact, update, investigate), promises about what
will happen to the customer's case ("your refund will be processed"), and hedged promises
("we'll try to", "we will endeavour to"). Plain actions ("I'll send you the label") are left
alone, as in a chat they usually happen at once; add "action" to `kinds` to flag them too.
Not flagged: a vague promise in a message that also makes a concrete follow-up promise; a
promise that waits on the customer ("once you send the photo, we'll look into it"), or an offer
made in a reply that asks the customer to act first ("please share your order number here and
we'll get back to you", "could you DM us your email? We'll take a look"), as the reply and the
parts it is split into ("1/2", "2/2") read together; and a general statement rather than a
promise to this customer ("we try to upgrade as many as we can", "when an order is cancelled,
you'll receive an email", "we hope to welcome you soon").

The suggested fix names a real time: the message's time plus the policy's update interval
(`sla.update_interval`, in business hours when `sla.business_hours_only` is set); or, for a
promise about a topic the policy has a timeline for, that timeline's statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.fixes import fix_data
from trustdesk.checks.parts import turn_starts
from trustdesk.model import Finding, Message, Principle, Severity
from trustdesk.policy.schema import DurationFact, Policy
from trustdesk.text.business_time import add_business_time
from trustdesk.text.claims import fact_mentions
from trustdesk.text.commitments import Commitment, CommitmentKind
from trustdesk.text.wordlists import load

# The kinds of promise that must name a time (follow_up, outcome, action).
KINDS: tuple[CommitmentKind, ...] = ("follow_up", "outcome")
# Flag "we'll try to…", "we will endeavour to…" of any kind when no time is given.
FLAG_HEDGED = True
# The suggested time is rounded down to this many minutes, so it reads naturally.
ROUND_MINUTES = 30

# The phrases are in data/lexicons/promises.yaml.
_WORDS = load("promises")
# The next step is the customer's: "once you send the photos, we'll look into it".
_WAITS_ON_CUSTOMER = re.compile(_WORDS.pattern("waits_on_customer"), re.IGNORECASE)
# The reply asks the customer to act first: "please share your details", "mind sending ...".
_CUSTOMER_STEP = re.compile(_WORDS.pattern("customer_step"), re.IGNORECASE)
# A question that asks nothing a promise waits on: "anything else we can help with?".
_COURTESY = re.compile(_WORDS.pattern("courtesy_question"), re.IGNORECASE)


class VagueParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: tuple[CommitmentKind, ...] = Field(default=KINDS, min_length=1)
    flag_hedged: bool = FLAG_HEDGED
    round_minutes: int = Field(default=ROUND_MINUTES, ge=1, le=120)


class VaguePromise(Check[VagueParams]):
    id = "promises.vague"
    principle = Principle.PROMISES
    severity = Severity.WARN
    summary = 'A promise with no time: "we\'ll get back to you", "someone will be in touch soon".'

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        asks = _TurnAsks(ctx)
        for index, message in ctx.judged(self.judges):
            commitments = ctx.analysis(message).commitments
            if not commitments:
                continue
            # A concrete follow-up elsewhere in the message already tells the customer when.
            if any(c.kind == "follow_up" and not c.vague for c in commitments):
                continue
            for commitment in commitments:
                if not commitment.vague or commitment.general:
                    continue
                if commitment.kind not in params.kinds and not (
                    params.flag_hedged and commitment.hedged
                ):
                    continue
                if _waits_on_customer(message.text, commitment) or asks.customer(index):
                    continue
                start, end = commitment.extent
                suggestion, example = _suggestion(
                    ctx.policy, message, commitment, params.round_minutes
                )
                yield self.finding(
                    ctx,
                    message,
                    start,
                    end,
                    explanation=_explanation(commitment),
                    suggestion=suggestion,
                    data={
                        "kind": commitment.kind,
                        "hedged": commitment.hedged,
                        **fix_data(example),
                    },
                )


def _waits_on_customer(text: str, commitment: Commitment) -> bool:
    prefix = text[commitment.sentence.start : commitment.start]
    return bool(_WAITS_ON_CUSTOMER.match(prefix))


class _TurnAsks:
    """Whether the turn a reply belongs to (the reply and the parts it is split into) asks the
    customer to act: a request to send, share or report something, or a question about their
    case. Each turn is read once, on first need."""

    def __init__(self, ctx: CheckContext) -> None:
        self._ctx = ctx
        self._found: dict[int, bool] = {}

    def customer(self, index: int) -> bool:
        starts = turn_starts(self._ctx)
        start = starts[index]
        if start not in self._found:
            messages = self._ctx.messages
            end = start
            while end < len(messages) and starts[end] == start:
                end += 1
            self._found[start] = any(_asks(self._ctx, m) for m in messages[start:end])
        return self._found[start]


def _asks(ctx: CheckContext, message: Message) -> bool:
    analysis = ctx.analysis(message)
    body = analysis.channel.body
    for sentence in analysis.sentences:
        start, end = max(sentence.start, body.start), min(sentence.end, body.end)
        if start < end and _CUSTOMER_STEP.search(message.text[start:end]):
            return True
    return any(not _COURTESY.search(question.text) for question in analysis.questions)


def _explanation(commitment: Commitment) -> str:
    if commitment.time is not None:
        return (
            f'"{commitment.time.text}" is not a time the customer can hold us to, so they '
            f"cannot know when to expect it or when to chase."
        )
    if commitment.hedged:
        return (
            "This promises an effort with no time, so the customer cannot know what will "
            "happen or when."
        )
    return "This promises to act but gives no time, so the customer cannot know when to expect it."


def _suggestion(
    policy: Policy, message: Message, commitment: Commitment, round_minutes: int
) -> tuple[str, str]:
    """The advice, and the sentence it offers as the one-click fix."""
    if commitment.kind == "outcome":
        for mention in fact_mentions(
            policy.facts, message.text, commitment.sentence.start, commitment.sentence.end
        ):
            if isinstance(mention.fact, DurationFact):
                statement = mention.fact.statement
                return f'Say when, as the policy does: "{statement}"', statement
    if message.at is None:
        interval = _describe(policy.sla.update_interval, policy.sla.business_hours_only)
        example = f"We'll update you within {interval}."
        return f'Say when the customer will hear from you, e.g. "{example}"', example
    due = update_time(policy, message.at, round_minutes)
    example = f"We'll update you by {due:%H:%M} on {due:%A} {due.day} {due:%B}."
    return f'Give a time you can keep, e.g. "{example}"', example


def update_time(policy: Policy, at: datetime, round_minutes: int = ROUND_MINUTES) -> datetime:
    """When the next update is due under the policy's SLA, rounded down for a readable time."""
    organisation = policy.organisation
    tz = organisation.tz
    interval = policy.sla.update_interval
    if policy.sla.business_hours_only:
        due = add_business_time(at, interval, tz, organisation.business_hours)
    else:
        due = (at + interval).astimezone(tz)
    minutes = due.hour * 60 + due.minute
    minutes -= minutes % round_minutes
    rounded = due.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)
    return rounded if rounded > at else due


def _describe(interval: timedelta, business: bool) -> str:
    hours = interval.total_seconds() / 3600
    amount = f"{hours:g} hour{'s' if hours != 1 else ''}"
    if hours >= 48 and hours % 24 == 0:
        days = int(hours // 24)
        amount = f"{days} day{'s' if days != 1 else ''}"
    return f"{amount} (business hours)" if business else amount
