"""The suite's own rules: no test asserts how long something took, and every Hypothesis test
runs without a deadline. Either one fails on a loaded machine and passes a slow algorithm on a
fast one; tests/scaling.py asserts how work grows instead, and timings live in benchmarks/."""

from __future__ import annotations

import ast
from pathlib import Path

import hypothesis
import pytest

TESTS = Path(__file__).parent
# Functions whose result is a reading of a clock (or a timing), by module.
CLOCKS = {
    "time": {
        "perf_counter",
        "perf_counter_ns",
        "monotonic",
        "monotonic_ns",
        "process_time",
        "process_time_ns",
        "thread_time",
        "thread_time_ns",
        "time",
        "time_ns",
    },
    "timeit": {"timeit", "repeat", "default_timer"},
}
# Imported on their own (`from time import perf_counter`), these names still say it.
BARE_CLOCKS = CLOCKS["time"] - {"time", "time_ns"} | {"default_timer"}
# Names that say what they hold is a measured duration.
DURATION_WORDS = ("elapsed", "took", "duration", "seconds", "runtime")
ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def _is_clock(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.attr in CLOCKS.get(func.value.id, set())
    return isinstance(func, ast.Name) and func.id in BARE_CLOCKS


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


class _Durations:
    """Names in one function (or module) that hold a clock reading or a difference of them."""

    def __init__(self, scope: ast.AST) -> None:
        self.names: set[str] = set()
        assignments: list[tuple[list[ast.expr], ast.expr]] = []
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                assignments.append((node.targets, node.value))
            elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) and node.value:
                assignments.append(([node.target], node.value))
        changed = True
        while changed:
            changed = False
            for targets, value in assignments:
                if not self.measured(value):
                    continue
                for target in targets:
                    for leaf in ast.walk(target):
                        name = _name(leaf)
                        if name and name not in self.names:
                            self.names.add(name)
                            changed = True

    def measured(self, node: ast.AST) -> bool:
        for leaf in ast.walk(node):
            if _is_clock(leaf):
                return True
            name = _name(leaf)
            # A call of a function named like a duration (`business_duration(...)`) is the
            # code under test, not a measurement.
            if (
                name
                and (name in self.names or any(w in name.lower() for w in DURATION_WORDS))
                and not _called(node, leaf)
            ):
                return True
        return False


def _called(root: ast.AST, leaf: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and n.func is leaf for n in ast.walk(root))


def _fails(node: ast.If) -> bool:
    return any(
        isinstance(call, ast.Call) and _name(call.func) == "fail"
        for statement in node.body
        for call in ast.walk(statement)
    )


def _checks(tree: ast.AST) -> list[tuple[ast.AST, ast.expr]]:
    """(where, condition) of every assertion: `assert`, and `if ...: pytest.fail(...)`."""
    found: list[tuple[ast.AST, ast.expr]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) or (isinstance(node, ast.If) and _fails(node)):
            found.append((node, node.test))
    return found


def timing_assertions(source: str) -> list[int]:
    """Line numbers of assertions that compare a measured duration with a limit.

    A comparison of two measured durations (a ratio of timings taken in the same test, or a
    deadline for a server to come up) is no limit: both sides move together with load.
    """
    tree = ast.parse(source)
    scopes: list[ast.AST] = [tree]
    scopes += [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    lines: set[int] = set()
    for scope in scopes:
        durations = _Durations(scope)
        for where, condition in _checks(scope):
            for compare in ast.walk(condition):
                if not isinstance(compare, ast.Compare):
                    continue
                sides = [compare.left, *compare.comparators]
                for op, left, right in zip(compare.ops, sides[:-1], sides[1:], strict=True):
                    if isinstance(op, ORDERING) and (
                        durations.measured(left) != durations.measured(right)
                    ):
                        lines.add(where.lineno)
    return sorted(lines)


def hypothesis_deadlines(source: str) -> list[int]:
    """Line numbers of Hypothesis `deadline=` settings other than `deadline=None`.

    Only calls of `settings(...)` and `settings.register_profile(...)` count: a `deadline`
    argument of the engine's own (a moment to stop by) is no Hypothesis deadline.
    """
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _callee(node) not in {"settings", "register_profile"}:
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg == "deadline" and not (
                isinstance(value, ast.Constant) and value.value is None
            ):
                lines.append(value.lineno)
    return lines


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _sources() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "fixtures" not in p.relative_to(TESTS).parts)


def test_no_test_asserts_how_long_something_took() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in _sources()
        for line in timing_assertions(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "assert how work grows (tests/scaling.py), not how long it took"


def test_hypothesis_sets_no_deadline() -> None:
    assert hypothesis.settings.default.deadline is None  # the profile tests/conftest.py loads
    offenders = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in _sources()
        for line in hypothesis_deadlines(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "source",
    [
        "def test():\n    s = time.perf_counter()\n    f()\n"
        "    assert time.perf_counter() - s < 1\n",
        "def test():\n    b = perf_counter()\n    f()\n    elapsed = perf_counter() - b\n"
        "    assert elapsed < 30, elapsed\n",
        "def test():\n    t0 = time.time()\n    f()\n    if time.time() - t0 > LIMIT:\n"
        "        pytest.fail('slow')\n",
        "def test():\n    took = timeit.timeit(f, number=3)\n    assert 0 < took <= 2.0\n",
        "def test(benchmark):\n    assert run().duration_seconds < 5\n",
    ],
)
def test_the_rule_catches_a_timed_assertion(source: str) -> None:
    assert timing_assertions(source)


@pytest.mark.parametrize(
    "source",
    [
        # A deadline to wait for a server to come up, and a ratio of two timings.
        "def test():\n    deadline = time.monotonic() + 20\n    while not up():\n"
        "        assert time.monotonic() < deadline, 'did not start'\n",
        "def test():\n    small = timed(1)\n    large = timed(8)\n    assert large <= small * 24\n",
        "def test():\n    small = large = float('inf')\n    s = time.perf_counter()\n"
        "    small = min(small, time.perf_counter() - s)\n    large = min(large, small * 8)\n"
        "    assert large <= small * 24\n",
        # Durations of the domain, not of the test's own run.
        "def test():\n    assert found.duration == timedelta(days=3)\n",
        "def test():\n    assert business_duration(timedelta(hours=1)) == '1 business hour'\n",
        "def test():\n    assert len(parse_duration('P1D')) > 0\n",
    ],
)
def test_the_rule_leaves_other_comparisons_alone(source: str) -> None:
    assert timing_assertions(source) == []
