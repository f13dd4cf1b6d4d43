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
from trustdesk.io.csv_rows import BadRow, csv_rows
from trustdesk.model import Conversation

CSV_COLUMNS = ("conversation_id", "message_id", "role", "author", "at", "text")
CSV_REQUIRED = ("conversation_id", "message_id", "role", "text")
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
        return Conversation.parse(obj, source=source, line=line)
    except InputError as exc:
        return InputProblem(source, line, exc.field, exc.reason)


def _read_jsonl(
    path: str, on_progress: ProgressCallback | None
) -> Iterator[Conversation | InputProblem]:
    for number, record in iter_json_records(path, on_progress=on_progress):
        yield record if isinstance(record, InputProblem) else _parse(record, path, number)


def _read_json(
    path: str, on_progress: ProgressCallback | None
) -> Iterator[Conversation | InputProblem]:
    with _open(path) as handle:
        try:
            text = handle.read()
            data = json.loads(text)
        except UnicodeDecodeError as exc:
            yield InputProblem(path, None, None, f"not UTF-8 text ({exc.reason})")
            return
        except json.JSONDecodeError as exc:
            detail = f"{exc.msg} at column {exc.colno}"
            yield InputProblem(path, exc.lineno, None, f"not valid JSON ({detail})")
            return
    if on_progress is not None:
        on_progress(len(text.encode("utf-8", "surrogatepass")))
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        result = _parse(item, path, None)
        if isinstance(result, InputProblem) and isinstance(data, list):
            field = f"[{index}]" + (f".{result.field}" if result.field else "")
            result = InputProblem(path, None, field, result.reason)
        yield result


def _read_csv(
    path: str, on_progress: ProgressCallback | None
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
                "line INTEGER, message TEXT)"
            )
            db.execute("CREATE TABLE problems (line INTEGER, field TEXT, reason TEXT)")
            db.execute("CREATE TABLE broken (conversation TEXT PRIMARY KEY)")
            header_problem = _spool_csv(path, db, on_progress)
            if header_problem is not None:
                yield header_problem
                return
            yield from _conversations_from_spool(path, db)
        finally:
            db.close()


def _spool_csv(
    path: str, db: sqlite3.Connection, on_progress: ProgressCallback | None
) -> InputProblem | None:
    with _open(path) as handle:
        rows = csv_rows(handle)
        try:
            first = next(rows, None)
        except UnicodeDecodeError as exc:
            return InputProblem(path, 1, None, f"unreadable CSV header ({exc})")
        header = first[1] if first is not None else []
        if isinstance(header, BadRow):
            return InputProblem(path, 1, None, f"unreadable CSV header ({header.reason})")
        missing = [c for c in CSV_REQUIRED if c not in header]
        if missing:
            return InputProblem(
                path,
                1,
                None,
                "missing column(s): " + ", ".join(missing) + f" (expected {','.join(CSV_COLUMNS)})",
            )
        batch: list[tuple[str, int, str]] = []
        try:
            for start, fields in rows:
                if on_progress is not None:
                    shown = fields.first_line if isinstance(fields, BadRow) else fields
                    on_progress(sum(len(value) for value in shown) + 1)
                if isinstance(fields, BadRow) or len(fields) > len(header):
                    _spool_bad_row(db, header, start, fields)
                    continue
                row = dict(zip(header, fields, strict=False))
                conversation = (row.get("conversation_id") or "").strip()
                if not conversation:
                    db.execute(
                        "INSERT INTO problems VALUES (?, ?, ?)",
                        (start, "conversation_id", "missing"),
                    )
                    continue
                message: dict[str, Any] = {
                    key: row[key] for key in CSV_COLUMNS if row.get(key) not in (None, "")
                }
                message.pop("conversation_id", None)
                if "text" not in message and row.get("text") == "":
                    message["text"] = ""
                message.setdefault("id", message.pop("message_id", ""))
                batch.append((conversation, start, json.dumps(message)))
                if len(batch) >= 1000:
                    db.executemany(
                        "INSERT INTO rows (conversation, line, message) VALUES (?, ?, ?)", batch
                    )
                    batch.clear()
        except UnicodeDecodeError as exc:
            # The rest of a file that is not UTF-8 cannot be read reliably: stop here.
            db.execute("INSERT INTO problems VALUES (NULL, NULL, ?)", (f"bad CSV: {exc}",))
        db.executemany("INSERT INTO rows (conversation, line, message) VALUES (?, ?, ?)", batch)
    db.execute("CREATE INDEX rows_by_conversation ON rows (conversation, seq)")
    return None


def _spool_bad_row(
    db: sqlite3.Connection, header: list[str], start: int, fields: list[str] | BadRow
) -> None:
    """Report a malformed row at its first line; its conversation, when its first line names
    one, is skipped whole (like a conversation with an invalid message)."""
    if isinstance(fields, BadRow):
        reason, named = fields.reason, fields.first_line
    else:
        reason = f"{len(fields)} fields where the header has {len(header)}: a comma outside quotes?"
        named = fields
    column = header.index("conversation_id")
    conversation = named[column].strip() if len(named) > column else ""
    if conversation:
        reason += f" (conversation {conversation!r} skipped)"
        db.execute("INSERT OR IGNORE INTO broken VALUES (?)", (conversation,))
    db.execute("INSERT INTO problems VALUES (?, NULL, ?)", (start, reason))


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
        for line, message in db.execute(
            "SELECT line, message FROM rows WHERE conversation = ? ORDER BY seq", (conversation_id,)
        ):
            messages.append(json.loads(message))
            lines.append(line)
        result = _parse({"id": conversation_id, "messages": messages}, path, None)
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
        yield result


_READERS = {"jsonl": _read_jsonl, "json": _read_json, "csv": _read_csv}


def read_conversations(
    paths: list[str] | str,
    *,
    strict: bool = False,
    on_problem: ProblemCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> Iterator[Conversation]:
    """Conversations from each file in turn; problems go to `on_problem` (or raise if strict)."""
    for path in [paths] if isinstance(paths, str) else paths:
        reader = _READERS[_format_of(path)]
        for item in reader(path, on_progress):
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
