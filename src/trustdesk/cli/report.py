"""`trustdesk report DIR`: the audit report of an audit output folder (HTML and JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from trustdesk.analytics.equity import MIN_GROUP

if TYPE_CHECKING:
    from trustdesk.report.write import ReportFiles

TeamsOption = Annotated[
    Path | None,
    typer.Option(
        "--teams",
        help="YAML or JSON file mapping teams to their agents (teams: {Billing: [agent:priya]}).",
        dir_okay=False,
    ),
]


def build_report(
    folder: Path,
    *,
    teams: Path | None,
    min_group: int = MIN_GROUP,
    period: Literal["auto", "week", "month"] = "auto",
    quiet: bool,
    console: Console,
    errors: Console,
    dask: str | None = None,
) -> None:
    """Read the folder with a progress bar, write report.html and report.json, say where.
    With `dask` (an address as `--dask` takes), the figures are folded on that cluster from
    the Parquet partitions of a distributed audit."""
    _require_report_extra()
    from trustdesk.analytics.result import ReportOptions
    from trustdesk.analytics.teams import load_teams
    from trustdesk.io.audit_output import AuditOutput
    from trustdesk.report import write_report

    options = ReportOptions(
        min_group=min_group, period=period, teams=load_teams(teams) if teams else None
    )
    output = AuditOutput(folder)
    if dask is not None:
        from trustdesk.report.on_dask import analyse_on_dask
        from trustdesk.scale import cluster

        with cluster.connect(dask) as client:
            analytics = analyse_on_dask(folder, output.summary, options, client)
        files = write_report(folder, options, analytics=analytics)
        _said(files, console)
        return
    with Progress(
        TextColumn("[bold]Reporting"),
        BarColumn(),
        TimeRemainingColumn(),
        console=errors,
        disable=quiet,
        transient=True,
    ) as progress:
        task = progress.add_task("report", total=output.size or None)
        files = write_report(
            folder, options, on_progress=lambda n: progress.advance(task, n), output=output
        )
    _said(files, console)


def _said(files: ReportFiles, console: Console) -> None:
    overview = files.analytics.overview
    significant = len(files.analytics.equity["significant"])
    console.print(
        f"[green]✓[/] Report on {overview['conversations']:,} conversations: "
        f"{escape(str(files.html))} and {escape(str(files.json))} "
        f"({significant} significant difference{'' if significant == 1 else 's'} "
        "between customer groups)"
    )


def _require_report_extra() -> None:
    from importlib.util import find_spec

    from trustdesk.errors import TrustdeskError

    missing = [name for name in ("jinja2", "scipy") if find_spec(name) is None]
    if missing:
        raise TrustdeskError(
            f"reports need {' and '.join(missing)}: pip install 'trustdesk[report]'"
        )


def register(app: typer.Typer, console: Console, errors: Console) -> None:
    @app.command(name="report")
    def report_command(
        folder: Annotated[
            Path,
            typer.Argument(help="An audit output folder (from `trustdesk audit --out DIR`)."),
        ],
        teams: TeamsOption = None,
        min_group: Annotated[
            int,
            typer.Option(
                "--min-group",
                min=2,
                help="Fewest conversations a group needs before the report compares it.",
            ),
        ] = MIN_GROUP,
        period: Annotated[
            str,
            typer.Option(help="Trend by week, month, or auto (month when over ~6 months)."),
        ] = "auto",
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
        dask: Annotated[
            str | None,
            typer.Option(
                "--dask",
                help="Fold the figures on Dask (local, local:N or tcp://HOST:8786) from the "
                "Parquet partitions `trustdesk audit --dask` wrote. Needs pip install "
                "'trustdesk[dask]'.",
            ),
        ] = None,
    ) -> None:
        """Write DIR/report.html (self-contained, charts included) and DIR/report.json."""
        from trustdesk.errors import InputError

        if period not in ("auto", "week", "month"):
            raise InputError("choose week, month or auto", field="--period")
        build_report(
            folder,
            teams=teams,
            min_group=min_group,
            period=period,  # type: ignore[arg-type]
            quiet=quiet,
            console=console,
            errors=errors,
            dask=dask,
        )
