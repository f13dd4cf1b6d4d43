"""Scaffolding shared by the tests of the evaluation scripts in `evals/`.

A test module sets `SCRIPT`, the name of a script in `evals/` (say "conduct_labelled"), and
gets it as the `script` fixture, loaded by path (the scripts are not a package). For the
scripts that score checks on our labelled fixtures, `rows`, `report` and `floors` read the
script's FIXTURE and score its CHECKS as the script does (at its clock AT, when it sets one).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from trustdesk.evaluation import EvalReport

EVALS = Path(__file__).resolve().parents[2] / "evals"

# The labelled-fixture scripts import their shared code as `labelled`, from their own folder.
if str(EVALS) not in sys.path:
    sys.path.insert(0, str(EVALS))

import labelled  # noqa: E402


def load_script(name: str) -> ModuleType:
    """Load `evals/<name>.py` as a module (the scripts are not a package)."""
    spec = importlib.util.spec_from_file_location(f"{name}_eval", EVALS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in a script look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script(request: pytest.FixtureRequest) -> ModuleType:
    """The script named by the test module's SCRIPT."""
    return load_script(request.module.SCRIPT)


@pytest.fixture(scope="module")
def rows(script: ModuleType) -> list[dict[str, Any]]:
    """Every labelled conversation in the script's fixture."""
    return labelled.load(script.FIXTURE)


@pytest.fixture(scope="module")
def report(script: ModuleType) -> Callable[[str], EvalReport]:
    """The script's report on a split: "dev", "holdout" or "all" (each scored once)."""
    reports: dict[str, EvalReport] = {}

    def scored(split: str) -> EvalReport:
        if split not in reports:
            part = labelled.load(script.FIXTURE, None if split == "all" else split)
            reports[split] = labelled.score(
                part,
                script.CHECKS,
                at=getattr(script, "AT", None),
                policy=getattr(script, "POLICY", None),
            )
        return reports[split]

    return scored


@pytest.fixture(scope="module")
def floors(report: Callable[[str], EvalReport]) -> Callable[[str, str, float, float], None]:
    """Assert that a check, or "micro", reaches a precision and a recall floor on a split."""

    def check(split: str, name: str, precision: float, recall: float) -> None:
        scored = report(split)
        score = scored.micro if name == "micro" else scored.scores[name]
        assert score.precision >= precision, (score, scored.to_dict()["false_alarms"])
        assert score.recall >= recall, (score, scored.to_dict()["misses"])

    return check
