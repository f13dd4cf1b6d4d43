"""ServiceLevel: the policy's SLA and the thresholds that waits and promises are measured by,
read from where policy files have always set them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from trustdesk.errors import PolicyError
from trustdesk.policy import Policy, load_policy
from trustdesk.policy.loader import default_policy
from trustdesk.service_level import ServiceLevel
from trustdesk.service_level.levels import CLOSING_MAX_WORDS, PROMISE_GRACE_MINUTES


def test_the_default_policy_gives_the_defaults() -> None:
    level = ServiceLevel.from_policy(default_policy())
    assert level.closing_max_words == CLOSING_MAX_WORDS == 12
    assert level.promise_grace == timedelta(minutes=PROMISE_GRACE_MINUTES) == timedelta(minutes=10)
    assert level.sla_for(first=True) == default_policy().sla.first_response
    assert level.sla_for(first=False) == default_policy().sla.update_interval


def test_the_thresholds_are_read_where_policies_set_them() -> None:
    policy = Policy.model_validate(
        {
            "sla": {"first_response": "2h", "business_hours_only": False},
            "organisation": {"timezone": "Europe/London"},
            "checks": {
                "responsiveness.wait": {"params": {"closing_max_words": 3}},
                "promises.broken": {"params": {"grace_minutes": 0}},
            },
        }
    )
    level = ServiceLevel.from_policy(policy)
    assert level.closing_max_words == 3
    assert level.promise_grace == timedelta(0)
    assert level.sla_for(first=True) == timedelta(hours=2)
    assert not level.sla.business_hours_only
    assert level.tz.key == "Europe/London"


def test_they_hold_when_the_check_that_judges_them_is_off() -> None:
    policy = Policy.model_validate(
        {"checks": {"promises.broken": {"enabled": False, "params": {"grace_minutes": 30}}}}
    )
    assert ServiceLevel.from_policy(policy).promise_grace == timedelta(minutes=30)


def test_a_bad_value_names_the_policy_line_even_for_a_check_turned_off(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "checks:\n"
        "  responsiveness.wait:\n"
        "    enabled: false\n"
        "    params:\n"
        "      closing_max_words: -1\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        ServiceLevel.from_policy(load_policy(path))
    assert caught.value.field == "checks.responsiveness.wait.params.closing_max_words"
    assert caught.value.line == 5
