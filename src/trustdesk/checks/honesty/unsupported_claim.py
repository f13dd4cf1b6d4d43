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
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.mentions import message_mentions
from trustdesk.model import Finding, Message, Principle, Severity
from trustdesk.policy.schema import Rule
from trustdesk.text.claims import content_words, fact_mentions, restates, within
from trustdesk.text.gated import GatedPattern
from trustdesk.text.wordlists import load

_WORDS = load("honesty")
# Looked for in every reply, which seldom asserts a rule: gated by RE2.
_ASSERTED = GatedPattern(_WORDS.pattern("asserted_rule"), re.IGNORECASE)
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
# A number and the word after it, the noun or unit it counts ("5 devices", "23 kg").
_COUNTED = re.compile(
    r"\b(?P<number>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s*(?P<noun>[a-z]{2,})\b",
    re.IGNORECASE,
)
_ONE_EACH = re.compile(
    r"\bseparate\b[^.!?]*\bfor\s+(?:each|every)\s+(?P<noun>[a-z]{3,})", re.IGNORECASE
)
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
        for _, message in ctx.judged(self.judges):
            if _ASSERTED.search(ctx.analysis(message).text) is None:
                continue  # most replies assert no rule
            # Sentences in a row that assert rules make one claim ("This is expected
            # behaviour. Our service is designed to ..."): one finding for the run.
            run: list[_Claim] = []
            for claim in self._claims(ctx, message):
                if run and claim.index != run[-1].index + 1:
                    yield self._finding(ctx, message, run)
                    run = []
                run.append(claim)
            if run:
                yield self._finding(ctx, message, run)

    def _claims(self, ctx: CheckContext, message: Message) -> Iterator[_Claim]:
        """The sentences of `message` that assert a rule the policy does not state."""
        rules = ctx.policy.rules
        analysis = ctx.analysis(message)
        text = analysis.text
        facts = message_mentions(ctx, message) if self.params.facts_support else []
        named_rules = fact_mentions(rules, text) if rules else []  # type: ignore[arg-type]
        for index, sentence in enumerate(analysis.sentences):
            if sentence.text.rstrip().endswith("?"):
                continue
            hit = _ASSERTED.regex.search(text, sentence.start, sentence.end)
            if hit is None or within(facts, sentence.start, sentence.end):
                continue
            if any(restates(sentence.text, rule.statement) for rule in rules):
                continue  # the policy's rule, quoted
            about: list[Rule] = [
                m.fact  # type: ignore[misc]
                for m in within(named_rules, sentence.start, sentence.end)
            ]
            if any(_supports(sentence.text, rule) for rule in about):
                continue
            yield _Claim(
                index, sentence.start, sentence.end, hit.group(), about[0] if about else None
            )

    def _finding(self, ctx: CheckContext, message: Message, run: list[_Claim]) -> Finding:
        rule = next((claim.rule for claim in run if claim.rule is not None), None)
        cue = run[0].cue
        if rule is not None:
            suggestion = f'Quote the policy: "{rule.statement}"'
            explanation = (
                f'This states a rule about {rule.topic} ("{cue}") that differs from what our '
                "policy says."
            )
        else:
            suggestion = f"Cite the policy, or hand over to a person: {HAND_OVER}"
            explanation = f'This states a rule ("{cue}") that our policy does not state.'
        return self.finding(
            ctx,
            message,
            run[0].start,
            run[-1].end,
            explanation=explanation,
            suggestion=suggestion,
            data={"kind": "invented_rule", "cues": [claim.cue.lower() for claim in run]},
        )


@dataclass(frozen=True, slots=True)
class _Claim:
    index: int
    start: int
    end: int
    cue: str
    rule: Rule | None


def _counts(text: str) -> dict[str, set[float]]:
    """The numbers of `text` by the noun they count ("5 devices" -> {"devic": {5.0}}), the
    noun cut to its first five letters so that "device" and "devices" meet."""
    found: dict[str, set[float]] = {}
    for hit in _COUNTED.finditer(text):
        word = hit["number"].lower()
        value = float(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else float(word)
        found.setdefault(hit["noun"].lower()[:5], set()).add(value)
    return found


def _supports(sentence: str, rule: Rule) -> bool:
    """Whether the sentence, which names the rule's topic, can be stating the rule: it shares
    a word of the statement beyond the topic's triggers, and counts nothing the statement
    counts otherwise ("only one device" cannot state "up to 5 devices")."""
    triggers = content_words(" ".join(rule.triggers))
    if not (content_words(sentence) & content_words(rule.statement)) - triggers:
        return False
    said = _counts(sentence)
    one_each = _ONE_EACH.search(sentence)
    if one_each is not None:
        # "a separate licence for each device" is one per device
        said.setdefault(one_each["noun"].lower()[:5], set()).add(1.0)
    stated = _counts(rule.statement)
    return all(not stated.get(noun) or values & stated[noun] for noun, values in said.items())
