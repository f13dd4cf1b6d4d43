"""transparency.evasive: a deflection that gives the customer no reason.

"That's just our policy", "I can't tell you that" or "it is what it is" close a question
without an explanation, which customers read as hiding something. A deflection is fine when
the same sentence or the next one gives the reason ("because", "so that", "for security",
"the law requires"), so those are not flagged.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Severity
from trustdesk.text.ranges import any_starting_within
from trustdesk.text.spans import Span
from trustdesk.text.wordlists import load

# The phrases are in data/lexicons/transparency.yaml.
_WORDS = load("transparency")
DEFLECTIONS = _WORDS.lexicon("transparency.evasive")

REASONS = _WORDS.lexicon("transparency.evasive.reasons")

SUGGESTIONS = {
    "just_policy": "Say what the policy is for and what the customer can do instead, e.g. "
    '"We ask for this because …; what I can do is …".',
    "cannot_say": "Give the reason you cannot share it (e.g. privacy or security) and what "
    "the customer can do to get the answer.",
    "shrug": "Explain the reason, and offer the next best option.",
}


class EvasiveDeflection(Check):
    id = "transparency.evasive"
    principle = Principle.TRANSPARENCY
    severity = Severity.WARN
    summary = 'A deflection with no reason: "that\'s just our policy", "I can\'t tell you that".'
    lexicons = (DEFLECTIONS, REASONS)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for _, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            hits = analysis.hits(DEFLECTIONS)
            if not hits:
                continue
            reasons = analysis.hits(REASONS)
            for hit in hits:
                sentence = analysis.sentence_at(hit.start)
                if sentence is None:
                    continue
                # A reason in the same sentence or the next one makes it an explanation.
                sentences = analysis.sentences
                following = bisect.bisect_left(sentences, sentence.end, key=_start)
                window_end = (
                    sentences[following].end if following < len(sentences) else sentence.end
                )
                if any_starting_within(reasons, sentence.start, window_end):
                    continue
                yield self.finding(
                    ctx,
                    message,
                    hit.start,
                    hit.end,
                    explanation="This turns the customer away without saying why.",
                    suggestion=SUGGESTIONS[hit.label],
                    data={"kind": hit.label},
                )


def _start(sentence: Span) -> int:
    return sentence.start
