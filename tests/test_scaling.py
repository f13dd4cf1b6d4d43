"""The helpers that measure how work grows: they pass linear work and fail quadratic work."""

from __future__ import annotations

import re

import pytest

from scaling import assert_linear_steps, assert_linear_time, backtracking_scans, python_steps


def _linear(items: list[int]) -> int:
    total = 0
    for item in items:
        total += item
    return total


def _quadratic(items: list[int]) -> int:
    total = 0
    for item in items:
        for other in items:
            total += item * other
    return total


def _rescans(text: str) -> int:
    # One Python step per 8 characters, but each step scans the text up to there (in C).
    return sum(text.count("y", 0, end) for end in range(0, len(text), 8))


def test_steps_count_python_lines() -> None:
    assert python_steps(lambda: _linear(list(range(10)))) > python_steps(lambda: _linear([]))
    assert_linear_steps(lambda n: list(range(n)), _linear, 100)


def test_steps_catch_a_quadratic_loop() -> None:
    with pytest.raises(AssertionError, match="faster than n"):
        assert_linear_steps(lambda n: list(range(n)), _quadratic, 50)
    assert_linear_steps(lambda n: list(range(n)), _quadratic, 50, degree=2)


def test_timings_catch_quadratic_work_in_c() -> None:
    assert_linear_steps(lambda n: "x" * n, _rescans, 2_000)
    with pytest.raises(AssertionError, match="faster than n"):
        assert_linear_time(lambda n: "x" * n, _rescans, 10_000)
    assert_linear_time(lambda n: "x" * n, lambda text: text.count("y"), 1_000_000)


def test_backtracking_scans_name_the_patterns_python_ran() -> None:
    pattern = re.compile(r"(a+)+$")
    assert backtracking_scans(lambda: pattern.search("aaa")) == {r"(a+)+$"}
    assert backtracking_scans(lambda: "aaa".find("a")) == set()
