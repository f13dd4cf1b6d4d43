"""Stream conversations from JSON Lines, JSON and CSV files, in constant memory.

A malformed record is reported as an `InputProblem` (file, line, field, reason) and skipped,
so one bad line does not stop an audit of a million; `strict=True` turns the first problem
into an `InputError` instead.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

from trustdesk.errors import InputError
from trustdesk.io import csv_layouts, helpdesks
from trustdesk.io.csv_layouts import CSV_COLUMNS, CSV_REQUIRED
from trustdesk.io.csv_rows import BadRow, csv_rows, sniff_delimiter
from trustdesk.io.helpdesks.csv_mapped import ColumnMap
from trustdesk.io.helpdesks.shape import RecordError
from trustdesk.model import Conversation, Role

__all__ = ["CSV_COLUMNS", "CSV_REQUIRED", "InputProblem", "read_conversations", "read_labelled"]
# A record larger than this is refused rather than parsed: it is not a support conversation.
MAX_RECORD_BYTES = 64 * 1024 * 1024

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class InputProblem:
    source: str
    line: int | None
    field: str | None
    reason: str

    def __post_init__(self) -> None:
        # A file name or field may hold a lone surrogate (a name not in UTF-8, a bad key):
        # escaped, so the problem can always be printed and written to problems.jsonl.
        for name in ("source", "field", "reason"):
            value = getattr(self, name)
            if value is not None and not value.isascii():
                escaped = value.encode("utf-8", "backslashreplace").decode("utf-8")
                object.__setattr__(self, name, escaped)

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"

    def to_error(self) -> InputError:
        return InputError(self.reason, source=self.source, line=self.line, field=self.field)

    def to_dict(self) -> dict[str, Any]:
        """As a line of problems.jsonl."""
        return {
            "source": self.source,
            "line": self.line,
            "field": self.field,
            "reason": self.reason,
        }


ProblemCallback = Callable[[InputProblem], None]


def _format_of(path: str) -> str:
    lowered = path.lower()
    if lowered == "-" or lowered.endswith((".jsonl", ".ndjson", ".jsonl.txt")):
        return "jsonl"
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith(".csv"):
        return "csv"
    raise InputError("unknown file type: use .jsonl, .ndjson, .json or .csv", source=path)


# Spreadsheet programs and Windows tools start UTF-8 files with a byte-order mark; it is not
# part of the first record.
_BOM = b"\xef\xbb\xbf"


def _open(path: str) -> TextIO:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="strict")
    try:
        return Path(path).open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError("file not found", source=path) from None
    except OSError as exc:
        raise InputError(f"cannot open the file: {exc.strerror}", source=path) from None


def _open_binary(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return Path(path).open("rb")
    except FileNotFoundError:
        raise InputError("file not found", source=path) from None
    except OSError as exc:
        raise InputError(f"cannot open the file: {exc.strerror}", source=path) from None


def iter_json_records(
    path: str, *, on_progress: ProgressCallback | None = None
) -> Iterator[tuple[int, Any | InputProblem]]:
    """(line number, parsed object or problem) for each non-blank line of a JSONL file.

    Lines are decoded one by one, so a line that is not UTF-8 costs only that line.
    """
    handle = _open_binary(path)
    try:
        number = 0
        while raw := handle.readline(MAX_RECORD_BYTES + 1):
            number += 1
            if on_progress is not None:
                on_progress(len(raw))
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if len(raw) > MAX_RECORD_BYTES:
                # Skip the rest of the oversized line without holding it in memory.
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(MAX_RECORD_BYTES)
                    if on_progress is not None:
                        on_progress(len(raw))
                yield number, InputProblem(path, number, None, "record larger than 64 MiB")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, InputProblem(path, number, None, f"not UTF-8 text ({exc.reason})")
                continue
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                detail = (
                    f"{exc.msg} at column {exc.colno}"
                    if isinstance(exc, json.JSONDecodeError)
                    else "nested too deeply"
                )
                yield number, InputProblem(path, number, None, f"not valid JSON ({detail})")
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def _parse(obj: Any, source: str, line: int | None) -> Conversation | InputProblem:
    if isinstance(obj, dict) and "expect" in obj:
        # A labelled file (see `trustdesk eval`) can be audited as it is: labels are not input.
        obj = {key: value for key, value in obj.items() if key != "expect"}
    try:
        return Conversation.parse(_roles_lowered(obj), source=source, line=line)
    except InputError as exc:
        return InputProblem(source, line, exc.field, exc.reason)


_ROLES = frozenset(role.value for role in Role)


def _roles_lowered(obj: Any) -> Any:
    """`obj` with roles written in capitals ("Agent", as helpdesks export them) lower-cased."""
    messages = obj.get("messages") if isinstance(obj, dict) else None
    if not isinstance(messages, list) or not any(
        isinstance(m, dict) and isinstance(m.get("role"), str) and m["role"] not in _ROLES
        for m in messages
    ):
        return obj
    lowered = [
        {**m, "role": m["role"].lower()}
        if isinstance(m, dict) and isinstance(m.get("role"), str) and m["role"].lower() in _ROLES
        else m
        for m in messages
    ]
    return {**obj, "messages": lowered}


def _json_documents(
    path: str, kind: str, on_progress: ProgressCallback | None
) -> Iterator[tuple[int | None, Any]]:
    """(line, parsed document or problem): each line of JSON Lines, or a JSON file whole."""
    if kind == "jsonl":
        yield from iter_json_records(path, on_progress=on_progress)
        return
    with _open(path) as handle:
        try:
            text = handle.read()
            data = json.loads(text)
        except UnicodeDecodeError as exc:
            yield None, InputProblem(path, None, None, f"not UTF-8 text ({exc.reason})")
            return
        except json.JSONDecodeError as exc:
            detail = f"{exc.msg} at column {exc.colno}"
            yield None, InputProblem(path, exc.lineno, None, f"not valid JSON ({detail})")
            return
    if on_progress is not None:
        on_progress(len(text.encode("utf-8", "surrogatepass")))
    yield None, data


def _cannot_tell(doc: Any) -> bool:
    """Whether `doc` is neither a vendor's shape nor anything like ours (an object without
    `id` or `messages`): saying so beats reporting "id: Field required" on every record."""
    first = doc[0] if isinstance(doc, list) and doc else doc
    return isinstance(first, dict) and "id" not in first and "messages" not in first


def _read_json(
    path: str,
    kind: str,
    source: str,
    on_progress: ProgressCallback | None,
    on_source: SourceCallback | None,
) -> Iterator[Conversation | InputProblem]:
    chosen = None if source == AUTO else source
    if chosen is not None and on_source is not None:
        on_source(path, chosen, False)
    for line, doc in _json_documents(path, kind, on_progress):
        if isinstance(doc, InputProblem):
            yield doc
            continue
        if chosen is None:
            chosen = helpdesks.recognise(doc)
            if chosen is None:
                if _cannot_tell(doc):
                    raise InputError(
                        "cannot tell which helpdesk wrote this file: name it with --from "
                        f"({'|'.join(helpdesks.SOURCES)})",
                        source=path,
                        line=line,
                    )
                chosen = helpdesks.NATIVE
            if on_source is not None:
                on_source(path, chosen, True)
        if chosen == helpdesks.NATIVE:
            yield from _native_items(doc, path, line)
        else:
            yield from _vendor_items(chosen, doc, path, line)


def _native_items(doc: Any, path: str, line: int | None) -> Iterator[Conversation | InputProblem]:
    if not isinstance(doc, list) or line is not None:
        yield _parse(doc, path, line)
        return
    for index, item in enumerate(doc):
        result = _parse(item, path, None)
        if isinstance(result, InputProblem):
            field = f"[{index}]" + (f".{result.field}" if result.field else "")
            result = InputProblem(path, None, field, result.reason)
        yield result


def _vendor_items(
    vendor: str, doc: Any, path: str, line: int | None
) -> Iterator[Conversation | InputProblem]:
    """The conversations of a vendor's document; a record that cannot be read or is not
    valid once mapped is reported with its place in the document and the field at fault."""
    for where, record in helpdesks.converted(vendor, doc, path):
        if isinstance(record, RecordError):
            field = ".".join(p for p in (where, record.field) if p) or None
            yield InputProblem(path, line, field, record.reason)
            continue
        result = _parse(record, path, line)
        if isinstance(result, InputProblem):
            field = ".".join(p for p in (where, result.field) if p) or None
            result = InputProblem(
                path, line, field, f"{result.reason} ({vendor} record {record.get('id')!r})"
            )
        yield result


def _read_csv(
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
    with _open(path) as handle:
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
        result = _parse(record, path, None)
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


# --from: "auto" recognises each file's source from its content.
AUTO = "auto"
NATIVE_SOURCE = helpdesks.NATIVE
SourceCallback = Callable[[str, str, bool], None]


def read_conversations(
    paths: list[str] | str,
    *,
    strict: bool = False,
    on_problem: ProblemCallback | None = None,
    on_progress: ProgressCallback | None = None,
    source: str = NATIVE_SOURCE,
    columns: ColumnMap | None = None,
    on_source: SourceCallback | None = None,
) -> Iterator[Conversation]:
    """Conversations from each file in turn; problems go to `on_problem` (or raise if strict).

    `source` says what wrote the files: "trustdesk" (the input format), a helpdesk of
    `trustdesk.io.helpdesks.SOURCES` ("zendesk", …, "csv" with `columns`), or "auto" to
    recognise each file from its content. `on_source(path, source, recognised)` is told the
    source each file is read as (`recognised` when "auto" chose it).
    """
    if source != AUTO and source not in helpdesks.SOURCES:
        raise InputError(
            f"unknown source {source!r}: use auto or one of {', '.join(helpdesks.SOURCES)}",
            field="--from",
        )
    for path in [paths] if isinstance(paths, str) else paths:
        kind = _format_of(path)
        if path == "-" and source == AUTO:
            items: Iterator[Conversation | InputProblem] = _read_json(
                path, kind, NATIVE_SOURCE, on_progress, None
            )
        elif kind == "csv":
            items = _read_csv(path, source, columns, on_progress, on_source)
        elif source == helpdesks.CSV:
            raise InputError("--from csv reads .csv files", source=path)
        else:
            items = _read_json(path, kind, source, on_progress, on_source)
        for item in items:
            if isinstance(item, InputProblem):
                if strict:
                    raise item.to_error()
                if on_problem is not None:
                    on_problem(item)
                continue
            yield item


def read_labelled(
    path: str, *, on_problem: ProblemCallback | None = None
) -> Iterator[Mapping[str, Any]]:
    """Labelled conversations (input format plus `expect`) from a JSONL file.

    Each record is validated here so that a mistake is reported with its line; valid records
    are yielded as they are, for `trustdesk.evaluation.evaluate`.
    """
    from trustdesk.evaluation import split_labels

    for number, record in iter_json_records(path):
        problem: InputProblem | None = None
        record = cast(Any, record)
        if isinstance(record, InputProblem):
            problem = record
        elif not isinstance(record, dict):
            problem = InputProblem(path, number, None, "a conversation must be a JSON object")
        else:
            try:
                conversation, _ = split_labels(record)
                Conversation.parse(conversation, source=path, line=number)
            except InputError as exc:
                problem = InputProblem(path, number, exc.field, exc.reason)
        if problem is None:
            yield record  # a dict: every other case set a problem above
        elif on_problem is None:
            raise problem.to_error()
        else:
            on_problem(problem)
