"""A JSON file read one record at a time, in constant memory, whatever its size.

A helpdesk's export is one large document: `{"tickets": [...], "users": [...]}`, a bare list,
`{"data": {"payload": [...]}}`. Read whole, a million tickets would be held at once; here the
file is read twice with an event parser (ijson on its C backend): the first pass builds the
document without the records of its record lists (any of `RECORD_LISTS`) beyond the first few,
which is enough to tell which helpdesk wrote it and to hold what the records refer to (the
users a Zendesk export sideloads); the second pass gives each record of the list the reader
asks for, one by one (`RecordStream`). A file cut short or broken half-way still gives every
record before the break, then one problem saying where it broke.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

import ijson

from trustdesk.errors import InputError
from trustdesk.io.helpdesks.shape import RecordStream

# Where the helpdesks and the input format keep their records (dotted paths; "" is a bare
# list): the lists the first pass samples rather than builds.
RECORD_LISTS = frozenset(
    {
        "",
        "tickets",
        "conversations",
        "payload",
        "data.payload",
        "_results",
        "_embedded.conversations",
    }
)
# Records of each list kept whole by the first pass: enough for every reader's recognise().
SAMPLED = 5
_BOM = b"\xef\xbb\xbf"
_STARTS = frozenset({"start_map", "start_array"})
_ENDS = frozenset({"end_map", "end_array"})
_SCALARS = frozenset({"null", "boolean", "integer", "double", "number", "string"})
try:
    _backend: Any = ijson.get_backend("yajl2_c")
except ImportError:  # pragma: no cover - a platform without the C extension's wheel
    _backend = ijson


class BrokenJSONError(ValueError):
    """The file stops being JSON here; `after` names the last record read whole."""

    def __init__(self, reason: str, after: str | None, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after
        self.line = line


ProgressCallback = Callable[[int], None]


class _Counted:
    """A binary file that tells how many bytes were read (for a progress bar)."""

    def __init__(self, handle: IO[bytes], on_progress: ProgressCallback | None) -> None:
        self.handle = handle
        self.on_progress = on_progress

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if self.on_progress is not None and data:
            self.on_progress(len(data))
        return data


def _open(path: str) -> IO[bytes]:
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 - the caller's `with` closes it
    except FileNotFoundError:
        raise InputError("file not found", source=path) from None
    except OSError as exc:
        raise InputError(f"cannot open the file: {exc.strerror}", source=path) from None
    if handle.read(len(_BOM)) != _BOM:  # spreadsheet tools start UTF-8 with a byte-order mark
        handle.seek(0)
    return handle


# A broken file up to this size is parsed again by the standard library, whose message names
# the line and column (the event parser's does not); a larger one is named by the record after
# which it breaks.
PRECISE_BYTES = 64 * 1024 * 1024


def _broken(exc: Exception, path: str) -> BrokenJSONError:
    if isinstance(exc, UnicodeDecodeError):
        return BrokenJSONError(f"not UTF-8 text ({exc.reason})", None)
    if Path(path).stat().st_size <= PRECISE_BYTES:
        try:
            json.loads(Path(path).read_bytes().removeprefix(_BOM))
        except json.JSONDecodeError as precise:
            detail = f"{precise.msg} at column {precise.colno}"
            return BrokenJSONError(f"not valid JSON ({detail})", None, precise.lineno)
        except (UnicodeDecodeError, RecursionError, ValueError):
            pass
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return BrokenJSONError(f"not valid JSON ({text[:200]})", None)


def _item_prefix(path: str) -> str:
    return f"{path}.item" if path else "item"


# The first line of a .json file read to tell whether it is JSON Lines; longer, it is not.
_FIRST_LINE_BYTES = 64 * 1024 * 1024


def holds_lines(path: str) -> bool:
    """Whether a .json file is JSON Lines (one object a line; some exports are named .json):
    its first line is an object whole, and another follows."""
    with _open(path) as handle:
        first = handle.readline(_FIRST_LINE_BYTES)
        try:
            if not isinstance(json.loads(first), dict):
                return False
        except (ValueError, UnicodeDecodeError, RecursionError):
            return False
        return any(line.strip() for line in iter(lambda: handle.readline(4096), b""))


@dataclass
class StreamedDocument:
    """A JSON file's document with its record lists read on demand (see the module's text)."""

    path: str
    sample: Any = None
    broken: BrokenJSONError | None = None
    streams: dict[str, RecordStream] = field(default_factory=dict)

    def document(self) -> Any:
        """The sampled document with each record list replaced by its `RecordStream`."""
        return _with_streams(self.sample, "", self.streams)


def read_document(path: str, on_progress: ProgressCallback | None = None) -> StreamedDocument:
    """First pass over `path`: the document with only the first records of each record list."""
    prefixes = {_item_prefix(p): p for p in RECORD_LISTS}
    seen: dict[str, int] = {}
    builder = ijson.ObjectBuilder()
    skipping = 0
    streamed = StreamedDocument(path)
    with _open(path) as handle:
        try:
            for prefix, event, value in _backend.parse(handle, use_float=True):
                if skipping:
                    skipping += 1 if event in _STARTS else -1 if event in _ENDS else 0
                    continue
                if prefix in prefixes and (event in _STARTS or event in _SCALARS):
                    seen[prefix] = seen.get(prefix, 0) + 1
                    if seen[prefix] > SAMPLED:
                        skipping = 1 if event in _STARTS else 0
                        continue
                builder.event(event, value)
        except (ijson.JSONError, UnicodeDecodeError, ValueError) as exc:
            streamed.broken = _broken(exc, path)
    streamed.sample = getattr(builder, "value", None)
    if not seen and on_progress is not None:
        on_progress(Path(path).stat().st_size)  # one record, read whole: the file is done
    for prefix, list_path in prefixes.items():
        if prefix in seen:
            sample = _sampled(streamed.sample, list_path)
            streamed.streams[list_path] = RecordStream(
                partial(_records, path, prefix, on_progress), sample
            )
    return streamed


def _sampled(doc: Any, path: str) -> list[Any]:
    for key in path.split(".") if path else ():
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc if isinstance(doc, list) else []


def _with_streams(doc: Any, path: str, streams: dict[str, RecordStream]) -> Any:
    if path in streams and isinstance(doc, list):
        return streams[path]
    if isinstance(doc, dict):
        return {
            key: _with_streams(value, f"{path}.{key}" if path else key, streams)
            for key, value in doc.items()
        }
    return doc


def _records(path: str, prefix: str, on_progress: ProgressCallback | None) -> Iterator[Any]:
    """Second pass: each record of the list at `prefix`, then BrokenJSONError if the file breaks."""
    count = 0
    with _open(path) as handle:
        try:
            for record in _backend.items(_Counted(handle, on_progress), prefix, use_float=True):
                yield record
                count += 1
        except (ijson.JSONError, UnicodeDecodeError, ValueError) as exc:
            list_path = prefix.removesuffix("item").removesuffix(".")
            after = f"{list_path}[{count - 1}]" if count else None
            raise BrokenJSONError(str(exc), after) from None
