"""The `trustdesk` command line: check a draft, audit archives, evaluate, manage the policy."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn
from rich.table import Table

from trustdesk.cli.desk import register as register_desk
from trustdesk.cli.policy import policy_app
from trustdesk.cli.report import TeamsOption, build_report, register
from trustdesk.cli.scale import DaskOption, dask_auditing, process_auditing, register_convert
from trustdesk.cli.sources import From, FromOption, MapOption, announcer, columns_of, source_of
from trustdesk.cli.sync import register as register_sync
from trustdesk.cli.training import scenarios_app
from trustdesk.errors import InputError, TrustdeskError
from trustdesk.model import Conversation, valid_time
from trustdesk.policy import Policy, load_policy

app = typer.Typer(
    name="trustdesk",
    help="Catch the replies that break a customer's trust, before and after they are sent.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(policy_app, name="policy")
app.add_typer(scenarios_app, name="scenarios")

console = Console()
errors = Console(stderr=True)

# Exit codes: `check` returns 0 allow, 1 warn, 2 block; these are for failures.
EXIT_ERROR = 3
EXIT_USAGE = 4

PolicyOption = Annotated[
    Path | None,
    typer.Option(
        "--policy", "-p", help="Policy YAML file (default: the bundled policy).", dir_okay=False
    ),
]
NowOption = Annotated[
    str | None,
    typer.Option(
        "--now",
        help="Judge as of this ISO-8601 time (default: check: the current "
        "time; audit: each conversation's last message).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]

# An audit that skips more than this share of its records has mostly read something else (a
# helpdesk export in another shape, a binary file): it fails instead of reporting on the rest.
MAX_SKIPPED_SHARE = 0.5


class DraftRole(StrEnum):
    """Who writes a draft: only the organisation's side sends replies."""

    agent = "agent"
    bot = "bot"


def _policy(path: Path | None) -> Policy:
    return load_policy(path)


def _now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"not an ISO-8601 time: {value!r}", field="--now") from None
    try:
        return valid_time(moment)  # UTC when it has no offset
    except ValueError as exc:
        raise InputError(str(exc), field="--now") from None


def _history(history: str | None, sample: str | None, conversation_id: str | None) -> Any:
    from trustdesk.io import read_conversations

    if history and sample:
        raise InputError("give --history or --sample, not both")
    if sample:
        from trustdesk.samples import sample as bundled

        return bundled(sample)
    if not history:
        return {"id": conversation_id or "draft-only", "messages": []}
    found: list[Conversation] = []
    for conversation in read_conversations([history], strict=True):
        if conversation_id is None or conversation.id == conversation_id:
            found.append(conversation)
            if conversation_id is not None:
                break
        if conversation_id is None and len(found) > 1:
            raise InputError(
                "the file holds several conversations: pick one with --conversation ID",
                source=history,
            )
    if not found:
        what = f"no conversation {conversation_id!r}" if conversation_id else "no conversation"
        raise InputError(f"{what} in the file", source=history)
    return found[0]


@app.command()
def check(
    draft: Annotated[
        str, typer.Option("--draft", "-d", help="The reply to check, or - to read it from stdin.")
    ],
    history: Annotated[
        str | None,
        typer.Option("--history", help="The conversation so far (JSONL, JSON or CSV file)."),
    ] = None,
    sample: Annotated[
        str | None,
        typer.Option(
            "--sample",
            help="Use a bundled sample conversation as the history (see `trustdesk samples`).",
        ),
    ] = None,
    conversation: Annotated[
        str | None,
        typer.Option("--conversation", help="Which conversation of the history file to use."),
    ] = None,
    role: Annotated[DraftRole, typer.Option(help="Who writes the draft.")] = DraftRole.agent,
    policy: PolicyOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check a draft reply before it is sent: allow (exit 0), warn (1) or block (2)."""
    from trustdesk.engine import Engine

    text = sys.stdin.read() if draft == "-" else draft
    if not text.strip():
        raise typer.BadParameter(
            "the draft is empty: there is nothing to check", param_hint="--draft"
        )
    engine = Engine(_policy(policy))
    verdict = engine.check_reply(
        _history(history, sample, conversation), text, now=_now(now), role=role.value
    )
    if as_json:
        console.print_json(json.dumps(verdict.to_dict(), ensure_ascii=False))
    else:
        from trustdesk.cli.render import print_verdict

        print_verdict(console, verdict, text)
    raise typer.Exit(verdict.exit_code)


@app.command()
def audit(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="JSONL, JSON or CSV files of conversations, or a helpdesk's exports "
            "(see --from; - for JSONL on stdin).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the results.", file_okay=False)
    ] = Path("trustdesk-audit"),
    samples: Annotated[
        bool, typer.Option("--samples", help="Audit the bundled sample conversations.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            help="Stop at the first malformed record instead of reporting and skipping it."
        ),
    ] = False,
    policy: PolicyOption = None,
    now: NowOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Processes to audit with (0: one per CPU core). Results are the same.",
        ),
    ] = 1,
    report: Annotated[
        bool, typer.Option("--report", help="Also write report.html and report.json.")
    ] = False,
    teams: TeamsOption = None,
    source: FromOption = From.auto,
    mapping: MapOption = None,
    dask: DaskOption = None,
    max_skipped: Annotated[
        float,
        typer.Option(
            "--max-skipped",
            min=0.0,
            max=1.0,
            help="Fail (exit 3) when more than this share of the records is malformed and skipped.",
        ),
    ] = MAX_SKIPPED_SHARE,
) -> None:
    """Audit whole conversations; write findings.jsonl, conversations.jsonl and summary.json.

    Exits 3 when it read no conversation, or skipped more than --max-skipped of the records:
    the reason comes first, then the summary of what was read."""
    from trustdesk.cli.render import print_summary
    from trustdesk.engine import Engine
    from trustdesk.engine.warmup import warm_up
    from trustdesk.io import InputProblem
    from trustdesk.io.archive import audit_archive, input_size

    paths = list(inputs or [])
    if samples:
        from trustdesk.samples import sample_path

        paths.append(str(sample_path()))
    if not paths:
        raise InputError("give at least one input file, or --samples")
    columns = columns_of(mapping)
    engine = Engine(_policy(policy))
    if not dask:
        warm_up(engine)  # a long audit in this process (and its forked workers)
    moment = _now(now)
    total = input_size(paths)
    shown: list[InputProblem] = []
    read_as: list[tuple[str, str, bool]] = []  # what each file was read as, said after the reason
    on_dask = dask_auditing(dask, workers=workers, source=source, strict=strict)
    with ExitStack() as stack:
        run = on_dask or stack.enter_context(
            # Worker processes start here, before the progress display's thread.
            process_auditing(
                paths,
                engine=engine,
                workers=workers,
                source=source_of(source, columns),
                columns=columns,
            )
        )
        with Progress(
            TextColumn("[bold]Auditing"),
            BarColumn(),
            TransferSpeedColumn(),
            TextColumn("{task.fields[conversations]:,} conversations"),
            TimeRemainingColumn(),
            console=errors,
            disable=quiet,
            transient=True,
        ) as progress:
            task = progress.add_task("audit", total=total or None, conversations=0)

            def on_problem(problem: InputProblem) -> None:
                if len(shown) < 5:
                    shown.append(problem)

            result = (run or audit_archive)(
                paths,
                out,
                engine=engine,
                now=moment,
                strict=strict,
                workers=workers,
                on_problem=on_problem,
                on_read=lambda n: progress.advance(task, n),
                on_audited=lambda n: progress.update(task, conversations=n),
                source=source_of(source, columns),
                columns=columns,
                on_source=lambda *seen: read_as.append(seen),
            )
    failure = _audit_failure(result.conversations, result.skipped, max_skipped)
    if failure:
        errors.print(f"[bold red]error:[/] {escape(failure)}", soft_wrap=True)
    announce = announcer(errors)
    for seen in read_as:
        announce(*seen)
    for problem in shown:
        errors.print(f"[yellow]skipped[/] {escape(str(problem))}")
    print_summary(console, result.summary, str(out))
    if failure:
        raise typer.Exit(EXIT_ERROR)
    if report:
        # A distributed audit is reported on by the same cluster, from its Parquet partitions.
        build_report(out, teams=teams, quiet=quiet, console=console, errors=errors, dask=dask)


def _audit_failure(conversations: int, skipped: int, max_share: float) -> str | None:
    """Why an audit's results cannot be trusted as a picture of its input, if they cannot."""
    records = conversations + skipped
    if conversations == 0:
        why = f"all {skipped} records were malformed" if skipped else "the input was empty"
        return (
            f"no conversation was read ({why}; see problems.jsonl). "
            "Expected JSONL/JSON conversations, a CSV with conversation_id,message_id,role,text, "
            "or a helpdesk's export (--from zendesk|freshdesk|intercom|zammad|chatwoot|front|"
            "helpscout|csv)."
        )
    if records and skipped / records > max_share:
        return (
            f"{skipped} of {records} records were malformed and skipped "
            f"(more than {max_share:.0%}; see problems.jsonl)"
        )
    return None


register(app, console, errors)
register_convert(app, console, errors)


@app.command(name="eval")
def evaluate_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help='Labelled JSONL: conversations with "expect": [{message_id, check}].',
            show_default=False,
        ),
    ] = None,
    samples: Annotated[
        bool,
        typer.Option("--samples", help="Evaluate on the bundled, labelled sample conversations."),
    ] = False,
    checks: Annotated[
        str | None,
        typer.Option(help="Comma-separated check ids in scope (default: every enabled check)."),
    ] = None,
    show: Annotated[int, typer.Option(help="How many misses and false alarms to list.")] = 10,
    policy: PolicyOption = None,
    as_json: JsonOption = False,
) -> None:
    """Precision, recall and F1 per check against labelled conversations."""
    from itertools import chain

    from trustdesk.engine import Engine
    from trustdesk.evaluation import evaluate
    from trustdesk.io import read_labelled

    engine = Engine(_policy(policy))
    scope = None
    if checks:
        scope = [c.strip() for c in checks.split(",") if c.strip()]
        unknown = sorted(set(scope) - {c.id for c in engine.checks})
        if unknown:
            raise InputError(
                f"unknown or disabled check(s): {', '.join(unknown)}", field="--checks"
            )
    paths = list(files or [])
    if samples:
        from trustdesk.samples import sample_path

        paths.append(str(sample_path()))
    if not paths:
        raise InputError("give at least one labelled file, or --samples")
    report = evaluate(
        chain.from_iterable(read_labelled(p) for p in paths), engine=engine, checks=scope
    )
    if as_json:
        console.print_json(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        from trustdesk.cli.render import print_eval

        print_eval(console, report, show)


@app.command(name="checks")
def list_checks(policy: PolicyOption = None, as_json: JsonOption = False) -> None:
    """The catalogue of checks, with their principle and severity under the policy."""
    from trustdesk.checks.registry import available_checks

    active = _policy(policy)
    rows: list[dict[str, Any]] = []
    for check_id, cls in available_checks().items():
        settings = active.check_settings(check_id)
        rows.append(
            {
                "id": check_id,
                "principle": cls.principle.value,
                "severity": (settings.severity or cls.severity).value,
                "enabled": settings.enabled,
                "summary": cls.summary,
                # The severity for one kind of author, where the policy sets its own.
                "by_author": {
                    author: own.severity.value
                    for author, own in settings.by_author.items()
                    if own.severity is not None
                },
            }
        )
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table(title="trustdesk checks", title_justify="left")
    for column in ("Check", "Principle", "Severity", "What it flags"):
        table.add_column(column)
    for row in rows:
        severity = row["severity"] if row["enabled"] else "off"
        if row["enabled"] and row["by_author"]:
            given = ", ".join(f"{author}: {level}" for author, level in row["by_author"].items())
            severity = f"{severity} ({given})"
        table.add_row(str(row["id"]), str(row["principle"]), str(severity), str(row["summary"]))
    console.print(table)


@app.command(name="samples")
def list_samples() -> None:
    """The bundled sample conversations (use one with `trustdesk check --sample ID`)."""
    from trustdesk.samples import load_samples

    table = Table(title="Bundled sample conversations", title_justify="left")
    for column in ("Id", "Channel", "Messages", "First customer message"):
        table.add_column(column)
    for item in load_samples():
        first = next((m["text"] for m in item["messages"] if m["role"] == "customer"), "")
        table.add_row(
            item["id"],
            item.get("channel") or "",
            str(len(item["messages"])),
            first[:70] + ("…" if len(first) > 70 else ""),
        )
    console.print(table)


register_desk(app)
register_sync(app)


def _usage_line(exc: Exception) -> str:
    """A misused command in one line, with where to read how to use it."""
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    message = " ".join(message.split())
    context = getattr(exc, "ctx", None)
    path = getattr(context, "command_path", None)
    return f"{message} (see: {path} --help)" if path else message


def main() -> None:
    """Entry point: run the app, turning every expected error into one clear line."""
    try:
        # Without standalone mode click returns the exit code of `typer.Exit` instead of exiting.
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except TrustdeskError as exc:
        errors.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        sys.exit(EXIT_ERROR)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        errors.print("[red]aborted[/]")
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument
        errors.print(f"[bold red]error:[/] {escape(_usage_line(exc))}", soft_wrap=True)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(0)
