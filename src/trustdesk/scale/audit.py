"""A distributed audit: partitions audited on Dask workers, results gathered in input order.

The client plans the partitions, registers an `EnginePlugin` (one engine per worker), and keeps
a few partitions per worker in flight. Each partition's lines come back and are written, in
input order, by the same `AuditWriter` as a single-process audit, and each conversation's
`AuditTally` is added to the summary in that order: findings.jsonl, conversations.jsonl,
problems.jsonl and summary.json are byte for byte those of `trustdesk audit --workers 1`.
Workers also write findings.parquet/ and conversations.parquet/ (one file per partition), so
every path, input and --out alike, must be one every worker can reach.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trustdesk.engine import Engine
from trustdesk.errors import InputError, TrustdeskError
from trustdesk.io import helpdesks
from trustdesk.io.archive import ArchiveAudit
from trustdesk.io.readers import InputProblem
from trustdesk.io.records import iter_json_records
from trustdesk.io.results import AuditWriter
from trustdesk.scale.partition import PartResult, Pending, write_in_order
from trustdesk.scale.parts import Part, plan_parts

if TYPE_CHECKING:
    from distributed import Client, Future

FINDINGS_PARQUET = "findings.parquet"
CONVERSATIONS_PARQUET = "conversations.parquet"
IN_FLIGHT_PER_THREAD = 3


def audit_on_dask(
    paths: Sequence[str],
    out: str | Path,
    *,
    client: Client,
    engine: Engine,
    now: datetime | None = None,
    strict: bool = False,
    on_problem: Callable[[InputProblem], None] | None = None,
    on_read: Callable[[int], None] | None = None,
    on_audited: Callable[[int], None] | None = None,
    part_bytes: int | None = None,
) -> ArchiveAudit:
    """Audit `paths` (JSON Lines in the input format, or Parquet from `trustdesk convert`) on
    the cluster of `client`, writing the output of `io.archive.audit_archive` and the Parquet
    folders to `out`; the arguments mean what they mean there. `part_bytes` sets the size of
    a partition of JSON Lines (default: a share of the input per worker thread, 1-16 MiB)."""
    from trustdesk.scale.worker import EnginePlugin

    check_inputs(paths)
    threads = max(1, sum(client.nthreads().values()))
    parts = plan_parts(paths, threads, part_bytes)
    folder = Path(out).resolve()
    staging = folder / ".parquet.partial"
    plugin = f"trustdesk-engine-{uuid.uuid4().hex}"
    with AuditWriter(out, engine.policy) as writer:
        shutil.rmtree(staging, ignore_errors=True)
        for kind in ("conversations", "findings"):
            (staging / kind).mkdir(parents=True)
        try:
            client.register_plugin(
                EnginePlugin(engine.policy, engine.limits, engine.calibration), name=plugin
            )
            try:
                _gather(
                    client,
                    parts,
                    plugin,
                    now,
                    str(staging),
                    threads,
                    writer,
                    strict=strict,
                    on_problem=on_problem,
                    on_read=on_read,
                    on_audited=on_audited,
                )
            finally:
                client.unregister_worker_plugin(plugin)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    for kind, name in (("conversations", CONVERSATIONS_PARQUET), ("findings", FINDINGS_PARQUET)):
        shutil.rmtree(folder / name, ignore_errors=True)
        (staging / kind).replace(folder / name)
    staging.rmdir()
    return ArchiveAudit(out=writer.folder, summary=writer.summary)


def _gather(
    client: Client,
    parts: list[Part],
    plugin: str,
    now: datetime | None,
    staging: str,
    threads: int,
    writer: AuditWriter,
    *,
    strict: bool,
    on_problem: Callable[[InputProblem], None] | None,
    on_read: Callable[[int], None] | None,
    on_audited: Callable[[int], None] | None,
) -> None:
    from trustdesk.scale.worker import audit_part

    width = max(5, len(str(len(parts))))

    def submit(index: int, part: Part) -> Pending:
        name = f"part-{index:0{width}d}.parquet"
        # pure=False: a partition is audited afresh, never served from an earlier run.
        future = client.submit(audit_part, part, name, plugin, now, staging, pure=False)
        return lambda: _result(future, part)

    write_in_order(
        parts,
        submit,
        writer,
        in_flight=threads * IN_FLIGHT_PER_THREAD,
        strict=strict,
        on_problem=on_problem,
        on_read=on_read,
        on_audited=on_audited,
    )


def _result(future: Future[PartResult], part: Part) -> PartResult:
    from distributed import CancelledError
    from distributed.scheduler import KilledWorker

    try:
        result: PartResult = future.result()
    except KilledWorker:
        raise TrustdeskError(
            "a Dask worker stopped while auditing (out of memory?); give the workers more "
            "memory or run with smaller files"
        ) from None
    except (CancelledError, OSError) as exc:
        raise TrustdeskError(f"the Dask cluster went away during the audit ({exc})") from None
    except Exception as exc:  # raised on a worker: its log holds the traceback
        raise TrustdeskError(
            f"a Dask worker failed on {part.source} ({type(exc).__name__}: {exc}); do the "
            "workers run the same version of trustdesk as this command?"
        ) from None
    if result.error is not None:
        raise TrustdeskError(result.error)
    return result


def check_inputs(paths: Sequence[str]) -> None:
    """Fail before the cluster is used when an input is missing or not in a format it reads."""
    plan_parts(paths, 1)
    for path in paths:
        _refuse_other_formats(path)


def _refuse_other_formats(path: str) -> None:
    """A JSON Lines file whose first record is a helpdesk's export, not the input format, is
    refused (a single-process audit would recognise it; here workers read records blind)."""
    if not path.lower().endswith((".jsonl", ".ndjson", ".jsonl.txt")) or not Path(path).is_file():
        return
    for _, first in iter_json_records(path):
        if isinstance(first, InputProblem):
            return
        found = helpdesks.recognise(first)
        if found not in (None, helpdesks.NATIVE) or (
            found is None and isinstance(first, dict) and "messages" not in first
        ):
            raise InputError(
                "not conversations in the input format: convert it first with "
                "`trustdesk convert FILE --to parquet DIR` (which reads helpdesk exports)",
                source=path,
            )
        return
