"""The policy schema: defaults, durations, and the rules each section enforces on its own."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from trustdesk.model import Principle, Severity
from trustdesk.policy import default_policy, policy_from_dict
from trustdesk.policy.schema import (
    BusinessHours,
    CheckSettings,
    Compensation,
    DurationFact,
    Matcher,
    MustDisclose,
    NeverSay,
    Organisation,
    Policy,
    Sla,
    VerdictRules,
    parse_duration,
)


def test_schema_defaults() -> None:
    policy = Policy()
    assert policy.version == 1
    assert policy.organisation.timezone == "UTC"
    assert policy.organisation.business_hours.days == ["mon", "tue", "wed", "thu", "fri"]
    assert (policy.sla.first_response, policy.sla.update_interval) == (
        timedelta(hours=4),
        timedelta(hours=24),
    )
    assert policy.sla.business_hours_only is True
    assert policy.facts == policy.never_say == policy.must_disclose == policy.jargon == []
    assert policy.compensation == Compensation(
        currency="USD", remediation_max=500, goodwill_max=50, approval_above=100
    )
    assert (policy.verdict.warn_at, policy.verdict.block_at) == (Severity.WARN, Severity.BLOCK)
    assert policy.check_settings("respect.jargon") == CheckSettings()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("4h", timedelta(hours=4)),
        ("2 days", timedelta(days=2)),
        ("1.5 hours", timedelta(minutes=90)),
        ("1w", timedelta(weeks=1)),
        (90, timedelta(seconds=90)),
        (timedelta(hours=1), timedelta(hours=1)),
    ],
)
def test_durations(value: Any, expected: timedelta) -> None:
    assert parse_duration(value) == expected
    assert Sla(first_response=value).first_response == expected


def test_a_policy_written_out_as_json_reads_back_the_same() -> None:
    policy = default_policy()
    dumped = policy.model_dump(mode="json")
    assert dumped["sla"]["first_response"] == "4h"
    assert policy_from_dict(dumped).model_dump() == policy.model_dump()


@pytest.mark.parametrize("value", ["soon", "4 fortnights", "", True, None, "-1h"])
def test_bad_durations(value: Any) -> None:
    with pytest.raises(ValidationError, match="expected a duration"):
        Sla(first_response=value)


def test_business_hours_must_end_after_they_start_and_have_days() -> None:
    assert BusinessHours(start="08:30", end="17:00").start == time(8, 30)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="end after they start"):
        BusinessHours(start=time(17), end=time(9))
    with pytest.raises(ValidationError, match="at least one day"):
        BusinessHours(days=[])
    with pytest.raises(ValidationError):
        BusinessHours(days=["monday"])  # type: ignore[list-item]
    # YAML turns an unquoted 9:30 into 570; it must not become 00:09:30.
    with pytest.raises(ValidationError, match="in quotes"):
        BusinessHours(start=570)  # type: ignore[arg-type]


def test_timezone_must_be_an_iana_name() -> None:
    assert Organisation(timezone="America/New_York").tz.key == "America/New_York"
    with pytest.raises(ValidationError, match="unknown timezone 'Mars/Olympus'"):
        Organisation(timezone="Mars/Olympus")


def test_duration_fact_range() -> None:
    fact = {
        "kind": "duration",
        "topic": "refunds",
        "triggers": ["refund"],
        "min": 5,
        "max": 10,
        "unit": "business_days",
        "statement": "5-10 business days.",
    }
    assert DurationFact.model_validate(fact).max == 10
    with pytest.raises(ValidationError, match="max must not be below min"):
        DurationFact.model_validate({**fact, "min": 11})
    with pytest.raises(ValidationError):
        DurationFact.model_validate({**fact, "triggers": []})
    with pytest.raises(ValidationError):
        Policy.model_validate({"facts": [{**fact, "kind": "rumour"}]})


def test_never_say_takes_exactly_one_of_phrase_or_pattern() -> None:
    entry = NeverSay(phrase="calm down", reason="Dismissive.")
    assert (entry.severity, entry.principle, entry.suggestion) == (
        Severity.WARN,
        Principle.RESPECT,
        None,
    )
    with pytest.raises(ValidationError, match="exactly one of 'phrase' or 'pattern'"):
        NeverSay(reason="Neither.")
    with pytest.raises(ValidationError, match="exactly one of 'phrase' or 'pattern'"):
        NeverSay(phrase="a", pattern="b", reason="Both.")
    with pytest.raises(ValidationError):
        NeverSay(phrase="calm down", reason="")


@pytest.mark.parametrize(
    "pattern", ["(unclosed", r"(\w+) \1", r"(?=ahead)x", r"(?<!x)y", "x" * 2001]
)
def test_patterns_must_be_valid_re2(pattern: str) -> None:
    with pytest.raises(ValidationError, match="pattern"):
        Matcher(pattern=pattern)


def test_re2_patterns_are_case_insensitive_and_linear() -> None:
    from trustdesk.policy.patterns import find_spans

    assert list(find_spans("Please CALM down", pattern=r"calm\s+down")) == [(7, 16)]
    assert Matcher(pattern=r"\bno (extra )?charge\b").pattern is not None


def test_must_disclose_needs_triggers_and_mentions() -> None:
    rule = {
        "id": "fee",
        "when": [{"phrase": "cancel"}],
        "mention": [{"phrase": "fee"}],
        "reason": "Say whether a fee applies.",
    }
    assert MustDisclose.model_validate(rule).severity is Severity.WARN
    for field in ("when", "mention"):
        with pytest.raises(ValidationError):
            MustDisclose.model_validate({**rule, field: []})
    with pytest.raises(ValidationError):
        MustDisclose.model_validate({**rule, "id": ""})


def test_verdict_rules_order() -> None:
    assert VerdictRules(warn_at=Severity.INFO, block_at=Severity.WARN).block_at is Severity.WARN
    with pytest.raises(ValidationError, match="block_at must not be below warn_at"):
        VerdictRules(warn_at=Severity.BLOCK, block_at=Severity.WARN)


def test_compensation_limits() -> None:
    with pytest.raises(ValidationError):
        Compensation(goodwill_max=-1)
    with pytest.raises(ValidationError):
        Compensation(currency="POUNDS")


def test_check_settings() -> None:
    policy = Policy.model_validate(
        {
            "checks": {
                "respect.jargon": {
                    "enabled": False,
                    "severity": "warn",
                    "params": {"min_reading_ease": 40},
                }
            }
        }
    )
    settings = policy.check_settings("respect.jargon")
    assert (settings.enabled, settings.severity, settings.params) == (
        False,
        Severity.WARN,
        {"min_reading_ease": 40},
    )
    with pytest.raises(ValidationError):
        Policy.model_validate({"checks": {"respect.jargon": {"severity": "fatal"}}})


def test_every_model_forbids_unknown_fields_and_is_frozen() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Policy.model_validate({"sla": {"first_reponse": "4h"}})
    with pytest.raises(ValidationError):
        Policy().name = "changed"  # type: ignore[misc]


def test_line_of_falls_back_to_the_nearest_parent() -> None:
    from trustdesk.policy import policy_from_yaml

    policy = policy_from_yaml("name: x\nsla:\n  first_response: 2h\n")
    assert policy.line_of("sla", "first_response") == 3
    assert policy.line_of("sla", "update_interval") == 2
    assert policy.line_of("facts", "0") is None


# --- condition facts and rules (bot guard) -------------------------------------------------


def test_condition_facts_and_rules_validate() -> None:
    from trustdesk.policy.loader import load_policy

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "bot_claims_policy.yaml"
    policy = load_policy(fixture)
    kinds = {fact.kind for fact in policy.facts}
    assert kinds == {"not_provided", "condition", "amount"}
    assert len(policy.rules) == 4


@pytest.mark.parametrize(
    ("fact", "field_error"),
    [
        ({"condition": "before"}, "needs 'event'"),
        ({"condition": "within", "max": 30}, "needs 'max' and 'unit'"),
        ({"condition": "only"}, "needs 'who'"),
        ({"condition": "sometimes"}, "facts.0.condition"),
    ],
)
def test_incomplete_conditions_fail_with_the_field(fact: dict, field_error: str) -> None:
    from trustdesk.errors import PolicyError
    from trustdesk.policy.loader import policy_from_yaml

    body = {"kind": "condition", "topic": "t", "triggers": ["x"], "statement": "s", **fact}
    text = "facts:\n  - " + "\n    ".join(
        f"{k}: {v!r}" if not isinstance(v, list) else f"{k}: {v}" for k, v in body.items()
    )
    with pytest.raises(PolicyError) as raised:
        policy_from_yaml(text, source="p.yaml")
    assert field_error in str(raised.value) and "facts.0" in str(raised.value)


def test_policies_without_the_new_fields_still_validate() -> None:
    from trustdesk.policy.loader import default_policy, policy_from_dict

    assert default_policy().rules == []
    old = {"facts": [{"kind": "not_provided", "topic": "t", "triggers": ["x"], "statement": "s"}]}
    assert policy_from_dict(old).facts[0].kind == "not_provided"
