"""One partition of the input audited into the lines of the output files, and partitions' results
written back in input order: what a Dask worker and a local worker process share.

A partition's results are the lines `trustdesk audit` writes, already encoded (conversations,
findings, problems), and each conversation's `AuditTally`; the process that writes them only
appends text and adds tallies, in input order, so the output is byte for byte that of a
single-process audit whichever process audited what.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from trustdesk.engine import Engine
from trustdesk.engine.summary import AuditTally
from trustdesk.io.records import InputProblem, parse_record
from trustdesk.io.results import AuditWriter, audited_rows, json_line
from trustdesk.model import Conversation
from trustdesk.scale.parts import JsonlRange, Part, read_part


@dataclass(slots=True)
class PartResult:
    """One partition audited: its lines of each output file, in input order."""

    lines: int = 0  # lines of the JSON Lines file the partition spans (0 for Parquet)
    conversations: str = ""
    findings: str = ""
    tallies: list[AuditTally] = field(default_factory=list)
    # In input order: a malformed record, or problems.jsonl lines of a conversation cut short.
    problems: list[InputProblem | str] = field(default_factory=list)
    error: str | None = None  # an input that cannot be read at all (a TrustdeskError)


def audit_part_into(
    result: PartResult, part: Part, engine: Engine, now: datetime | None, *, rows: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read `part`, audit its conversations with `engine` and put the lines into `result`;
    with `rows`, also return the conversation and finding rows (for Parquet)."""
    result.lines, items = read_part(part)
    records: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    conversation_lines: list[str] = []
    finding_lines: list[str] = []
    for number, item in items:
        if isinstance(item, InputProblem):
            result.problems.append(item)
            continue
        # A JSON Lines record is parsed here; a Parquet row arrives as a conversation.
        parsed = item if isinstance(item, Conversation) else parse_record(item, part.source, number)
        if isinstance(parsed, InputProblem):
            result.problems.append(parsed)
            continue
        audited = audited_rows(parsed, engine.audit(parsed, now=now, remember=False))
        if rows:
            records.append(audited.record)
            findings.extend(audited.findings)
        conversation_lines.append(json_line(audited.record))
        finding_lines.extend(json_line(row) for row in audited.findings)
        result.tallies.append(audited.tally)
        if audited.truncations:
            result.problems.append("".join(json_line(row) for row in audited.truncations))
    result.conversations = "".join(conversation_lines)
    result.findings = "".join(finding_lines)
    return records, findings


# A partition's result, once it is ready (raising a TrustdeskError if it cannot be had).
Pending = Callable[[], PartResult]


def write_in_order(
    parts: Iterable[Part],
    submit: Callable[[int, Part], Pending],
    writer: AuditWriter,
    *,
    in_flight: int,
    strict: bool,
    on_problem: Callable[[InputProblem], None] | None,
    on_read: Callable[[int], None] | None,
    on_audited: Callable[[int], None] | None,
) -> None:
    """Submit the partitions, at most `in_flight` at a time, and write their results to
    `writer` in input order: problems renumbered by the lines of the ranges before them,
    the first one raised when `strict`."""
    pending: deque[tuple[Part, Pending]] = deque()
    queue: Iterator[tuple[int, Part]] = iter(enumerate(parts))
    lines_before: dict[int, int] = {}

    def submit_next() -> bool:
        item = next(queue, None)
        if item is None:
            return False
        pending.append((item[1], submit(*item)))
        return True

    while len(pending) < in_flight and submit_next():
        pass
    while pending:
        part, ready = pending.popleft()
        result = ready()
        submit_next()
        offset = 0
        if isinstance(part, JsonlRange):
            offset = lines_before.get(part.file, 0)
            lines_before[part.file] = offset + result.lines
        _write(result, offset, writer, strict=strict, on_problem=on_problem)
        if on_read is not None:
            on_read(part.size)
        if on_audited is not None:
            on_audited(writer.summary.conversations)


def _write(
    result: PartResult,
    offset: int,
    writer: AuditWriter,
    *,
    strict: bool,
    on_problem: Callable[[InputProblem], None] | None,
) -> None:
    writer.add_written(
        findings=result.findings,
        conversations=result.conversations,
        problems="",
        tallies=result.tallies,
    )
    for item in result.problems:
        if isinstance(item, str):
            writer.add_written(findings="", conversations="", problems=item, tallies=[])
            continue
        problem = item
        if offset and problem.line is not None:
            problem = replace(problem, line=problem.line + offset)
        if strict:
            raise problem.to_error()
        writer.problem(problem.to_dict())
        if on_problem is not None:
            on_problem(problem)
