"""Confidence: the shipped table, how a strength becomes a confidence, and the policy's two
thresholds (a finding below `min_confidence` is not reported; a block finding below
`block_confidence` only warns)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from support import START, conversation
from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.registry import available_checks
from trustdesk.engine import Engine
from trustdesk.engine.calibration import (
    Calibration,
    CalibrationError,
    Curve,
    shipped_calibration,
)
from trustdesk.errors import PolicyError
from trustdesk.model import Decision, Finding, Principle, Severity
from trustdesk.policy import Policy, default_policy, policy_from_yaml
from trustdesk.samples import load_samples

HISTORY = conversation(("customer", "Can I get a refund for order 58213?"))


class Graded(Check):
    """Flags each word "weak" with strength 0.2, "strong" with 0.9 and "sure" with 1.0."""

    id = "test.graded"
    principle = Principle.RESPECT
    severity = Severity.BLOCK
    summary = "A check that grades its findings."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for _, message in ctx.judged(self.judges):
            for word, strength in (("weak", 0.2), ("strong", 0.9), ("sure", 1.0)):
                start = message.text.find(word)
                if start >= 0:
                    yield self.finding(
                        ctx, message, start, start + len(word), explanation=word, strength=strength
                    )


TABLE = Calibration.from_dict(
    {
        "prior": {"confidence": 0.5},
        "checks": {"test.graded": {"points": [[0.0, 0.1], [0.5, 0.3], [1.0, 0.9]]}},
    }
)


def engine(yaml: str = "", table: Calibration = TABLE) -> Engine:
    return Engine(policy_from_yaml(yaml or "{}"), checks=[Graded], calibration=table)


def judged(engine: Engine, draft: str) -> dict[str, Finding]:
    verdict = engine.check_reply(HISTORY, draft, now=START)
    return {finding.quote: finding for finding in verdict.findings}


def test_a_curve_is_read_between_its_points_and_held_flat_beyond_them() -> None:
    curve = Curve((0.2, 0.6), (0.3, 0.7))
    assert curve(0.0) == 0.3
    assert curve(0.2) == 0.3
    assert curve(0.4) == pytest.approx(0.5)
    assert curve(0.6) == 0.7
    assert curve(1.0) == 0.7


def test_each_finding_gets_the_confidence_of_its_strength() -> None:
    found = judged(engine(), "weak strong sure")
    assert found["weak"].confidence == pytest.approx(0.18)
    assert found["strong"].confidence == pytest.approx(0.78)
    assert found["sure"].confidence == 0.9
    assert found["weak"].to_dict()["confidence"] == pytest.approx(0.18)


def test_a_check_the_table_does_not_know_gets_the_prior() -> None:
    table = Calibration.from_dict({"prior": {"confidence": 0.35}, "checks": {}})
    found = judged(engine(table=table), "weak sure")
    assert {f.confidence for f in found.values()} == {0.35}


def test_below_min_confidence_a_finding_is_not_reported() -> None:
    found = judged(engine("verdict: {min_confidence: 0.5}"), "weak strong sure")
    assert sorted(found) == ["strong", "sure"]


def test_below_block_confidence_a_block_finding_only_warns() -> None:
    strict = engine("verdict: {block_confidence: 0.8}")
    verdict = strict.check_reply(HISTORY, "strong", now=START)
    assert verdict.decision is Decision.WARN
    (finding,) = verdict.findings
    assert finding.severity is Severity.WARN
    assert finding.data["lowered_from"] == "block"
    assert strict.check_reply(HISTORY, "sure", now=START).decision is Decision.BLOCK


def test_a_checks_own_thresholds_take_precedence_over_the_verdicts() -> None:
    yaml = (
        "verdict: {min_confidence: 0.5, block_confidence: 0.95}\n"
        "checks: {test.graded: {min_confidence: 0.1, block_confidence: 0.6}}\n"
    )
    found = judged(engine(yaml), "weak strong")
    assert sorted(found) == ["strong", "weak"]
    assert found["strong"].severity is Severity.BLOCK
    assert found["weak"].severity is Severity.WARN


def test_an_audit_applies_the_thresholds_to_its_findings_and_scores() -> None:
    chat = conversation(("customer", "Hello?"), ("agent", "weak strong sure"))
    audit = engine("verdict: {min_confidence: 0.5, block_confidence: 0.8}").audit(chat)
    assert [(f.quote, f.severity) for f in audit.findings] == [
        ("strong", Severity.WARN),
        ("sure", Severity.BLOCK),
    ]
    assert audit.decision is Decision.BLOCK
    assert audit.scores[Principle.RESPECT] == 25.0  # the band of its block


@pytest.mark.parametrize(
    ("yaml", "field", "line", "reason"),
    [
        (
            "checks:\n  respect.rude:\n    min_confidence: 0.9\n    block_confidence: 0.4\n",
            "checks.respect.rude",
            2,
            "min_confidence (0.9) must not be above block_confidence (0.4)",
        ),
        (
            "verdict:\n  min_confidence: 0.7\n  block_confidence: 0.6\n",
            "verdict",
            1,
            "min_confidence (0.7) must not be above block_confidence (0.6)",
        ),
        (
            "verdict:\n  min_confidence: 1.5\n",
            "verdict.min_confidence",
            2,
            "less than or equal to 1",
        ),
        (
            "checks:\n  respect.rude:\n    block_confidence: -0.1\n",
            "checks.respect.rude.block_confidence",
            3,
            "greater than or equal to 0",
        ),
        (
            "checks:\n  respect.rude:\n    min_confidence: .nan\n",
            "checks.respect.rude.min_confidence",
            3,
            "finite number",
        ),
    ],
)
def test_thresholds_out_of_range_or_order_are_policy_errors(
    yaml: str, field: str, line: int, reason: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_yaml(yaml, source="policy.yaml")
    assert caught.value.field == field
    assert caught.value.line == line
    assert reason in str(caught.value)


def test_raising_min_confidence_alone_above_the_default_block_confidence_is_fine() -> None:
    policy = policy_from_yaml("verdict: {min_confidence: 0.7}")
    assert policy.confidence_thresholds("respect.rude") == (0.7, 0.5)


def test_the_thresholds_resolve_per_check() -> None:
    policy = Policy.model_validate(
        {
            "verdict": {"min_confidence": 0.2},
            "checks": {"respect.rude": {"block_confidence": 0.9}},
        }
    )
    assert policy.confidence_thresholds("respect.rude") == (0.2, 0.9)
    assert policy.confidence_thresholds("privacy.exposure") == (0.2, 0.5)


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ({"checks": {}}, "prior"),
        ({"prior": {"confidence": 2}, "checks": {}}, "prior.confidence"),
        ({"prior": {"confidence": 0.5}, "checks": {"a.b": {"points": []}}}, "checks.a.b.points"),
        (
            {"prior": {"confidence": 0.5}, "checks": {"a.b": {"points": [[0.5, 0.4], [0.2, 0.6]]}}},
            "strengths must increase",
        ),
        (
            {"prior": {"confidence": 0.5}, "checks": {"a.b": {"points": [[0.2, 0.6], [0.5, 0.4]]}}},
            "must not fall",
        ),
    ],
)
def test_a_malformed_table_is_refused(table: dict[str, Any], reason: str) -> None:
    with pytest.raises(CalibrationError, match=reason):
        Calibration.from_dict(table)


def test_a_strength_outside_0_to_1_is_a_bug_in_the_check() -> None:
    with pytest.raises(ValueError, match="strength must be a number from 0 to 1"):
        Finding(
            check="x.y",
            principle=Principle.RESPECT,
            severity=Severity.WARN,
            conversation_id="c",
            message_id="m",
            start=0,
            end=0,
            quote="",
            explanation="",
            strength=float("nan"),
        )


# --- the shipped table -------------------------------------------------------------------


def shipped_entries() -> dict[str, Any]:
    text = resources.files("trustdesk").joinpath("data", "calibration.json").read_text("utf-8")
    entries: dict[str, Any] = json.loads(text)["checks"]
    return entries


def test_the_shipped_table_is_read_once_and_has_a_card() -> None:
    table = shipped_calibration()
    assert table is shipped_calibration()
    assert table.prior == 0.5
    for field in ("holds", "source", "licence", "figures", "command"):
        assert table.card.get(field), field
    assert "evals/calibrate.py" in table.card["command"]


@pytest.mark.parametrize("check_id", sorted(available_checks()))
def test_each_builtin_check_is_in_the_shipped_table_as_its_counts_say(check_id: str) -> None:
    entries = shipped_entries()
    assert check_id in entries, "run `make calibrate`: a built-in check has no labelled findings"
    entry = entries[check_id]
    low, high = entry["interval"]
    confidence = shipped_calibration().confidence(check_id, 1.0)
    if entry["method"] == "isotonic":
        assert entry["findings"] >= 20
        # A smoothed step stays near the share of its findings that were right.
        assert low - 0.1 <= confidence <= high + 0.1
    else:
        assert confidence == pytest.approx((entry["right"] + 1) / (entry["findings"] + 2), abs=1e-3)
        assert entry["note"]


def test_the_samples_keep_every_finding_and_verdict_under_the_default_thresholds() -> None:
    default = Engine()
    policy = default_policy()
    verdict = policy.verdict.model_copy(update={"min_confidence": 0.0, "block_confidence": 0.0})
    unthresholded = Engine(policy.model_copy(update={"verdict": verdict}))
    for sample in load_samples():
        ours, bare = default.audit(sample), unthresholded.audit(sample)
        assert [(f.check, f.severity) for f in ours.findings] == [
            (f.check, f.severity) for f in bare.findings
        ], sample["id"]
        assert all(f.confidence is not None for f in ours.findings)
