"""The `--from` and `--map` options of `audit` and `import`: which helpdesk wrote the files."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from trustdesk.io.helpdesks import NATIVE, TITLES
from trustdesk.io.helpdesks.csv_mapped import ColumnMap, parse_map


class From(StrEnum):
    """Every --from choice (the same as trustdesk.io.helpdesks.SOURCES, and auto)."""

    auto = "auto"
    trustdesk = "trustdesk"
    chatwoot = "chatwoot"
    freshdesk = "freshdesk"
    front = "front"
    helpscout = "helpscout"
    intercom = "intercom"
    zammad = "zammad"
    zendesk = "zendesk"
    csv = "csv"


FromOption = Annotated[
    From,
    typer.Option(
        "--from",
        help="What wrote the files: auto (recognised from each file's content), trustdesk "
        "(the input format), a helpdesk's export, or csv with --map.",
        case_sensitive=False,
    ),
]
MapOption = Annotated[
    str | None,
    typer.Option(
        "--map",
        help="For a CSV: which column holds what, e.g. conversation=ticket_id,role=author_type,"
        "text=body,at=created_at,role.End User=customer; or a YAML file with columns: and roles:.",
    ),
]


def columns_of(value: str | None) -> ColumnMap | None:
    return parse_map(value) if value else None


def source_of(chosen: From, columns: ColumnMap | None) -> str:
    """--map alone means a CSV with a mapping."""
    name = str(chosen.value)
    return "csv" if columns is not None and name == "auto" else name


def announcer(console: Console) -> Callable[[str, str, bool], None]:
    """Says, once per file, what a helpdesk's file is read as (and that it was recognised);
    files in the input format are read as always, without a word."""

    def announce(path: str, source: str, recognised: bool) -> None:
        if source == NATIVE:
            return
        name, _, detail = source.partition(" ")
        title = TITLES.get(name, name) + (f" {detail}" if detail else "")
        how = "recognised from its content" if recognised else "as asked"
        console.print(
            f"read {escape(path)} as {escape(title)} ({how})", highlight=False, soft_wrap=True
        )

    return announce
