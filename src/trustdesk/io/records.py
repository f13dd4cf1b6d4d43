"""What every reader shares: opening files, JSON Lines records, a record validated as a
conversation, and the problem reported for one that is not.

A malformed record is reported as an `InputProblem` (file, line, field, reason) and skipped,
so one bad line does not stop an audit of a million.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from trustdesk.errors import InputError
from trustdesk.io.helpdesks import NATIVE
from trustdesk.model import Conversation, Role

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


def format_of(path: str) -> str:
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


def open_text(path: str) -> TextIO:
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
        for number, raw in _raw_lines(handle, on_progress):
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            record = _decoded(raw, path, number)
            if record is not _BLANK:
                yield number, record
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def iter_json_range(path: str, start: int, end: int) -> tuple[int, list[tuple[int, Any]]]:
    """The lines of a JSONL file that start at a byte in [start, end), as `iter_json_records`
    gives them but numbered from 1 within the range, and how many lines start there.

    Ranges that tile a file read each line exactly once, so partitions of one file can be read
    on different machines; a line's number in the file is its number here plus the lines of
    the ranges before it.
    """
    handle = _open_binary(path)
    records: list[tuple[int, Any]] = []
    try:
        if start > 0:
            # The line that holds byte start - 1 belongs to the range before.
            handle.seek(start - 1)
            handle.readline()
        count = 0
        position = handle.tell()
        for number, raw in _raw_lines(handle, None):
            if position >= end:
                break
            count = number
            position = handle.tell()
            if start == 0 and number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            record = _decoded(raw, path, number)
            if record is not _BLANK:
                records.append((number, record))
    finally:
        handle.close()
    return count, records


def _raw_lines(
    handle: BinaryIO, on_progress: ProgressCallback | None
) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line; a line over MAX_RECORD_BYTES is cut to its first
    MAX_RECORD_BYTES + 1 bytes and the rest skipped without holding it in memory."""
    number = 0
    while raw := handle.readline(MAX_RECORD_BYTES + 1):
        number += 1
        if on_progress is not None:
            on_progress(len(raw))
        if len(raw) > MAX_RECORD_BYTES:
            rest = raw
            while rest and not rest.endswith(b"\n"):
                rest = handle.readline(MAX_RECORD_BYTES)
                if on_progress is not None:
                    on_progress(len(rest))
        yield number, raw


_BLANK = object()


def _decoded(raw: bytes, path: str, number: int) -> Any:
    """The parsed line, an InputProblem, or _BLANK for a blank line."""
    if len(raw) > MAX_RECORD_BYTES:
        return InputProblem(path, number, None, "record larger than 64 MiB")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputProblem(path, number, None, f"not UTF-8 text ({exc.reason})")
    if not line.strip():
        return _BLANK
    try:
        return json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = (
            f"{exc.msg} at column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else "nested too deeply"
        )
        return InputProblem(path, number, None, f"not valid JSON ({detail})")


def parse_record(obj: Any, source: str, line: int | None) -> Conversation | InputProblem:
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


# --from: "auto" recognises each file's source from its content.
AUTO = "auto"
NATIVE_SOURCE = NATIVE
# (file, the source it is read as, whether "auto" recognised it)
SourceCallback = Callable[[str, str, bool], None]
