"""Desk commands: `serve`, `demo-desk`, `import`, `db upgrade`, `users create`, `tokens create`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from trustdesk.cli.sources import From, FromOption, MapOption, announcer, columns_of, source_of
from trustdesk.settings import Settings

if TYPE_CHECKING:
    from trustdesk.desk.desk import Desk
    from trustdesk.desk.imports import ImportSummary
    from trustdesk.io.helpdesks.csv_mapped import ColumnMap
    from trustdesk.io.readers import InputProblem
    from trustdesk.model import Conversation

console = Console()

db_app = typer.Typer(help="The desk's database.", no_args_is_help=True)
users_app = typer.Typer(help="People who use the desk.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for bots and helpdesks.", no_args_is_help=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL (default: $TRUSTDESK_DATABASE_URL, else sqlite:///trustdesk.db).",
    ),
]


def _settings(database_url: str | None, **overrides: object) -> Settings:
    if database_url:
        overrides["database_url"] = database_url
    return Settings(**overrides)


def _open(database_url: str | None) -> Desk:
    from trustdesk.desk.opening import open_desk

    return open_desk(_settings(database_url))


def register(app: typer.Typer) -> None:
    """Add the desk's commands to the `trustdesk` command."""
    app.command("serve")(serve)
    app.command("demo")(demo)
    app.command("import")(import_command)
    app.add_typer(db_app, name="db")
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")


def _valid_host(value: str) -> str:
    """An IP address or a host name, checked before the server binds (not a traceback later)."""
    import ipaddress
    import re

    try:
        ipaddress.ip_address(value)
        return value
    except ValueError:
        pass
    label = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
    if len(value) <= 253 and re.fullmatch(rf"{label}(?:\.{label})*", value):
        return value
    raise typer.BadParameter(f"{value!r} is not an IP address or a host name")


HostOption = Annotated[str, typer.Option(help="Interface to listen on.", callback=_valid_host)]
# Port 0 would bind a random port and print a wrong address.
PortOption = Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")]


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (one per core is a good start).")
    ] = 1,
    database_url: DatabaseOption = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", "-p", help="Policy YAML file.", dir_okay=False)
    ] = None,
) -> None:
    """Serve the desk's REST API (OpenAPI at /docs); migrates the database first."""
    from trustdesk.api.processes import serve as run_server
    from trustdesk.desk.opening import open_desk

    # Workers read their settings from the environment. Opening the desk once, before any
    # starts, migrates the database and records a changed policy file; a bad policy fails
    # here, with its line, not in each worker.
    if database_url:
        os.environ["TRUSTDESK_DATABASE_URL"] = database_url
    if policy:
        os.environ["TRUSTDESK_POLICY"] = str(policy)
    open_desk(Settings()).close()
    console.print(f"trustdesk serving on http://{host}:{port} (API docs at /docs)")
    run_server(host, port, workers)


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseOption = None) -> None:
    """Apply the schema migrations (safe to run again)."""
    from trustdesk.desk.database import upgrade_database

    revision = upgrade_database(_settings(database_url))
    console.print(f"database at revision {revision}")


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[str, typer.Option(help="agent, lead, admin or auditor.")] = "agent",
    team: Annotated[str | None, typer.Option(help="Team name (created if new).")] = None,
    display_name: Annotated[str | None, typer.Option(help="Name shown to others.")] = None,
    password: Annotated[
        str | None,
        typer.Option(
            envvar="TRUSTDESK_NEW_PASSWORD",
            help="Password (default: one is generated and printed once).",
        ),
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Create a user; prints the generated password once when none is given."""
    from trustdesk.desk import auth
    from trustdesk.desk.roles import SYSTEM

    desk = _open(database_url)
    secret = password or auth.generate_password()
    user = auth.create_user(
        desk,
        SYSTEM,
        username=username,
        password=secret,
        role=role,
        team=team,
        display_name=display_name,
    )
    console.print(f"created {user.role} [bold]{user.username}[/]")
    if password is None:
        console.print(f"password: [bold]{secret}[/] (shown once)")


@tokens_app.command("create")
def tokens_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="What uses the token (e.g. 'support bot').")],
    database_url: DatabaseOption = None,
) -> None:
    """Create an API token for a bot or helpdesk; it is printed once, then only its hash is kept."""
    from trustdesk.desk import auth
    from trustdesk.desk.roles import SYSTEM

    desk = _open(database_url)
    created = auth.create_token(desk, SYSTEM, name=name, username=username)
    console.print(f"token for {created.user.username} ({created.user.role}), shown once:")
    console.print(created.token, markup=False, highlight=False)


# Conversations stored per transaction by `import`: memory stays bounded by one batch, and an
# import stopped half-way keeps what it stored (run again, it adds exactly the rest).
IMPORT_BATCH = 200


def import_command(
    inputs: Annotated[
        list[str], typer.Argument(help="JSONL, JSON or CSV files, or a helpdesk's exports.")
    ],
    team: Annotated[str | None, typer.Option(help="Team the tickets belong to.")] = None,
    database_url: DatabaseOption = None,
    source: FromOption = From.auto,
    mapping: MapOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="All or nothing for the whole import: the first malformed record stops it and "
            "nothing is kept (default: malformed records are listed in --problems and the rest "
            "is imported, in batches of --batch-size conversations).",
        ),
    ] = False,
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", hidden=True, help="The default now; kept for old scripts."),
    ] = False,
    problems: Annotated[
        Path,
        typer.Option(
            "--problems", help="Where the malformed records skipped are listed.", dir_okay=False
        ),
    ] = Path("problems.jsonl"),
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size",
            min=1,
            help="Conversations stored per transaction (each batch is kept whole or not at all).",
        ),
    ] = IMPORT_BATCH,
) -> None:
    """Import conversations into the desk: in batches each all or nothing, and again without
    duplicates (matched by the helpdesk's ids)."""
    if strict and skip_bad:
        raise typer.BadParameter("--strict and --skip-bad contradict each other")
    from trustdesk.cli.problems_file import ProblemsFile

    columns = columns_of(mapping)
    desk = _open(database_url)
    with ProblemsFile(problems) as listed:
        summary = _import(
            desk,
            inputs,
            team,
            source=source_of(source, columns),
            columns=columns,
            on_problem=None if strict else listed.add,
            batch_size=None if strict else batch_size,
        )
    console.print(
        f"{summary.conversations} conversations: {summary.tickets_created} new tickets, "
        f"{summary.messages_added} messages added, {summary.messages_skipped} already there"
    )
    listed.tell()


def _import(
    desk: Desk,
    inputs: list[str] | Iterable[Conversation],
    team: str | None,
    *,
    source: str = "trustdesk",
    columns: ColumnMap | None = None,
    on_problem: Callable[[InputProblem], None] | None = None,
    batch_size: int | None = None,
) -> ImportSummary:
    """Import files (paths), or conversations already read; without `on_problem`, the first
    malformed record stops the import."""
    from trustdesk.desk.imports import import_conversations
    from trustdesk.desk.roles import SYSTEM, Actor, Role
    from trustdesk.io import read_conversations

    actor = SYSTEM
    if team:
        from trustdesk.desk.auth import ensure_team

        team_id = ensure_team(desk, team)
        actor = Actor(user_id=None, username="import", role=Role.ADMIN, team_id=team_id)
    with Progress(
        TextColumn("importing"), BarColumn(), MofNCompleteColumn(), console=console
    ) as progress:
        task = progress.add_task("import", total=None)
        conversations: Iterable[Conversation] = inputs  # type: ignore[assignment]
        if isinstance(inputs, list) and all(isinstance(item, str) for item in inputs):
            conversations = read_conversations(
                inputs,
                strict=on_problem is None,
                on_problem=on_problem,
                source=source,
                columns=columns,
                on_source=announcer(Console(stderr=True)),
            )
        return import_conversations(
            desk,
            actor,
            conversations,
            on_conversation=lambda: progress.advance(task),
            batch_size=batch_size,
        )


def _moved_to_recent_weeks(conversations: list[Conversation], now: datetime) -> list[Conversation]:
    """Each sample moved forward by whole weeks, so that its last message falls in the past
    week: the demo desk has customers waiting this week, with weekdays and hours as written."""
    moved = []
    for conversation in conversations:
        times = [m.at for m in conversation.messages if m.at is not None]
        if not times:
            moved.append(conversation)
            continue
        shift = timedelta(weeks=max(0, (now - max(times)) // timedelta(weeks=1)))
        messages = [
            m.model_copy(update={"at": m.at + shift}) if m.at is not None else m
            for m in conversation.messages
        ]
        moved.append(conversation.model_copy(update={"messages": messages}))
    return moved


def _demo_report(
    desk: Desk, conversations: list[Conversation], folder: Path, moment: datetime
) -> None:
    """The audit and report of the demo desk's conversations, as loaded, judged at `moment`
    by the desk's engine (its waits, promises and scores are the desk's)."""
    import json

    from trustdesk.cli.report import build_report
    from trustdesk.io.archive import audit_archive

    folder.mkdir(parents=True, exist_ok=True)
    loaded = folder / "demo-conversations.jsonl"
    loaded.write_text(
        "".join(
            json.dumps(c.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n"
            for c in conversations
        ),
        encoding="utf-8",
    )
    audit_archive([str(loaded)], folder, engine=desk.engine, now=moment)
    console.print(
        f"Audited the {len(conversations)} demo conversations as loaded, at "
        f"{moment.isoformat(timespec='seconds')}: {loaded}"
    )
    build_report(folder, teams=None, quiet=True, console=console, errors=console)


def demo(
    database_url: Annotated[
        str, typer.Option("--database-url", help="Where the demo desk lives (recreated).")
    ] = "sqlite:///demo-output/desk.db",
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the desk once it is loaded.")
    ] = True,
    report_dir: Annotated[
        Path | None,
        typer.Option(
            "--report-dir",
            file_okay=False,
            help="Also audit the conversations as the desk holds them, at the moment they were "
            "loaded, into this folder, with report.html: the report and the desk then agree.",
        ),
    ] = None,
) -> None:
    """A fresh demo desk: the bundled samples as tickets, three users, then the server."""
    from trustdesk.desk import auth
    from trustdesk.desk.database import remove_sqlite_file
    from trustdesk.desk.desk import system_clock
    from trustdesk.desk.opening import open_desk
    from trustdesk.desk.roles import SYSTEM
    from trustdesk.io import read_conversations
    from trustdesk.samples import sample_path

    remove_sqlite_file(database_url)
    # One moment for the whole load, so that the report, judged at it, sees what the desk saw.
    moment = system_clock()
    desk = open_desk(_settings(database_url), clock=lambda: moment)
    samples = list(read_conversations([str(sample_path())], strict=True))
    conversations = _moved_to_recent_weeks(samples, moment)
    summary = _import(desk, conversations, "Support")
    if report_dir is not None:
        _demo_report(desk, conversations, report_dir, moment)
    logins = []
    for username, role in (("admin", "admin"), ("lead", "lead"), ("agent", "agent")):
        password = auth.generate_password()
        team = None if role == "admin" else "Support"
        auth.create_user(desk, SYSTEM, username=username, password=password, role=role, team=team)
        logins.append((username, role, password))
    desk.close()
    console.print(
        f"\n[bold]Demo desk[/]: {summary.tickets_created} tickets from the bundled samples "
        f"in {database_url}"
    )
    for username, role, password in logins:
        console.print(f"  {role:<6} user [bold]{username}[/]  password [bold]{password}[/]")
    base = f"http://{host}:{port}"
    console.print(f"\n[bold]Open the desk:[/] {base}/  (sign in as agent, lead or admin)")
    console.print(
        f"API sign-in:  curl -s -X POST {base}/v1/sessions -H 'Content-Type: application/json' "
        f'-d \'{{"username": "admin", "password": "{logins[0][2]}"}}\''
    )
    console.print(f"API docs: {base}/docs    (README: 'The desk' walks through a session)")
    if serve_after:
        serve(host=host, port=port, workers=1, database_url=database_url, policy=None)
