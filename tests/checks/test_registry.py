"""The catalogue cannot drift: every public check is registered through the entry-point
group, has a principle, severity and summary, and is documented, tested, listed in the default
policy with its parameters, and in the README."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from support import PUBLIC_CHECK_IDS
from trustdesk.checks.registry import available_checks
from trustdesk.model import Principle, Severity
from trustdesk.policy import default_policy

ROOT = Path(__file__).resolve().parents[2]
CHECK_IDS = frozenset(PUBLIC_CHECK_IDS)


def test_exactly_the_public_checks_are_registered() -> None:
    assert set(available_checks()) == CHECK_IDS


@pytest.mark.parametrize("check_id", sorted(CHECK_IDS))
def test_each_check_is_documented_tested_and_configured(check_id: str) -> None:
    cls = available_checks()[check_id]
    principle, name = check_id.split(".")
    # "conduct" is the organisation's own code, not a principle: its checks serve one.
    if principle != "conduct":
        assert cls.principle is Principle(principle)
    assert isinstance(cls.severity, Severity)
    assert cls.summary.endswith(".")
    assert inspect.getdoc(inspect.getmodule(cls)), f"{check_id}: module docstring"
    assert cls.__module__ == f"trustdesk.checks.{principle}.{name}"
    assert (ROOT / "docs" / "checks" / f"{check_id}.md").is_file()
    assert (ROOT / "tests" / "checks" / f"test_{principle}_{name}.py").is_file()
    assert check_id in default_policy().checks
    assert f"[{check_id}](docs/checks/{check_id}.md)" in (ROOT / "README.md").read_text("utf-8")


def test_default_policy_lists_every_parameter_at_its_default() -> None:
    for check_id, cls in available_checks().items():
        listed = default_policy().checks[check_id].params
        defaults = cls.Params().model_dump(mode="json")
        assert listed == defaults, check_id
