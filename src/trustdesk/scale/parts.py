"""The partitions of an input that Dask workers read on their own: byte ranges of JSON Lines
files, and the files of a Parquet folder written by `trustdesk convert`.

The client only plans (file sizes, names); each worker opens its partition by path, so every
path must mean the same file on every worker (a shared or network filesystem).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from trustdesk.errors import InputError
from trustdesk.io.records import InputProblem, format_of, iter_json_range

PARQUET_SUFFIX = ".parquet"
# A partition is at least this big (fewer, larger tasks cost the scheduler less) and at most
# this big (a worker holds one partition's results in memory before sending them).
MIN_PART_BYTES = 1 << 20
MAX_PART_BYTES = 16 << 20
# Partitions per worker thread: enough that a fast worker takes over a slow one's share.
PARTS_PER_THREAD = 8


@dataclass(frozen=True, slots=True)
class JsonlRange:
    """The lines of a JSON Lines file that start in the bytes [start, end)."""

    path: str  # absolute, for the worker
    source: str  # as the user named it, for problems.jsonl
    file: int  # which of the inputs (a file named twice is read twice)
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class ParquetFile:
    """One file of conversations written by `trustdesk convert`."""

    path: str
    source: str
    size: int


Part = JsonlRange | ParquetFile


def plan_parts(paths: Sequence[str], threads: int, part_bytes: int | None = None) -> list[Part]:
    """The partitions of `paths`, in input order, sized so that `threads` workers share them
    (or of `part_bytes` bytes of JSON Lines each, when given)."""
    files: list[tuple[str, str, str, int]] = []  # (path, source, kind, size)
    for path in paths:
        files.extend(_files_of(path))
    total = sum(size for _, _, kind, size in files if kind == "jsonl")
    share = total // max(1, threads * PARTS_PER_THREAD)
    target = part_bytes or min(MAX_PART_BYTES, max(MIN_PART_BYTES, share))
    parts: list[Part] = []
    for file, (path, source, kind, size) in enumerate(files):
        if kind == "parquet":
            parts.append(ParquetFile(path, source, size))
            continue
        start = 0
        while start < size or start == 0:
            end = min(size, start + target)
            parts.append(JsonlRange(path, source, file, start, end))
            if end >= size:
                break
            start = end
    return parts


def _files_of(path: str) -> Iterator[tuple[str, str, str, int]]:
    if path == "-":
        raise InputError("the Dask audit reads files its workers can open, not stdin", source=path)
    where = Path(path)
    if where.is_dir():
        found = sorted(p for p in where.iterdir() if p.name.endswith(PARQUET_SUFFIX))
        if not found:
            raise InputError("the folder holds no .parquet file", source=path)
        for file in found:
            yield str(file.resolve()), str(where / file.name), "parquet", file.stat().st_size
        return
    if not where.is_file():
        raise InputError("file not found", source=path)
    if path.lower().endswith(PARQUET_SUFFIX):
        yield str(where.resolve()), path, "parquet", where.stat().st_size
        return
    if format_of(path) != "jsonl":
        raise InputError(
            "the Dask audit reads JSON Lines in the input format, or Parquet: convert this "
            "file first with `trustdesk convert FILE --to parquet DIR`",
            source=path,
        )
    yield str(where.resolve()), path, "jsonl", where.stat().st_size


def read_part(part: Part) -> tuple[int, list[tuple[int | None, Any]]]:
    """(lines the partition spans, [(line or row number, record or InputProblem)])."""
    if isinstance(part, JsonlRange):
        lines, records = iter_json_range(part.path, part.start, part.end)
        return lines, [
            (
                number,
                replace(record, source=part.source) if isinstance(record, InputProblem) else record,
            )
            for number, record in records
        ]
    from trustdesk.scale.tables import read_input_rows

    return 0, list(read_input_rows(part.path, part.source))
