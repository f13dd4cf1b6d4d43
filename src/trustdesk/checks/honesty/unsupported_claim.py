"""honesty.unsupported_claim: a rule, limit or requirement the policy does not state.

A bot, or a person guessing, explains a problem with a rule it made up: "this is expected
behaviour, our service is designed to work with only one device", "as a security feature",
"you need a separate licence for each device", "it is our policy that ...". A customer who
believes it may cancel, or give up a right. A sentence is flagged when it asserts a rule in
one of these framings (data/lexicons/honesty.yaml, `asserted_rule`) and is about nothing the
policy states: none of the `rules:` and none of the `facts:` is named in it. A rule that is
named but whose numbers the sentence does not share ("only one device" against "up to 5
devices") does not support it. Questions are no assertion.

The fix: quote the policy's rule, or hand over to a person who can confirm it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.mentions import message_mentions
from trustdesk.model import Finding, Principle, Severity
from trustdesk.policy.schema import Rule
from trustdesk.text.claims import content_words, fact_mentions, restates, within
from trustdesk.text.wordlists import load

_WORDS = load("honesty")
_ASSERTED = re.compile(_WORDS.pattern("asserted_rule"), re.IGNORECASE)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "single": 1,
}
_NUMBER = re.compile(r"\b(?:\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_ONE_EACH = re.compile(r"\bseparate\b[^.!?]*\bfor\s+(?:each|every)\b", re.IGNORECASE)
HAND_OVER = "I'll check this with a colleague and come back to you."


class UnsupportedClaimParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # A sentence naming one of the policy's facts is honesty.policy_conflict's to judge.
    facts_support: bool = True


class UnsupportedClaim(Check[UnsupportedClaimParams]):
    id = "honesty.unsupported_claim"
    principle = Principle.HONESTY
    severity = Severity.WARN
    summary = "A rule, limit or requirement asserted that the policy does not state."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        rules = ctx.policy.rules
        for _, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            text = analysis.text
            first = _ASSERTED.search(text)
            if first is None:
                continue  # most replies assert no rule
            facts = message_mentions(ctx, message) if self.params.facts_support else []
            named_rules = fact_mentions(rules, text) if rules else []  # type: ignore[arg-type]
            for sentence in analysis.sentences:
                if sentence.text.rstrip().endswith("?"):
                    continue
                hit = _ASSERTED.search(text, sentence.start, sentence.end)
                if hit is None:
                    continue
                if within(facts, sentence.start, sentence.end):
                    continue
                if any(restates(sentence.text, rule.statement) for rule in rules):
                    continue  # the policy's rule, quoted
                about: list[Rule] = [
                    m.fact  # type: ignore[misc]
                    for m in within(named_rules, sentence.start, sentence.end)
                ]
                if any(_supports(sentence.text, rule) for rule in about):
                    continue
                rule = about[0] if about else None
                if rule is not None:
                    suggestion = f'Quote the policy: "{rule.statement}"'
                    explanation = (
                        f'This states a rule about {rule.topic} ("{hit.group()}") that differs '
                        "from what our policy says."
                    )
                else:
                    suggestion = f"Cite the policy, or hand over to a person: {HAND_OVER}"
                    explanation = (
                        f'This states a rule ("{hit.group()}") that our policy does not state.'
                    )
                yield self.finding(
                    ctx,
                    message,
                    sentence.start,
                    sentence.end,
                    explanation=explanation,
                    suggestion=suggestion,
                    data={"kind": "invented_rule", "cue": hit.group().lower()},
                )


def _numbers(text: str) -> set[float]:
    found = set()
    for hit in _NUMBER.finditer(text):
        word = hit.group().lower()
        found.add(float(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else float(word))
    return found


def _supports(sentence: str, rule: Rule) -> bool:
    """Whether the sentence, which names the rule's topic, can be stating the rule: it shares
    a word of the statement beyond the topic's triggers, and names no number or one of the
    rule's ("only one device" cannot state "up to 5 devices")."""
    triggers = content_words(" ".join(rule.triggers))
    if not (content_words(sentence) & content_words(rule.statement)) - triggers:
        return False
    said = _numbers(sentence)
    if _ONE_EACH.search(sentence):
        said.add(1.0)  # "a separate licence for each device" is one per device
    return not said or bool(said & _numbers(rule.statement))
