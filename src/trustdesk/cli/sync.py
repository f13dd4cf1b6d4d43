"""`trustdesk sync VENDOR`: pull a connected helpdesk's conversations into the desk (for teams
whose helpdesk cannot call the desk's webhooks), resuming where the last sync stopped."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console

from trustdesk.cli.desk import DatabaseOption
from trustdesk.settings import Settings

console = Console()


class Vendor(enum.StrEnum):
    chatwoot = "chatwoot"
    freshdesk = "freshdesk"
    intercom = "intercom"
    zendesk = "zendesk"


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date or time (give 2026-01-31 or 2026-01-31T09:00:00Z)"
        ) from None


def sync_command(
    vendor: Annotated[Vendor, typer.Argument(help="The helpdesk to pull from.")],
    since: Annotated[
        str | None,
        typer.Option(
            help="Pull conversations changed since this date or time (UTC unless it says); "
            "needed the first time; left out, the sync goes on from where the last one stopped."
        ),
    ] = None,
    integration: Annotated[
        str | None,
        typer.Option(help="The integration's name, when more than one of this helpdesk exists."),
    ] = None,
    max_pages: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many pages (run again to go on).")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Pull a connected helpdesk's conversations into the desk, a page at a time, saving how
    far it came after each page (a sync that is stopped goes on from there)."""
    from trustdesk.desk.integrations import find_integration
    from trustdesk.desk.opening import open_desk
    from trustdesk.desk.roles import SYSTEM
    from trustdesk.desk.sync import sync

    moment = _moment(since)
    desk = open_desk(Settings(database_url=database_url) if database_url else Settings())
    try:
        integration_id = find_integration(desk, SYSTEM, vendor.value, integration)
        outcome = sync(desk, SYSTEM, integration_id, since=moment, max_pages=max_pages)
    finally:
        desk.close()
    state = "up to date" if outcome.finished else "stopped before the end (run again to go on)"
    console.print(
        f"{outcome.conversations} conversations in {outcome.pages} pages: "
        f"{outcome.messages_added} messages added, {outcome.skipped} records skipped; {state}"
    )


def register(app: typer.Typer) -> None:
    app.command("sync")(sync_command)
