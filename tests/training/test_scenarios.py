"""The shipped scenarios: every principle trained, and every example judged as it says."""

from __future__ import annotations

import pytest

from trustdesk.model import Decision, Principle
from trustdesk.training import judge, problems, shipped_scenarios

SHIPPED = shipped_scenarios()


def test_at_least_forty_scenarios_ship_and_every_principle_is_trained() -> None:
    assert len(SHIPPED) >= 40
    trained = {p for s in SHIPPED for p in s.principles}
    assert trained == set(Principle)


def test_every_scenario_has_an_exemplary_and_a_poor_reply() -> None:
    assert all(s.exemplary and s.poor for s in SHIPPED)


@pytest.mark.parametrize("scenario", SHIPPED, ids=[s.id for s in SHIPPED])
def test_exemplary_replies_pass_and_poor_replies_are_flagged(scenario: object) -> None:
    assert problems(scenario) == []  # type: ignore[arg-type]


def test_a_poor_reply_is_flagged_with_evidence_and_a_fix() -> None:
    scenario = next(s for s in SHIPPED if s.id == "honesty-refund-timeline")
    judgement = judge(scenario, scenario.poor[0].text)
    assert judgement.verdict.decision is not Decision.ALLOW
    finding = next(f for f in judgement.verdict.findings if f.check == "honesty.policy_conflict")
    assert finding.quote in scenario.poor[0].text
    assert "5-10 business days" in (finding.suggestion or finding.explanation)
    assert not judgement.passed


def test_an_allowed_reply_that_misses_a_requirement_does_not_pass() -> None:
    scenario = next(s for s in SHIPPED if s.id == "empathy-bereaved-refund")
    judgement = judge(scenario, "I have refunded the renewal. I will email you by 5pm tomorrow.")
    met = {r.kind: r.met for r in judgement.requirements}
    assert met == {"acknowledgement": False, "concrete_time": True}
    assert not judgement.passed


def test_the_scenario_policy_snippet_changes_only_its_own_scenario() -> None:
    jargon = next(s for s in SHIPPED if s.id == "respect-jargon")
    other = next(s for s in SHIPPED if s.id == "transparency-two-questions")
    reply = "Order 9012 leaves today and yes, you can still add a pair; the DNS cache is fine."
    on_jargon = {f.check: f.severity.value for f in judge(jargon, reply).verdict.findings}
    on_other = {f.check: f.severity.value for f in judge(other, reply).verdict.findings}
    assert on_jargon.get("respect.jargon") == "warn"
    assert on_other.get("respect.jargon") == "info"
