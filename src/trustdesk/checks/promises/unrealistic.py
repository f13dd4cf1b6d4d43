"""promises.unrealistic: a promise we cannot be sure to keep.

Two kinds. An absolute guarantee about an outcome ("guaranteed", "I'm 100% sure it will
arrive", "this will never happen again", "I promise it will be fixed") sets up a broken
promise the moment anything outside the agent's hands goes wrong. And a promised timeline
shorter than the policy's own fact for the topic ("you'll have the refund within 24 hours"
when refunds take 5-10 business days) is a promise the organisation already knows it will not
keep. The fix for a timeline quotes the fact's statement.

Not flagged: a guarantee that is negated ("I can't guarantee", "there's no guarantee"), and a
timeline that fits the fact. A claim that is not a promise ("refunds take 24 hours"), or a
promised time longer than the fact allows, is reported by honesty.policy_conflict instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.fixes import fix_data
from trustdesk.checks.mentions import message_mentions
from trustdesk.model import Finding, Message, Principle, Severity
from trustdesk.policy.schema import DurationFact
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.claims import (
    compare_duration,
    counted_from,
    describe_fact_range,
    specific_mentions,
    within,
)
from trustdesk.text.commitments import Commitment
from trustdesk.text.ranges import containing, last_ending_by, starting_within
from trustdesk.text.wordlists import load

# Flag absolute guarantees about outcomes.
FLAG_GUARANTEES = True
# Flag promised timelines shorter than the policy's fact for the topic.
FLAG_TIMELINES = True

# The phrases are in data/lexicons/promises.yaml.
_WORDS = load("promises")
GUARANTEES = _WORDS.lexicon("promises.unrealistic")
# Every guarantee pattern holds one of these: most replies skip the scan.
_GUARANTEE_WORDS = tuple(_WORDS.words("guarantee_words"))
# "I can't guarantee", "there is no guarantee": honest, not a guarantee.
_NEGATED = re.compile(_WORDS.pattern("negated_guarantee"), re.IGNORECASE)
# A promise about "it" or "them" refers back to what the previous words named.
_REFERS_BACK = re.compile(_WORDS.pattern("refers_back"), re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:—–]|\s-\s|\s(?:and|but|so|while|whereas)\s", re.IGNORECASE)
_GUARANTEE_FIX = (
    "Promise only what you control: say what you have done and what you will do "
    "next, e.g. \"We've fixed the cause and we're monitoring it closely.\""
)


class UnrealisticParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    flag_guarantees: bool = FLAG_GUARANTEES
    flag_timelines: bool = FLAG_TIMELINES


class UnrealisticPromise(Check[UnrealisticParams]):
    id = "promises.unrealistic"
    principle = Principle.PROMISES
    severity = Severity.WARN
    summary = (
        "An absolute guarantee, or a promised time shorter than the policy allows "
        '("refund within 24 hours").'
    )
    lexicons = (GUARANTEES,)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        for _, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            if params.flag_guarantees:
                yield from self._guarantees(ctx, message, analysis)
            if params.flag_timelines and ctx.policy.facts:
                yield from self._timelines(ctx, message, analysis)

    def _guarantees(
        self, ctx: CheckContext, message: Message, analysis: MessageAnalysis
    ) -> Iterator[Finding]:
        if not any(word in analysis.lower for word in _GUARANTEE_WORDS):
            return
        taken = -1
        for hit in analysis.hits(GUARANTEES):
            if hit.start < taken:
                continue
            sentence = containing(analysis.sentences, hit.start)
            floor = sentence.start if sentence is not None else 0
            if _NEGATED.search(analysis.text, max(floor, hit.start - 40), hit.start):
                continue
            # One finding per sentence: "I guarantee this will never happen again" is one.
            taken = max(hit.end, sentence.end if sentence is not None else hit.end)
            yield self.finding(
                ctx,
                message,
                hit.start,
                hit.end,
                explanation="An absolute guarantee about an outcome we do not fully control "
                "becomes a broken promise if anything goes wrong.",
                suggestion=_GUARANTEE_FIX,
                data={"kind": hit.label},
            )

    def _timelines(
        self, ctx: CheckContext, message: Message, analysis: MessageAnalysis
    ) -> Iterator[Finding]:
        organisation = ctx.policy.organisation
        for commitment in analysis.commitments:
            time = commitment.time
            # Contacting the customer has no policy timeline; what happens to their case has.
            if time is None or time.vague or commitment.kind == "follow_up":
                continue
            facts = _duration_facts(ctx, message, analysis, commitment)
            verdicts = [
                compare_duration(
                    time, fact, message.at, organisation.tz, organisation.business_hours
                )
                for fact in facts
            ]
            # Only when every fact the sentence is about says it is too short.
            if not facts or any(verdict != "shorter" for verdict in verdicts):
                continue
            fact = facts[0]
            start, end = commitment.extent
            yield self.finding(
                ctx,
                message,
                start,
                end,
                explanation=f'This promises "{time.text}", but our policy gives '
                f"{describe_fact_range(fact)} for {fact.topic}.",
                suggestion=f'Promise what the policy supports: "{fact.statement}"',
                data={"kind": "timeline", "topic": fact.topic, **fix_data(fact.statement)},
            )


def _duration_facts(
    ctx: CheckContext, message: Message, analysis: MessageAnalysis, commitment: Commitment
) -> list[DurationFact]:
    """The duration facts a promise is about: triggers in its own part of the sentence.

    "It will be dispatched today, and standard delivery takes 2-5 days" does not promise
    delivery today: the trigger is in another clause. A promise about "it" or "them" looks
    back for what it refers to, in the sentence or the one before.
    """
    text, everywhere = analysis.text, message_mentions(ctx, message)
    sentence = commitment.sentence
    mentions = specific_mentions(within(everywhere, sentence.start, sentence.end))
    # The promise's own clause: up to the next promise, or the next clause after its time.
    later = starting_within(analysis.commitments, commitment.start + 1, sentence.end)
    _, extent_end = commitment.extent
    boundary = _CLAUSE_END.search(text, extent_end, sentence.end)
    part_end = min([*(c.start for c in later[:1]), boundary.start() if boundary else sentence.end])
    own = [m for m in mentions if commitment.start <= m.start < part_end]
    if not own and _REFERS_BACK.match(commitment.text):
        own = [m for m in mentions if m.start < commitment.start]
        before = last_ending_by(analysis.sentences, sentence.start)
        if not own and before is not None:
            own = specific_mentions(within(everywhere, before.start, before.end))
    time = commitment.time
    found: list[DurationFact] = []
    for mention in own:
        if time is not None and counted_from(text, time.end, mention):
            continue
        if isinstance(mention.fact, DurationFact) and mention.fact not in found:
            found.append(mention.fact)
    return found
