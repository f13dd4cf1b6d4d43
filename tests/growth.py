"""The ratio of the work at 4n to the work at n, for tests that compare it with one bound.

The steps are counted by `scaling.python_steps` (every Python line executed, the same whatever
the machine's load): linear work grows about 4 times, quadratic work 16 times. Work inside C (a
regex scan, a set operation) is not counted; the loops around it are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scaling import python_steps

# Ratio of the work at 4n to the work at n that a test accepts: n log n at the sizes the
# tests use stays under it, quadratic growth (16) is far above it.
WORK_RATIO = 6.0


def growth(run: Callable[[Any], Any], n: int, prepare: Callable[[int], Any] | None = None) -> float:
    """How many times more steps `run(4 * n)` takes than `run(n)`: about 4 for linear work,
    16 for quadratic. With `prepare`, `run` is given `prepare(size)`, made outside the count
    (say a conversation with its messages analysed, to count only the checks' own work).

    A first, uncounted run at the larger size pays for what is loaded or compiled once. The
    input must be made afresh for each run: caches serving repeats would hide the work."""
    make = prepare or (lambda size: size)
    run(make(4 * n))
    small_input = make(n)
    small = python_steps(lambda: run(small_input))
    large_input = make(4 * n)
    large = python_steps(lambda: run(large_input))
    return large / small
