"""Stream conversations from JSON Lines, JSON and CSV files, in constant memory: in the
input format, or as a helpdesk exported them (`trustdesk.io.helpdesks`).

A malformed record is reported as an `InputProblem` (file, line, field, reason) and skipped,
so one bad line does not stop an audit of a million; `strict=True` turns the first problem
into an `InputError` instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from trustdesk.errors import InputError
from trustdesk.io import helpdesks
from trustdesk.io.csv_layouts import CSV_COLUMNS, CSV_REQUIRED
from trustdesk.io.csv_reader import read_csv
from trustdesk.io.helpdesks.csv_mapped import ColumnMap
from trustdesk.io.helpdesks.shape import RecordError, is_listed
from trustdesk.io.json_stream import (
    BrokenJSONError,
    StreamedDocument,
    holds_lines,
    read_document,
)
from trustdesk.io.records import (
    AUTO,
    MAX_RECORD_BYTES,
    NATIVE_SOURCE,
    InputProblem,
    ProblemCallback,
    ProgressCallback,
    SourceCallback,
    format_of,
    iter_json_records,
    parse_record,
)
from trustdesk.model import Conversation

__all__ = [
    "AUTO",
    "CSV_COLUMNS",
    "CSV_REQUIRED",
    "MAX_RECORD_BYTES",
    "NATIVE_SOURCE",
    "InputProblem",
    "SourceCallback",
    "iter_json_records",
    "read_conversations",
    "read_labelled",
    "recognised_source",
]


def _json_documents(
    path: str, kind: str, on_progress: ProgressCallback | None
) -> Iterator[tuple[int | None, Any]]:
    """(line, parsed document or problem): each line of JSON Lines, or a JSON file as one
    document whose record lists are read one record at a time (`json_stream`)."""
    if kind == "jsonl" or holds_lines(path):
        yield from iter_json_records(path, on_progress=on_progress)
        return
    streamed = read_document(path, on_progress)
    if streamed.broken is not None and not streamed.streams:
        # Broken outside any list of records: what was read of it is no record.
        yield None, InputProblem(path, streamed.broken.line, None, streamed.broken.reason)
        return
    yield None, streamed


def _cannot_tell(doc: Any) -> bool:
    """Whether `doc` is neither a vendor's shape nor anything like ours (an object without
    `id` or `messages`): saying so beats reporting "id: Field required" on every record."""
    first = doc[0] if isinstance(doc, list) and doc else doc
    return isinstance(first, dict) and "id" not in first and "messages" not in first


def recognised_source(sample: Any) -> str | None:
    """What "auto" reads a JSON file as, from its first parsed record (or document): ours, a
    vendor's, or None when it cannot tell (an object with neither `id` nor `messages`)."""
    found = helpdesks.recognise(sample)
    if found is None and not _cannot_tell(sample):
        found = helpdesks.NATIVE
    return found


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
    for line, found in _json_documents(path, kind, on_progress):
        if isinstance(found, InputProblem):
            yield found
            continue
        doc, sample = (
            (found.document(), found.sample)
            if isinstance(found, StreamedDocument)
            else (found, found)
        )
        if chosen is None:
            chosen = recognised_source(sample)
            if chosen is None:
                raise InputError(
                    "cannot tell which helpdesk wrote this file: name it with --from "
                    f"({'|'.join(helpdesks.SOURCES)})",
                    source=path,
                    line=line,
                )
            if on_source is not None:
                on_source(path, chosen, True)
        items = (
            _native_items(doc, path, line)
            if chosen == helpdesks.NATIVE
            else _vendor_items(chosen, doc, path, line)
        )
        yield from _until_broken(items, found, path)


def _until_broken(
    items: Iterator[Conversation | InputProblem], found: Any, path: str
) -> Iterator[Conversation | InputProblem]:
    """The records of a document, then where its file stops being JSON, if it does: every
    record before the break is read."""
    broken = found.broken if isinstance(found, StreamedDocument) else None
    after = None
    try:
        yield from items
    except BrokenJSONError as exc:
        # The first pass met the same break and said it best (with its line when it can).
        after, broken = exc.after, broken or exc
    if broken is not None:
        yield InputProblem(path, broken.line, f"after {after}" if after else None, broken.reason)


def _native_items(doc: Any, path: str, line: int | None) -> Iterator[Conversation | InputProblem]:
    if not is_listed(doc) or line is not None:
        yield parse_record(doc, path, line)
        return
    for index, item in enumerate(doc):
        result = parse_record(item, path, None)
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
        result = parse_record(record, path, line)
        if isinstance(result, InputProblem):
            field = ".".join(p for p in (where, result.field) if p) or None
            result = InputProblem(
                path, line, field, f"{result.reason} ({vendor} record {record.get('id')!r})"
            )
        yield result


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
        kind = format_of(path)
        if path == "-" and source == AUTO:
            items: Iterator[Conversation | InputProblem] = _read_json(
                path, kind, NATIVE_SOURCE, on_progress, None
            )
        elif kind == "csv":
            items = read_csv(path, source, columns, on_progress, on_source)
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
