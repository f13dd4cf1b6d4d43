"""Growth asserted by counting work, never by the clock.

`steps(run)` counts the Python steps a call takes: every line the interpreter executes (a loop
counts once per pass, a comprehension once per item) and every function it enters. The count
depends on the code and the input only, not on the machine or its load, so a test can compare
the work at n and at 4n: linear work grows about 4 times, quadratic work 16 times.
Work done inside C (a regex scan, a set operation) is not counted; the loops around it are.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

# Ratio of the work at 4n to the work at n that a test accepts: n log n at the sizes the
# tests use stays under it, quadratic growth (16) is far above it.
WORK_RATIO = 6.0


def steps(run: Callable[[], Any]) -> int:
    """The Python steps `run()` takes in this thread."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        run()
    finally:
        sys.settrace(previous)
    return count


def growth(run: Callable[[Any], Any], n: int, prepare: Callable[[int], Any] | None = None) -> float:
    """How many times more steps `run(4 * n)` takes than `run(n)`: about 4 for linear work,
    16 for quadratic. With `prepare`, `run` is given `prepare(size)`, made outside the count
    (say a conversation with its messages analysed, to count only the checks' own work).

    A first, uncounted run at the larger size pays for what is loaded or compiled once. The
    input must be made afresh for each run: caches serving repeats would hide the work."""
    make = prepare or (lambda size: size)
    run(make(4 * n))
    small_input = make(n)
    small = steps(lambda: run(small_input))
    large_input = make(4 * n)
    large = steps(lambda: run(large_input))
    return large / small
