"""`trustdesk audit --dask ADDRESS` and `trustdesk convert`: the audit on a Dask cluster, and
the Parquet input it reads best."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from trustdesk.cli.sources import From, FromOption, MapOption, announcer, columns_of, source_of
from trustdesk.errors import InputError

DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        help="Audit on Dask: local (one worker process per core), local:N, or the address of a "
        "running scheduler, tcp://HOST:8786. Reads JSONL in the input format or Parquet from "
        "`trustdesk convert`; also writes findings.parquet/ and conversations.parquet/. "
        "Needs pip install 'trustdesk[dask]'.",
    ),
]


def dask_auditing(
    address: str | None, *, workers: int, source: From, strict: bool
) -> Callable[..., Any] | None:
    """The runner of `audit --dask` (called as `io.archive.audit_archive` is), or None."""
    if address is None:
        return None
    from trustdesk.scale.cluster import local_workers, require_dask

    local_workers(address)  # a malformed address fails before anything is read
    if workers != 1:
        raise InputError("give --workers or --dask, not both", field="--dask")
    if source not in (From.auto, From.trustdesk):
        raise InputError(
            "the Dask audit reads the input format: convert a helpdesk's export first with "
            "`trustdesk convert FILE --from SOURCE --to parquet DIR`",
            field="--from",
        )
    require_dask()

    def run(
        paths: Sequence[str],
        out: Path,
        *,
        engine: Any,
        now: datetime | None,
        strict: bool,
        on_problem: Callable[..., None],
        on_read: Callable[[int], None],
        on_audited: Callable[[int], None],
        columns: Any,
        **_: Any,
    ) -> Any:
        from trustdesk.scale import cluster
        from trustdesk.scale.audit import audit_on_dask, check_inputs

        if columns is not None:
            raise InputError("the Dask audit reads no CSV: convert it first", field="--map")
        check_inputs(paths)
        with cluster.connect(address) as client:
            return audit_on_dask(
                paths,
                out,
                client=client,
                engine=engine,
                now=now,
                strict=strict,
                on_problem=on_problem,
                on_read=on_read,
                on_audited=on_audited,
            )

    return run


@contextmanager
def process_auditing(
    paths: Sequence[str], *, engine: Any, workers: int, source: str, columns: Any
) -> Iterator[Callable[..., Any] | None]:
    """The runner of `audit --workers N` (called as `io.archive.audit_archive` is) when its
    workers can read the inputs in ranges themselves, with the worker processes started; None
    when one process audits, or when the inputs must be read from the start in this process
    (stdin, JSON, CSV, a helpdesk's export), where `audit_archive` sends workers conversations."""
    from trustdesk.io.archive import worker_count
    from trustdesk.scale.processes import LocalWorkers, sliceable

    count = worker_count(workers)
    if count <= 1 or not sliceable(paths, source=source, columns=columns):
        yield None
        return
    with LocalWorkers(engine, count) as pool:

        def run(
            paths: Sequence[str],
            out: Path,
            *,
            now: datetime | None,
            strict: bool,
            on_problem: Callable[..., None],
            on_read: Callable[[int], None],
            on_audited: Callable[[int], None],
            on_source: Callable[[str, str, bool], None],
            source: str,
            **_: Any,
        ) -> Any:
            return pool.audit(
                paths,
                out,
                now=now,
                strict=strict,
                on_problem=on_problem,
                on_read=on_read,
                on_audited=on_audited,
                on_source=on_source,
                source=source,
            )

        yield run


def register_convert(app: typer.Typer, console: Console, errors: Console) -> None:
    @app.command(name="convert")
    def convert_command(
        inputs: Annotated[
            list[str],
            typer.Argument(
                help="JSONL, JSON or CSV files of conversations, or a helpdesk's exports.",
                show_default=False,
            ),
        ],
        out: Annotated[
            Path,
            typer.Argument(
                help="Folder to write the Parquet files to.", file_okay=False, show_default=False
            ),
        ],
        to: Annotated[
            str, typer.Option("--to", help="The format to write: parquet (the only one).")
        ] = "parquet",
        source: FromOption = From.auto,
        mapping: MapOption = None,
        strict: Annotated[
            bool,
            typer.Option(help="Stop at the first malformed record instead of skipping it."),
        ] = False,
        rows: Annotated[
            int,
            typer.Option(
                "--rows",
                min=1,
                help="Conversations per Parquet file (each file is one partition of an audit).",
            ),
        ] = 2_000,
    ) -> None:
        """Write conversations as partitioned Parquet (one row per conversation, messages
        nested), the input `trustdesk audit --dask` reads fastest."""
        if to != "parquet":
            raise InputError(f"cannot convert to {to!r}: only parquet", field="--to")
        from trustdesk.scale.cluster import require_dask
        from trustdesk.scale.convert import convert_to_parquet

        require_dask()
        columns = columns_of(mapping)
        seen: list[tuple[str, str, bool]] = []
        result = convert_to_parquet(
            list(inputs),
            out,
            rows=rows,
            strict=strict,
            source=source_of(source, columns),
            columns=columns,
            on_source=lambda *item: seen.append(item),
        )
        announce = announcer(errors)
        for item in seen:
            announce(*item)
        for problem in result.shown:
            errors.print(f"[yellow]skipped[/] {escape(str(problem))}")
        console.print(
            f"[green]✓[/] {result.conversations:,} conversations in {result.files} Parquet "
            f"file{'' if result.files == 1 else 's'} in {escape(str(out))}"
            + (f" ({result.skipped:,} malformed records skipped)" if result.skipped else "")
        )
        if result.conversations == 0:
            raise InputError("no conversation was read", source=", ".join(inputs))
