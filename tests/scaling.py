"""How the work of a function grows with its input, measured without trusting the wall clock.

A test that asserts "this took under a second" fails on a busy machine and passes a quadratic
algorithm on a fast one. These helpers assert the growth instead:

- `python_steps` counts the Python lines an action executes (through `sys.settrace`): exact,
  and the same whatever else the machine is doing. `assert_linear_steps` compares the counts
  for inputs of size n and k*n.
- Work inside C (one scan of a built-in regex) is a single step for the line that starts it.
  Patterns from a policy run on RE2, linear by construction: `backtracking_scans` lists the
  patterns an action ran on Python's backtracking engine, so a test can show that a hostile
  user pattern never reaches it. For the built-in patterns, `assert_linear_time` compares the
  best of several timings (CPU time, not wall-clock) of two input sizes taken in the same
  test, with a margin that load cannot exceed and a quadratic blow-up cannot stay under.
"""

from __future__ import annotations

import gc
import re
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")

# Linear growth over k doubles nothing else; a quadratic one multiplies by k again.
STEP_SLACK = 1.5
TIME_SLACK = 3.0


def python_steps(action: Callable[[], object]) -> int:
    """The number of Python lines `action` executes, in every function it calls."""
    steps = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        if event == "line":
            steps += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        action()
    finally:
        sys.settrace(previous)
    return steps


def assert_linear_steps(
    make: Callable[[int], T],
    act: Callable[[T], object],
    size: int,
    *,
    factor: int = 4,
    degree: int = 1,
    slack: float = STEP_SLACK,
) -> tuple[int, int]:
    """`act(make(n))` executes at most about `factor` times the lines for `factor` times `n`
    (`factor ** degree` times for a bound of higher degree).

    `make` builds a fresh input (outside the count), so no cache of an earlier run helps; a
    first run pays for lazy compilation before anything is counted.
    """
    act(make(size))
    small_input, large_input = make(size), make(size * factor)
    small = python_steps(lambda: act(small_input))
    large = python_steps(lambda: act(large_input))
    assert large <= small * factor**degree * slack, (
        f"{small} steps for size {size}, {large} for {size * factor}: grows faster than n^{degree}"
    )
    return small, large


def _timed(action: Callable[[], object]) -> float:
    # CPU time of this thread, not wall-clock time: waiting for a busy CPU does not count.
    started = time.thread_time()
    action()
    return time.thread_time() - started


def assert_linear_time(
    make: Callable[[int], T],
    act: Callable[[T], object],
    size: int,
    *,
    factor: int = 8,
    degree: int = 1,
    slack: float = TIME_SLACK,
    rounds: int = 5,
) -> None:
    """`act` on `factor` times the input takes at most `factor * slack` times as long
    (`factor ** degree * slack` for a bound of higher degree).

    Only a ratio of two timings of this one test is compared, each the best of `rounds`
    (interleaved, so load slows both alike) of the CPU time this thread spent, with the
    collector off. Pick `size` so that one
    small run does real work (a millisecond or more): otherwise the fixed cost of a call hides
    the growth.
    """
    small_input, large_input = make(size), make(size * factor)
    act(small_input)
    enabled = gc.isenabled()
    gc.disable()
    try:
        small = large = float("inf")
        for _ in range(rounds):
            small = min(small, _timed(lambda: act(small_input)))
            large = min(large, _timed(lambda: act(large_input)))
    finally:
        if enabled:
            gc.enable()
    assert large <= small * factor**degree * slack, (
        f"size {size}: {small:.4f} s, size {size * factor}: {large:.4f} s; "
        f"grows faster than n^{degree}"
    )


def backtracking_scans(action: Callable[[], object]) -> set[str]:
    """The patterns that `action` ran on Python's own (backtracking) regex engine."""
    patterns: set[str] = set()

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "c_call" and isinstance(getattr(arg, "__self__", None), re.Pattern):
            patterns.add(arg.__self__.pattern)

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(previous)
    return patterns
