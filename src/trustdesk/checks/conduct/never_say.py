"""conduct.never_say: a phrase the organisation's policy says agents and bots must never use.

Each entry of the policy's `never_say` list is a literal `phrase` (case-insensitive,
whitespace-tolerant, word-bounded) or an RE2 `pattern`, with the `reason` shown to the agent,
an optional `suggestion`, and the `severity` and `principle` the finding carries ("calm down"
is a respect problem, "there is nothing I can do" a transparency one). Policy patterns run on
RE2, which matches in linear time, so a careless or hostile pattern cannot hang the engine.
One finding per entry per message, on the first place it occurs. A phrase that is reported
("you shouldn't have been told to calm down") or in quotation marks is a mention, not a use,
and is not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Severity
from trustdesk.policy.patterns import find_spans

_TRAILING = frozenset(" \t\n,;:")
# The phrase reported, not said: "you shouldn't have been told to calm down", or quoted.
_REPORTED = re.compile(
    r"(?:\b(?:been|being|was|were|be|get|got|getting)\s+(?:told|asked)\s+to\s+|[\"“‘'])$",
    re.IGNORECASE,
)
_LOOKBACK = 40


class NeverSay(Check):
    id = "conduct.never_say"
    principle = Principle.RESPECT
    severity = Severity.WARN
    summary = 'A phrase the policy\'s never_say list forbids ("calm down", "not my department").'

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        rules = ctx.policy.never_say
        if not rules:
            return
        for _, message in ctx.judged(self.judges):
            text = ctx.analysis(message).text
            if not text:
                continue
            for number, rule in enumerate(rules):
                spans = find_spans(text, phrase=rule.phrase, pattern=rule.pattern)
                first = next((s for s in spans if not _reported(text, s[0])), None)
                if first is None:
                    continue
                start, end = first
                # A pattern may need the comma after a phrase ("like I said,"); quote the phrase.
                while end - start > 1 and text[end - 1] in _TRAILING:
                    end -= 1
                yield self.finding(
                    ctx,
                    message,
                    start,
                    end,
                    explanation=rule.reason,
                    suggestion=rule.suggestion,
                    severity=rule.severity,
                    principle=rule.principle,
                    data={"rule": number, "phrase": rule.phrase or rule.pattern},
                )


def _reported(text: str, start: int) -> bool:
    """Whether the phrase at `start` is mentioned rather than said (reported or in quotes)."""
    return _REPORTED.search(text, max(0, start - _LOOKBACK), start) is not None
