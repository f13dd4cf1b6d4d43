"""Auditing an archive: conversations read from files (or stdin), audited on one or more
processes, the results written to a folder, all or nothing. `trustdesk audit` is this plus a
progress bar and a summary on screen.

The three steps stay apart so another runner can replace one: reading is
`io.readers.read_conversations`, auditing is an `Auditor` (by default `engine.batch.audit_stream`
on `workers` processes) and writing is `io.results.AuditWriter`. Callers follow the run through
callbacks: each malformed record (already written to problems.jsonl), bytes read, conversations
audited.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from trustdesk.engine import Engine
from trustdesk.engine.batch import audit_stream
from trustdesk.engine.summary import AuditSummary
from trustdesk.io.helpdesks.csv_mapped import ColumnMap
from trustdesk.io.readers import NATIVE_SOURCE, InputProblem, SourceCallback, read_conversations
from trustdesk.io.results import AuditWriter
from trustdesk.model import Audit, Conversation

STDIN = "-"


class Auditor(Protocol):
    """Each conversation with its audit, in input order."""

    def __call__(
        self, conversations: Iterable[Conversation], *, engine: Engine, now: datetime | None
    ) -> Iterable[tuple[Conversation, Audit]]: ...


def worker_count(workers: int) -> int:
    """The processes `--workers` asks for (0: one per core)."""
    return workers or os.cpu_count() or 1


def on_processes(workers: int) -> Auditor:
    """The auditor of `engine.batch.audit_stream` on `workers` processes (0: one per core)."""
    count = worker_count(workers)

    def audit(
        conversations: Iterable[Conversation], *, engine: Engine, now: datetime | None
    ) -> Iterable[tuple[Conversation, Audit]]:
        return audit_stream(conversations, engine=engine, now=now, workers=count)

    return audit


@dataclass(frozen=True, slots=True)
class ArchiveAudit:
    """What an archive audit wrote (`out`) and its totals (`summary`, as in summary.json)."""

    out: Path
    summary: AuditSummary

    @property
    def conversations(self) -> int:
        return self.summary.conversations

    @property
    def findings(self) -> int:
        return self.summary.findings

    @property
    def skipped(self) -> int:
        """Malformed records reported and skipped (listed in problems.jsonl)."""
        return self.summary.skipped


def input_size(paths: Sequence[str]) -> int:
    """Bytes to read from the files among `paths` (stdin's size is unknown), for a progress bar."""
    return sum(Path(p).stat().st_size for p in paths if p != STDIN and Path(p).is_file())


def audit_archive(
    paths: Sequence[str],
    out: str | Path,
    *,
    engine: Engine,
    now: datetime | None = None,
    strict: bool = False,
    workers: int = 1,
    auditor: Auditor | None = None,
    on_problem: Callable[[InputProblem], None] | None = None,
    on_read: Callable[[int], None] | None = None,
    on_audited: Callable[[int], None] | None = None,
    source: str = NATIVE_SOURCE,
    columns: ColumnMap | None = None,
    on_source: SourceCallback | None = None,
) -> ArchiveAudit:
    """Audit the conversations of `paths` (JSONL, JSON or CSV files; "-" for JSONL on stdin)
    and write findings.jsonl, conversations.jsonl, problems.jsonl and summary.json to `out`.

    `now` judges every conversation as of that time (default: each as of its last message).
    A malformed record is written to problems.jsonl, passed to `on_problem` and skipped;
    with `strict` it raises InputError instead. Any error leaves no result file behind.
    `auditor` runs the audits (default: `workers` processes, 0 for one per core);
    `on_read` gets the bytes read as they are read; `on_audited` the number of conversations
    audited so far, after each one. `source`, `columns` and `on_source` say what wrote the
    files, as for `read_conversations` ("auto" recognises each).
    """
    audit = auditor or on_processes(workers)
    with AuditWriter(out, engine.policy) as writer:

        def problem(found: InputProblem) -> None:
            writer.problem(found.to_dict())
            if on_problem is not None:
                on_problem(found)

        conversations = read_conversations(
            list(paths),
            strict=strict,
            on_problem=problem,
            on_progress=on_read,
            source=source,
            columns=columns,
            on_source=on_source,
        )
        for conversation, result in audit(conversations, engine=engine, now=now):
            writer.add(conversation, result)
            if on_audited is not None:
                on_audited(writer.summary.conversations)
    return ArchiveAudit(out=writer.folder, summary=writer.summary)
