"""Hostile long messages: how long the engine and the text analysers take as a message grows.

    make bench-long                  # or: python benchmarks/long_input.py [--sizes 10 25 50 100]

The tests assert how work grows (tests/scaling.py) and never how long it takes; the seconds
themselves are here. Each row is the best of three runs of one size, and the last column is
the time per kilobyte, which stays flat where the work is linear in the message's length.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table

from harness import pin_one_core
from trustdesk.engine import Engine
from trustdesk.text.questions import find_questions, question_kind
from trustdesk.text.sensitive import find_sensitive
from trustdesk.text.sentences import split_sentences, words

# Real phrases the checks key on, then long runs of the characters their patterns key on.
PHRASES = (
    "We will get back to you soon. Can you confirm your password? Only 2 left, act now! "
    "Any update?? This is the third time I ask. Refunds take 3 days. Why was I charged twice? "
    "4111 1111 1111 1111 GB82 WEST 1234 5698 7654 32 by Friday 5pm within 48 hours "
    "THIS IS UNACCEPTABLE That's just our policy. "
)


def hostile(kilobytes: int) -> str:
    size = kilobytes * 1000
    unit = PHRASES * 4 + "a" * 300 + "?" * 150 + " 1" * 75
    return (unit * (size // len(unit) + 1))[:size]


def conversation(text: str) -> dict[str, Any]:
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    return {
        "id": "long",
        "messages": [
            {"id": "m1", "role": "customer", "at": start.isoformat(), "text": text},
            {
                "id": "m2",
                "role": "agent",
                "at": (start + timedelta(hours=1)).isoformat(),
                "text": text,
            },
        ],
    }


def workloads(engine: Engine) -> dict[str, Callable[[str], object]]:
    return {
        "engine: audit (2 messages)": lambda text: engine.audit(conversation(text)),
        "engine: check_reply": lambda text: engine.check_reply(conversation(text), text),
        "text: sentences + words": lambda text: (split_sentences(text), words(text)),
        "text: questions": lambda text: (
            find_questions(split_sentences(text)),
            question_kind(text),
        ),
        "text: sensitive data": find_sensitive,
    }


def best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50, 100], help="in KB")
    args = parser.parse_args(argv)
    console = Console()
    console.print(pin_one_core())
    engine = Engine()
    engine.check_reply(conversation("warm up"), "warm up")
    table = Table("workload", "message", "seconds", "ms per KB")
    for name, work in workloads(engine).items():
        for kilobytes in args.sizes:
            text = hostile(kilobytes)
            seconds = best_of(3, lambda work=work, text=text: work(text))
            table.add_row(
                name, f"{kilobytes} KB", f"{seconds:.3f}", f"{seconds * 1000 / kilobytes:.2f}"
            )
    console.print(table)


if __name__ == "__main__":
    main()
