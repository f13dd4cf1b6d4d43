"""Conversations from CSV files (one message per row), grouped in constant memory.

Rows of one conversation may be scattered through the file (exports are often ordered by
time), so rows are first spooled to a temporary SQLite file and read back grouped. The layout
of the rows (ours, Freshdesk's export, or any helpdesk's with a column mapping) is
`trustdesk.io.csv_layouts`; a comma, semicolon or tab delimiter is recognised from the header.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from trustdesk.errors import InputError
from trustdesk.io import csv_layouts
from trustdesk.io.csv_rows import BadRow, csv_rows, sniff_delimiter
from trustdesk.io.helpdesks.csv_mapped import ColumnMap
from trustdesk.io.helpdesks.shape import RecordError
from trustdesk.io.records import (
    AUTO,
    NATIVE_SOURCE,
    InputProblem,
    ProgressCallback,
    SourceCallback,
    open_text,
    parse_record,
)
from trustdesk.model import Conversation


def read_csv(
    path: str,
    source: str,
    columns: ColumnMap | None,
    on_progress: ProgressCallback | None,
    on_source: SourceCallback | None,
) -> Iterator[Conversation | InputProblem]:
    """Group CSV rows (one message per row) into conversations.

    Rows of one conversation may be scattered through the file (exports are often ordered by
    time), so rows are first spooled to a temporary SQLite file and read back grouped: memory
    stays constant however large the export is. A conversation with a malformed row is
    reported and skipped whole, because judging it without that message would mislead.
    """
    with tempfile.TemporaryDirectory(prefix="trustdesk-csv-") as folder:
        db = sqlite3.connect(str(Path(folder) / "rows.sqlite"))
        try:
            db.execute(
                "CREATE TABLE rows (seq INTEGER PRIMARY KEY, conversation TEXT, "
                "line INTEGER, message TEXT, extra TEXT)"
            )
            db.execute("CREATE TABLE problems (line INTEGER, field TEXT, reason TEXT)")
            db.execute("CREATE TABLE broken (conversation TEXT PRIMARY KEY)")
            header_problem = _spool_csv(path, db, source, columns, on_progress, on_source)
            if header_problem is not None:
                yield header_problem
                return
            yield from _conversations_from_spool(path, db)
        finally:
            db.close()


def _csv_header(
    handle: TextIO, path: str
) -> tuple[str, Iterator[tuple[int, list[str] | BadRow]], list[str]] | InputProblem:
    first_line = handle.readline()
    handle.seek(0)
    delimiter = sniff_delimiter(first_line)
    rows = csv_rows(handle, delimiter)
    first = next(rows, None)
    header = first[1] if first is not None else []
    if isinstance(header, BadRow):
        return InputProblem(path, 1, None, f"unreadable CSV header ({header.reason})")
    return delimiter, rows, header


def _spool_csv(
    path: str,
    db: sqlite3.Connection,
    source: str,
    columns: ColumnMap | None,
    on_progress: ProgressCallback | None,
    on_source: SourceCallback | None,
) -> InputProblem | None:
    with open_text(path) as handle:
        try:
            opened = _csv_header(handle, path)
        except UnicodeDecodeError as exc:
            return InputProblem(path, 1, None, f"unreadable CSV header ({exc})")
        if isinstance(opened, InputProblem):
            return opened
        _, rows, header = opened
        chosen = source
        if source == AUTO:
            found = csv_layouts.recognise(header)
            if found is None:
                raise InputError(
                    f"cannot tell which helpdesk wrote this CSV (columns: {', '.join(header)}): "
                    "give --from csv --map conversation=COLUMN,role=COLUMN,text=COLUMN",
                    source=path,
                    line=1,
                )
            chosen = found
        try:
            layout = csv_layouts.layout(chosen, header, columns, path)
        except InputError as exc:
            if (
                source == NATIVE_SOURCE
            ):  # as before: reported, so the audit says why it read nothing
                return InputProblem(path, 1, None, exc.reason)
            raise
        if on_source is not None:
            on_source(
                path,
                chosen if not layout.described else f"csv ({layout.described})",
                source == AUTO,
            )
        batch: list[tuple[str, int, str, str | None]] = []
        try:
            for start, fields in rows:
                if on_progress is not None:
                    shown = fields.first_line if isinstance(fields, BadRow) else fields
                    on_progress(sum(len(value) for value in shown) + 1)
                if isinstance(fields, BadRow) or len(fields) > len(header):
                    _spool_bad_row(db, header, layout.conversation_column, start, fields)
                    continue
                row = dict(zip(header, fields, strict=False))
                try:
                    conversation, message, extra = layout.read_row(row, start)
                except RecordError as exc:
                    named = (row.get(layout.conversation_column) or "").strip()
                    reason = exc.reason
                    if named:
                        reason += f" (conversation {named!r} skipped)"
                        db.execute("INSERT OR IGNORE INTO broken VALUES (?)", (named,))
                    db.execute("INSERT INTO problems VALUES (?, ?, ?)", (start, exc.field, reason))
                    continue
                batch.append(
                    (conversation, start, json.dumps(message), json.dumps(extra) if extra else None)
                )
                if len(batch) >= 1000:
                    _spool_rows(db, batch)
        except UnicodeDecodeError as exc:
            # The rest of a file that is not UTF-8 cannot be read reliably: stop here.
            db.execute("INSERT INTO problems VALUES (NULL, NULL, ?)", (f"bad CSV: {exc}",))
        _spool_rows(db, batch)
    db.execute("CREATE INDEX rows_by_conversation ON rows (conversation, seq)")
    return None


def _spool_rows(db: sqlite3.Connection, batch: list[tuple[str, int, str, str | None]]) -> None:
    db.executemany(
        "INSERT INTO rows (conversation, line, message, extra) VALUES (?, ?, ?, ?)", batch
    )
    batch.clear()


def _spool_bad_row(
    db: sqlite3.Connection,
    header: list[str],
    conversation_column: str,
    start: int,
    fields: list[str] | BadRow,
) -> None:
    """Report a malformed row at its first line; its conversation, when its first line names
    one, is skipped whole (like a conversation with an invalid message)."""
    if isinstance(fields, BadRow):
        reason, named = fields.reason, fields.first_line
    else:
        reason = f"{len(fields)} fields where the header has {len(header)}: a comma outside quotes?"
        named = fields
    column = header.index(conversation_column)
    conversation = named[column].strip() if len(named) > column else ""
    if conversation:
        reason += f" (conversation {conversation!r} skipped)"
        db.execute("INSERT OR IGNORE INTO broken VALUES (?)", (conversation,))
    db.execute("INSERT INTO problems VALUES (?, NULL, ?)", (start, reason))


def _merged(extras: list[dict[str, Any]]) -> dict[str, Any]:
    """The conversation's own fields from its rows: the first value given wins."""
    merged: dict[str, Any] = {}
    for extra in extras:
        for key, value in extra.items():
            if value in (None, "", {}):
                continue
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**value, **merged[key]}
            else:
                merged.setdefault(key, value)
    return merged


def _conversations_from_spool(
    path: str, db: sqlite3.Connection
) -> Iterator[Conversation | InputProblem]:
    for line, field, reason in db.execute("SELECT line, field, reason FROM problems"):
        yield InputProblem(path, line, field, reason)
    order = db.execute(
        "SELECT conversation, MIN(seq) AS first FROM rows "
        "WHERE conversation NOT IN (SELECT conversation FROM broken) "
        "GROUP BY conversation ORDER BY first"
    ).fetchall()
    for conversation_id, _ in order:
        messages: list[dict[str, Any]] = []
        lines: list[int] = []
        extras: list[dict[str, Any]] = []
        for line, message, extra in db.execute(
            "SELECT line, message, extra FROM rows WHERE conversation = ? ORDER BY seq",
            (conversation_id,),
        ):
            messages.append(json.loads(message))
            lines.append(line)
            if extra:
                extras.append(json.loads(extra))
        record = {**_merged(extras), "id": conversation_id, "messages": messages}
        result = parse_record(record, path, None)
        if isinstance(result, InputProblem):
            # Map "messages.3.role" back to the CSV line of that row and its column name.
            parts = (result.field or "").split(".")
            if len(parts) >= 2 and parts[0] == "messages" and parts[1].isdigit():
                column = parts[2] if len(parts) > 2 else None
                column = "message_id" if column == "id" else column
                result = InputProblem(
                    path,
                    lines[int(parts[1])],
                    column,
                    f"{result.reason} (conversation {conversation_id!r} skipped)",
                )
            else:
                result = InputProblem(
                    path,
                    result.line,
                    result.field,
                    f"{result.reason} (conversation {conversation_id!r} skipped)",
                )
        yield result
