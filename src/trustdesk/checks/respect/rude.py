"""respect.rude: blame, condescension, sarcasm, dismissal, shouting and profanity in a reply.

A customer who feels blamed ("you should have read the instructions"), talked down to ("as I
already explained", "it's really not that hard"), mocked ("good luck with that"), brushed off
("not my problem", "deal with it"), shouted at (several words in capitals) or sworn at stops
trusting the company, whatever the answer says. Each phrase is flagged with what it does to
the customer and a kinder way to say the same thing.

The patterns are written for precision on polite support language: "simply click the link",
"all you need to do is …", "we'll deal with it today", "it's not your fault", "whatever works
for you" and acronyms in capitals (SMS, PIN, UK) are not flagged, nor capitals that name
something on screen: a button or menu item after a path arrow or in quotes ("Help > Contact us >
I STILL NEED HELP", 'tap "RESET MY PASSWORD"').
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Severity
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.spans import Span
from trustdesk.text.wordlists import load

Category = Literal["blame", "condescension", "sarcasm", "dismissal", "profanity", "shouting"]

# Capitalised words in a row (acronyms apart) that read as shouting.
SHOUTING_MIN_WORDS = 3
# Words in capitals that are not shouting: product names, the organisation's own acronyms.
ALLOWED_CAPITALS: tuple[str, ...] = ()
IGNORE: tuple[Category, ...] = ()

# A blame or insult in a negated clause is reassurance: "I don't think it's your fault".
_NEGATED = re.compile(r"(?:\b(?:not|never|no|nobody|none)\b|n['’]t\b)[^.!?]{0,24}$", re.I)
_NEGATABLE = frozenset({"blame", "profanity"})
_TWO_CAPITALS = re.compile(r"[A-ZÀ-ÖØ-Þ]{2}")
_SHOUT_GAP = re.compile(r"[.!?'\"“”‘’]*\s+")
# Capitals right after a menu path's arrow or an opening quote name a button or a menu item.
_LABEL_BEFORE = ("&gt;", ">", "→", "»", "›", "|", '"', "“", "‘", "'")
_LABEL_REACH = 8
# The phrases are in data/lexicons/respect.yaml: one lexicon labelled by kind, whose RE2 gate
# dismisses a polite reply with one linear-time pass before any pattern is tried.
_WORDS = load("respect")
LEXICON = _WORDS.lexicon("respect.rude")
# Acronyms and initialisms in capitals that are not shouting.
ACRONYMS = frozenset(_WORDS.words("acronyms"))

EXPLANATIONS: dict[str, str] = {
    "blame": "This blames the customer, which puts them on the defensive instead of solving "
    "the problem.",
    "condescension": "This talks down to the customer.",
    "sarcasm": "Sarcasm reads as contempt in writing.",
    "dismissal": "This brushes the customer's problem aside.",
    "profanity": "Profanity and insults have no place in a reply to a customer.",
    "shouting": "Several words in capitals read as shouting.",
}
SUGGESTIONS: dict[str, str] = {
    "blame": "Say what happened and what you will do, without blaming the customer, e.g. "
    '"It looks like the setting was switched off; here is how to turn it back on."',
    "condescension": 'Drop the put-down and restate the point kindly, e.g. "To recap, …" '
    'or "Here are the steps again: …".',
    "sarcasm": "Say plainly what you can do, e.g. \"I'm sorry this hasn't worked; here is "
    'what I can do next."',
    "dismissal": "Acknowledge the problem and say what you will do or who will help, e.g. "
    '"I understand; I\'ll pass this to our billing team and update you by 5pm."',
    "profanity": "Remove the profanity or insult and keep to a calm, professional tone.",
    "shouting": "Write in sentence case; for emphasis use a short sentence instead of capitals.",
}


class RudeReplyParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    shouting_min_words: int = Field(default=SHOUTING_MIN_WORDS, ge=2)
    allowed_capitals: tuple[str, ...] = ALLOWED_CAPITALS
    ignore: tuple[Category, ...] = IGNORE


class RudeReply(Check[RudeReplyParams]):
    id = "respect.rude"
    principle = Principle.RESPECT
    severity = Severity.WARN
    summary = "Blame, condescension, sarcasm, dismissal, shouting or profanity in a reply."
    lexicons = (LEXICON,)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        allowed = ACRONYMS | {word.upper() for word in params.allowed_capitals}
        for _, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            spans: list[tuple[str, Span]] = []
            if "shouting" not in params.ignore:
                spans.extend(
                    ("shouting", span)
                    for span in _shouting(analysis, allowed, params.shouting_min_words)
                )
            for hit in analysis.hits(LEXICON):
                if hit.label in params.ignore:
                    continue
                if hit.label in _NEGATABLE and _negated(analysis, hit.start):
                    continue
                spans.append((hit.label, hit.span))
            taken_until = -1
            for label, span in sorted(spans, key=lambda pair: (pair[1].start, -pair[1].end)):
                if span.start < taken_until:
                    continue  # one finding per phrase, even when two patterns match it
                taken_until = span.end
                yield self.finding(
                    ctx,
                    message,
                    span.start,
                    span.end,
                    explanation=EXPLANATIONS[label],
                    suggestion=SUGGESTIONS[label],
                    data={"kind": label},
                )


def _negated(analysis: MessageAnalysis, start: int) -> bool:
    sentence = analysis.sentence_at(start)
    lead_start = max(sentence.start if sentence else 0, start - 40)
    return _NEGATED.search(analysis.text, lead_start, start) is not None


def _shouting(analysis: MessageAnalysis, allowed: frozenset[str], min_words: int) -> Iterator[Span]:
    """Runs of words in capitals holding at least `min_words` words that are not acronyms,
    unless they name something on screen."""
    text = analysis.text
    if not _TWO_CAPITALS.search(text):
        return
    for span in _capital_runs(analysis, allowed, min_words):
        if (
            not text[max(0, span.start - _LABEL_REACH) : span.start]
            .rstrip()
            .endswith(_LABEL_BEFORE)
        ):
            yield span


def _capital_runs(
    analysis: MessageAnalysis, allowed: frozenset[str], min_words: int
) -> Iterator[Span]:
    text = analysis.text
    start = end = -1
    loud = 0
    for word in analysis.words:
        if word.text.isupper() and not any(char.isdigit() for char in word.text):
            # Capitals joined by commas, arrows or slashes are a list of codes, not a shout.
            if start >= 0 and not _SHOUT_GAP.fullmatch(text, end, word.start):
                if loud >= min_words:
                    yield Span(start, end, text[start:end])
                start, loud = -1, 0
            start = word.start if start < 0 else start
            end = word.end
            if sum(char.isalpha() for char in word.text) >= 2 and word.text not in allowed:
                loud += 1
            continue
        if loud >= min_words:
            yield Span(start, end, text[start:end])
        start, loud = -1, 0
    if loud >= min_words:
        yield Span(start, end, text[start:end])
