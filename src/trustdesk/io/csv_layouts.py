"""How the rows of a CSV file become messages: ours, Freshdesk's tickets export, or any
helpdesk's columns named by a mapping (`trustdesk.io.helpdesks.csv_mapped`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trustdesk.errors import InputError
from trustdesk.io.helpdesks import CSV, NATIVE, freshdesk
from trustdesk.io.helpdesks.csv_mapped import ColumnMap, guess_map, row_conversation
from trustdesk.io.helpdesks.shape import RecordError

CSV_COLUMNS = ("conversation_id", "message_id", "role", "author", "at", "text")
CSV_REQUIRED = ("conversation_id", "message_id", "role", "text")

# (row, its first line) -> (conversation id, message, the conversation's own fields); raises
# RecordError for a row that cannot be read.
RowReader = Callable[[Mapping[str, str], int], tuple[str, dict[str, Any], dict[str, Any]]]


@dataclass(frozen=True)
class CsvLayout:
    source: str
    conversation_column: str
    read_row: RowReader
    # For the user: the columns read, when they were recognised rather than named.
    described: str | None = None


def _native_row(row: Mapping[str, str], line: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
    conversation = (row.get("conversation_id") or "").strip()
    if not conversation:
        raise RecordError("missing", "conversation_id")
    message: dict[str, Any] = {
        key: row[key] for key in CSV_COLUMNS if row.get(key) not in (None, "")
    }
    message.pop("conversation_id", None)
    if "text" not in message and row.get("text") == "":
        message["text"] = ""
    message.setdefault("id", message.pop("message_id", ""))
    return conversation, message, {}


def _freshdesk_row(row: Mapping[str, str], line: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
    return freshdesk.csv_conversation(row)


def is_native(header: list[str]) -> bool:
    return all(column in header for column in CSV_REQUIRED)


def recognise(header: list[str]) -> str | None:
    """The source a CSV header names: ours, Freshdesk's export, or usual column names."""
    if is_native(header):
        return NATIVE
    if freshdesk.recognise_csv(header):
        return freshdesk.NAME
    if guess_map(header) is not None:
        return CSV
    return None


def layout(source: str, header: list[str], columns: ColumnMap | None, path: str) -> CsvLayout:
    """The layout to read a CSV with `header` as `source`; InputError when it cannot be."""
    if source == NATIVE:
        missing = [c for c in CSV_REQUIRED if c not in header]
        if missing:
            raise InputError(
                "missing column(s): "
                + ", ".join(missing)
                + f" (expected {','.join(CSV_COLUMNS)}; for another helpdesk's CSV use "
                "--from csv --map conversation=COLUMN,role=COLUMN,text=COLUMN)",
                source=path,
                line=1,
            )
        return CsvLayout(NATIVE, "conversation_id", _native_row)
    if source == freshdesk.NAME:
        if not freshdesk.recognise_csv(header):
            raise InputError(
                "not a Freshdesk tickets export: expected the columns Ticket ID, Subject, "
                "Status and Description",
                source=path,
                line=1,
            )
        return CsvLayout(freshdesk.NAME, "Ticket ID", _freshdesk_row)
    if source != CSV:
        raise InputError(
            f"a {source} export is read from JSON or JSON Lines; for a CSV use --from csv",
            source=path,
        )
    described = None
    if columns is None:
        columns = guess_map(header)
        if columns is None:
            raise InputError(
                "cannot tell which columns hold the conversation, the role and the text "
                f"(columns: {', '.join(header)}): give --map conversation=COLUMN,role=COLUMN,"
                "text=COLUMN",
                source=path,
                line=1,
            )
        described = columns.describe()
    missing = columns.missing(header)
    if missing:
        raise InputError(
            f"the mapping names column(s) the file does not have: {', '.join(missing)} "
            f"(columns: {', '.join(header)})",
            source=path,
            line=1,
        )
    mapping = columns

    def read_row(row: Mapping[str, str], line: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
        return row_conversation(mapping, row, line)

    return CsvLayout(CSV, columns.columns["conversation"], read_row, described)
