"""`trustdesk audit --workers N` on JSON Lines files: worker processes that read their own byte
ranges of the input, audit them, and send back the lines of the output files.

This process only plans the ranges (`scale.parts`, as for the Dask audit), writes the lines it
gets back in input order and adds up the summary (`scale.partition`), so the output is byte for
byte that of `--workers 1`, problems.jsonl and its line numbers included. At most a few ranges
per worker are in flight, each of at most `MAX_PART_BYTES`, so memory is bounded whatever the
size of the input.

Each worker holds one engine for the whole audit. Where it is safe (Linux, and no other thread
in this process yet), workers are forked from this process after its engine has compiled the
policy and loaded its models, and share them; otherwise they are spawned and each builds its
own engine before the first range. The pool is started by `LocalWorkers.__enter__`, so a
command can start it before it starts a progress display's thread.

Inputs that cannot be cut into ranges (stdin, JSON documents, CSV, a helpdesk's export, which
must be read from the start to be understood) are audited by `io.archive.audit_archive`, whose
workers get conversations from this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from trustdesk.engine import Engine
from trustdesk.engine.calibration import Calibration
from trustdesk.engine.limits import Limits
from trustdesk.engine.warmup import warm_up
from trustdesk.errors import TrustdeskError
from trustdesk.io import helpdesks
from trustdesk.io.archive import ArchiveAudit
from trustdesk.io.readers import (
    AUTO,
    InputProblem,
    SourceCallback,
    iter_json_records,
    recognised_source,
)
from trustdesk.io.records import format_of
from trustdesk.io.results import AuditWriter
from trustdesk.policy.schema import Policy
from trustdesk.scale.partition import PartResult, Pending, audit_part_into, write_in_order
from trustdesk.scale.parts import Part, plan_parts

# Ranges per worker: enough that a worker that finishes early takes over a slow one's share,
# and the last ranges, on which a worker may wait for the other, are short.
PARTS_PER_WORKER = 32
MIN_PART_BYTES = 64 << 10
# A worker holds one range's records, and this process a few ranges' results per worker.
MAX_PART_BYTES = 4 << 20
IN_FLIGHT_PER_WORKER = 3

# The engine of a worker process: the parent's, copied by fork, or built by `_build`.
_engine: Engine | None = None


def sliceable(paths: Sequence[str], *, source: str, columns: Any = None) -> bool:
    """Whether worker processes can read `paths` in ranges: every one a JSON Lines file of
    conversations in the input format (a file whose first record is a helpdesk's is not)."""
    if columns is not None or source not in (AUTO, helpdesks.NATIVE):
        return False
    for path in paths:
        if path == "-" or not Path(path).is_file():
            return False
        try:
            if format_of(path) != "jsonl":
                return False
        except TrustdeskError:
            return False
        if source == AUTO and _read_as(path) not in (None, helpdesks.NATIVE):
            return False
    return True


def _read_as(path: str) -> str | None:
    """What "auto" reads a JSON Lines file as ("" when it cannot tell; None: no record)."""
    for _, record in iter_json_records(path):
        if not isinstance(record, InputProblem):
            return recognised_source(record) or ""
    return None


def _fork_is_safe() -> bool:
    # Forking a process with other threads can copy a lock another thread holds; elsewhere
    # than Linux, fork is unsafe or missing.
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _build(policy: Policy, limits: Limits, calibration: Calibration) -> None:
    global _engine
    _engine = Engine(policy, limits=limits, calibration=calibration)
    warm_up(_engine)


def _ready() -> int:
    return os.getpid()


def _audit(part: Part, now: datetime | None) -> PartResult:
    assert _engine is not None, "worker started without an engine"
    result = PartResult()
    try:
        audit_part_into(result, part, _engine, now)
    except TrustdeskError as exc:
        result.error = str(exc)
    return result


class LocalWorkers:
    """`workers` processes holding `engine`'s policy, limits and calibration, for the audits of
    JSON Lines files in ranges (`audit`). A context manager: the processes start on entry,
    each with its engine ready, and stop on exit."""

    def __init__(self, engine: Engine, workers: int, *, fork: bool | None = None) -> None:
        self.engine = engine
        self.workers = max(1, workers)
        # None: fork where it is safe (see `_fork_is_safe`), else spawn.
        self.fork = fork
        self.forked = False
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalWorkers:
        global _engine
        self.forked = _fork_is_safe() if self.fork is None else self.fork
        if self.forked:
            # Loaded here once, before the fork: every worker starts with it.
            warm_up(self.engine)
            _engine = self.engine
            pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("fork")
            )
        else:
            pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_build,
                initargs=(self.engine.policy, self.engine.limits, self.engine.calibration),
            )
        self._pool = pool
        try:
            # Every worker started now (a forked pool starts them all on the first task), and
            # an engine that cannot be built fails here, before anything is written.
            for ready in [pool.submit(_ready) for _ in range(self.workers)]:
                _outcome(ready)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def plan(self, paths: Sequence[str]) -> list[Part]:
        """The ranges of `paths`, in input order."""
        total = sum(Path(path).stat().st_size for path in paths)
        share = total // (self.workers * PARTS_PER_WORKER)
        return plan_parts(paths, self.workers, min(MAX_PART_BYTES, max(MIN_PART_BYTES, share)))

    def audit(
        self,
        paths: Sequence[str],
        out: str | Path,
        *,
        now: datetime | None = None,
        strict: bool = False,
        on_problem: Callable[[InputProblem], None] | None = None,
        on_read: Callable[[int], None] | None = None,
        on_audited: Callable[[int], None] | None = None,
        on_source: SourceCallback | None = None,
        source: str = AUTO,
        parts: Sequence[Part] | None = None,
    ) -> ArchiveAudit:
        """Audit `paths` (each `sliceable`) as `io.archive.audit_archive` does, with the same
        output; `parts` replaces the planned ranges (for tests)."""
        pool = self._pool
        if pool is None:
            raise RuntimeError("LocalWorkers.audit outside its `with` block")
        planned = list(parts) if parts is not None else self.plan(paths)
        if on_source is not None:
            for path in paths:
                if source != AUTO:
                    on_source(path, source, False)
                elif _read_as(path) is not None:
                    on_source(path, helpdesks.NATIVE, True)

        def submit(index: int, part: Part) -> Pending:
            future = pool.submit(_audit, part, now)
            return lambda: _outcome(future)

        with AuditWriter(out, self.engine.policy) as writer:
            write_in_order(
                planned,
                submit,
                writer,
                in_flight=self.workers * IN_FLIGHT_PER_WORKER,
                strict=strict,
                on_problem=on_problem,
                on_read=on_read,
                on_audited=on_audited,
            )
        return ArchiveAudit(out=writer.folder, summary=writer.summary)


def _outcome(future: Future[Any]) -> Any:
    try:
        result = future.result()
    except BrokenProcessPool:
        raise TrustdeskError(
            "a worker process stopped unexpectedly (out of memory?); run again with fewer --workers"
        ) from None
    if isinstance(result, PartResult) and result.error is not None:
        raise TrustdeskError(result.error)
    return result
