"""CSV rows with the line each starts on, where a malformed row costs only itself.

An unclosed quote makes Python's csv module read on, through the rows after it, into one
field: silently to the end of the file, or until some later quote closes it. Read strictly, such
a row ends in an error (text after the closing quote, the end of the file inside the quote, a
field over the size limit); it is then reported at its first line, and the lines it swallowed
are read again as rows of their own, so nothing after it is lost.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

# No message is this long: a row that grows past it has swallowed others (set here, because
# csv.field_size_limit is one setting for the whole process, which any library may raise).
MAX_ROW_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that is not well-formed CSV, and the fields of its first line read leniently
    (which name its conversation, when that line is intact)."""

    reason: str
    first_line: list[str]


class _RowTooLong(csv.Error):
    pass


class _Lines:
    """The file's lines as csv.reader asks for them, remembering those of the current row so
    that they can be read again."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._again: deque[str] = deque()
        self._row: list[str] = []
        self._handed = 0  # lines handed out, in file order
        self._chars = 0  # characters in the current row
        self.start = 1  # the line the current row starts on

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._again.popleft() if self._again else self._handle.readline()
        if not line:
            raise StopIteration
        self._handed += 1
        self._row.append(line)
        self._chars += len(line)
        if self._chars > MAX_ROW_CHARS:
            raise _RowTooLong(f"a row longer than {MAX_ROW_CHARS:,} characters")
        return line

    def begin_row(self) -> None:
        self._row.clear()
        self._chars = 0
        self.start = self._handed + 1

    @property
    def first_line(self) -> str:
        return self._row[0] if self._row else ""

    def again_after_first_line(self) -> None:
        """Hand out the current row's lines again, from its second."""
        self._again.extendleft(reversed(self._row[1:]))
        self._handed = self.start
        self._row.clear()
        self._chars = 0


def _lenient(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a CSV from its header line: a comma, or the semicolon (what
    spreadsheets write where the comma is the decimal mark) or tab that splits it more."""
    counts = {d: _lenient(first_line, d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: len(counts[d]))
    return best if len(counts[best]) > len(counts[","]) else ","


def csv_rows(handle: TextIO, delimiter: str = ",") -> Iterator[tuple[int, list[str] | BadRow]]:
    """(first line, fields or BadRow) for every non-blank row, the header included."""
    lines = _Lines(handle)
    reader = csv.reader(lines, strict=True, delimiter=delimiter)
    while True:
        lines.begin_row()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if str(exc) == "unexpected end of data":
                reason = "a quote opened on this line is never closed"
            else:  # text after a closing quote, a row or a field too long
                reason = f"malformed CSV ({exc}): an unclosed quote?"
            yield lines.start, BadRow(reason, _lenient(lines.first_line, delimiter))
            lines.again_after_first_line()
            reader = csv.reader(lines, strict=True, delimiter=delimiter)
            continue
        if fields:
            yield lines.start, fields
