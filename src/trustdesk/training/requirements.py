"""Whether a reply covers what a scenario requires, read with the engine's own analyses.

Each kind reuses what the checks already read: the empathy check's acknowledgement lexicon,
the promise checks' commitments and their times, policy-style phrases and RE2 patterns for a
disclosure or a hand-over, and the language identifier of the personalisation check. No new
word list: a reply that satisfies the checks satisfies the trainer in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from trustdesk.policy.patterns import find_spans
from trustdesk.text.acknowledgement import acknowledgements
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.language import base_code
from trustdesk.training.scenario import (
    Acknowledgement,
    ConcreteTime,
    InLanguage,
    Mention,
    Requirement,
)


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """One requirement of a scenario and whether the reply met it."""

    kind: str
    label: str
    met: bool

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "label": self.label, "met": self.met}


def is_met(requirement: Requirement, analysis: MessageAnalysis) -> bool:
    """Whether the reply (as the engine analysed it) meets `requirement`."""
    text = analysis.text
    if isinstance(requirement, Acknowledgement):
        return bool(acknowledgements(text))
    if isinstance(requirement, ConcreteTime):
        return any(
            (c.time is not None and not c.vague) or c.immediate
            for c in analysis.commitments
            if not c.general and not c.hedged
        )
    if isinstance(requirement, Mention):
        return any(
            next(find_spans(text, phrase=m.phrase, pattern=m.pattern), None) is not None
            for m in requirement.any_of
        )
    if isinstance(requirement, InLanguage):
        return analysis.language.code == base_code(requirement.code)
    raise TypeError(f"unknown requirement {requirement!r}")  # pragma: no cover - closed union


def check_requirements(
    requirements: list[Requirement], analysis: MessageAnalysis
) -> tuple[RequirementResult, ...]:
    return tuple(
        RequirementResult(kind=r.kind, label=r.label, met=is_met(r, analysis)) for r in requirements
    )
