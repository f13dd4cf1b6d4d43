"""Partitions' results written in input order, with a bounded number in flight."""

from __future__ import annotations

from pathlib import Path

from trustdesk.io.readers import InputProblem
from trustdesk.io.results import AuditWriter
from trustdesk.scale.partition import PartResult, Pending, write_in_order
from trustdesk.scale.parts import JsonlRange, Part


def test_results_are_written_in_order_with_few_in_flight(tmp_path: Path) -> None:
    parts: list[Part] = [
        JsonlRange("in.jsonl", "in.jsonl", 0, n * 10, n * 10 + 10) for n in range(20)
    ]
    outstanding: set[int] = set()
    most = 0

    def submit(index: int, part: Part) -> Pending:
        nonlocal most
        outstanding.add(index)
        most = max(most, len(outstanding))

        def ready() -> PartResult:
            outstanding.discard(index)
            problem = InputProblem("in.jsonl", 2, None, f"broken in part {index}")
            return PartResult(lines=3, problems=[problem])

        return ready

    seen: list[InputProblem] = []
    with AuditWriter(tmp_path / "out") as writer:
        write_in_order(
            parts,
            submit,
            writer,
            in_flight=4,
            strict=False,
            on_problem=seen.append,
            on_read=None,
            on_audited=None,
        )
    assert most == 4
    # Each part's line 2, numbered in the file: after the 3 lines of every part before it.
    assert [(p.line, p.reason) for p in seen] == [
        (3 * n + 2, f"broken in part {n}") for n in range(20)
    ]
    assert writer.summary.skipped == 20
