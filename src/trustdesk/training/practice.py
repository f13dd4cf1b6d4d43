"""Judge a trainee's reply to a scenario: the engine's verdict, and what the reply covers.

A reply passes when the engine allows it under the policy in force (the organisation's, with
the scenario's snippet laid over it) and it meets every requirement of the scenario. The same
judgement asserts a scenario's own examples (`problems`): each exemplary reply must pass, each
poor reply must be flagged by the check(s) it names or, when it names none, by a check of a
principle the scenario trains.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trustdesk.engine import Engine, engine_for
from trustdesk.model import Decision, Message, Role, Verdict
from trustdesk.policy.loader import policy_from_dict
from trustdesk.policy.schema import Policy
from trustdesk.training.requirements import RequirementResult, check_requirements
from trustdesk.training.scenario import Scenario

_OVERLAID: OrderedDict[tuple[int, str], tuple[Policy, Policy]] = OrderedDict()
_CACHE_SIZE = 64


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the engine and the scenario's requirements say of one reply."""

    verdict: Verdict
    requirements: tuple[RequirementResult, ...]

    @property
    def covered(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def passed(self) -> bool:
        return self.verdict.decision is Decision.ALLOW and self.covered

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "verdict": self.verdict.to_dict(),
            "requirements": [r.to_dict() for r in self.requirements],
        }


def overlay(base: Mapping[str, Any], snippet: Mapping[str, Any]) -> dict[str, Any]:
    """`snippet` laid over `base`: mappings merge key by key, lists extend, values replace."""
    merged = dict(base)
    for key, value in snippet.items():
        current = merged.get(key)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            merged[key] = overlay(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            merged[key] = [*current, *value]
        else:
            merged[key] = value
    return merged


def policy_for(scenario: Scenario, base: Policy) -> Policy:
    """The policy a reply to `scenario` is judged under: `base` with the scenario's snippet."""
    if not scenario.policy:
        return base
    key = (id(base), scenario.id)
    cached = _OVERLAID.get(key)
    if cached is not None and cached[0] is base:
        return cached[1]
    data = overlay(base.model_dump(mode="json", by_alias=True, exclude_unset=True), scenario.policy)
    policy = policy_from_dict(data, source=f"scenario {scenario.id}: policy")
    _OVERLAID[key] = (base, policy)
    while len(_OVERLAID) > _CACHE_SIZE:
        _OVERLAID.popitem(last=False)
    return policy


def judge(scenario: Scenario, reply: str, base: Policy | None = None) -> Judgement:
    """The engine's verdict on `reply` as the next message of the scenario, and the
    scenario's requirements met or not."""
    engine: Engine = engine_for(policy_for(scenario, base) if base else _default_for(scenario))
    at = scenario.reply_time
    verdict = engine.check_reply(scenario.conversation, reply, now=at)
    analysis = engine.analyse(Message(id="reply", role=Role.AGENT, at=at, text=reply))
    return Judgement(verdict=verdict, requirements=check_requirements(scenario.requires, analysis))


def _default_for(scenario: Scenario) -> Policy:
    from trustdesk.policy.loader import default_policy

    return policy_for(scenario, default_policy())


def problems(scenario: Scenario, base: Policy | None = None) -> list[str]:
    """What is wrong with the scenario's own examples under `base` (empty: all hold)."""
    found: list[str] = []
    if not scenario.exemplary:
        found.append("no exemplary reply")
    if not scenario.poor:
        found.append("no poor reply")
    trained = set(scenario.principles)
    for number, example in enumerate(scenario.exemplary, 1):
        judgement = judge(scenario, example.text, base)
        if judgement.verdict.decision is not Decision.ALLOW:
            checks = ", ".join(sorted({f.check for f in judgement.verdict.findings}))
            found.append(
                f"exemplary reply {number} is not allowed "
                f"({judgement.verdict.decision.value}: {checks})"
            )
        for result in judgement.requirements:
            if not result.met:
                found.append(f"exemplary reply {number} does not meet {result.label!r}")
    for number, poor in enumerate(scenario.poor, 1):
        verdict = judge(scenario, poor.text, base).verdict
        flagged = {f.check for f in verdict.findings if f.severity.rank >= 1}
        if poor.flags:
            expected = set(poor.flags)
            hit = bool(flagged & expected)
        else:
            expected = {"a check of " + "/".join(p.value for p in scenario.principles)}
            hit = any(f.principle in trained for f in verdict.findings if f.check in flagged)
        if verdict.decision is Decision.ALLOW or not hit:
            got = ", ".join(sorted(flagged)) or "nothing"
            found.append(
                f"poor reply {number} is not flagged by {', '.join(sorted(expected))} "
                f"({verdict.decision.value}; flagged: {got})"
            )
    return found
