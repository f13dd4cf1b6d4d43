"""Read an audit's output folder back, one conversation at a time, with its findings.

`trustdesk audit` writes conversations.jsonl and findings.jsonl in the same order, and each
conversation line says how many findings it has, so both files are read in lockstep: memory
stays bounded by one conversation, whatever the size of the archive. Anything that does not
fit (a missing file, a line that is not JSON, a finding of another conversation) is an
InputError naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from trustdesk.errors import InputError
from trustdesk.io.results import CONVERSATIONS_FILE, FINDINGS_FILE, OUTPUT_FORMAT, SUMMARY_FILE


@dataclass(frozen=True, slots=True)
class AuditedConversation:
    """One line of conversations.jsonl and the findings.jsonl lines that belong to it."""

    record: dict[str, Any]
    findings: list[dict[str, Any]]


class AuditOutput:
    """An audit output folder: its summary, and its conversations streamed with findings."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise InputError("no such audit output folder", source=str(folder))
        for name in (SUMMARY_FILE, CONVERSATIONS_FILE, FINDINGS_FILE):
            if not (self.folder / name).is_file():
                raise InputError(
                    f"not an audit output folder: {name} is missing (run `trustdesk audit` first)",
                    source=str(folder),
                )
        summary_path = self.folder / SUMMARY_FILE
        try:
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the summary: {exc}", source=str(summary_path)) from None
        if not isinstance(summary, dict):
            raise InputError("the summary is not a JSON object", source=str(summary_path))
        if summary.get("output_format", 1) < OUTPUT_FORMAT:
            raise InputError(
                "written by an older trustdesk without the figures a report needs; "
                "run `trustdesk audit` again",
                source=str(summary_path),
            )
        self.summary: dict[str, Any] = summary

    @property
    def size(self) -> int:
        """Bytes to read, for a progress bar."""
        return sum((self.folder / name).stat().st_size for name in self._streamed)

    _streamed = (CONVERSATIONS_FILE, FINDINGS_FILE)

    def conversations(
        self, on_progress: Callable[[int], None] | None = None
    ) -> Iterator[AuditedConversation]:
        conversations_path = self.folder / CONVERSATIONS_FILE
        findings_path = self.folder / FINDINGS_FILE
        with (
            conversations_path.open(encoding="utf-8") as conversations,
            findings_path.open(encoding="utf-8") as findings,
        ):
            finding_lines = _Lines(findings, str(findings_path), on_progress)
            for number, line in enumerate(conversations, start=1):
                if on_progress is not None:
                    on_progress(len(line.encode("utf-8")))
                if not line.strip():
                    continue
                record = _object(line, str(conversations_path), number)
                count = record.get("findings")
                if not isinstance(record.get("conversation_id"), str) or not isinstance(count, int):
                    raise InputError(
                        "a conversation line needs conversation_id and findings",
                        source=str(conversations_path),
                        line=number,
                    )
                attached = [finding_lines.next_for(record["conversation_id"]) for _ in range(count)]
                yield AuditedConversation(record, attached)
            finding_lines.expect_end()


class _Lines:
    """The findings file, read one line at a time, checked against the conversation it is for."""

    def __init__(
        self, handle: IO[str], source: str, on_progress: Callable[[int], None] | None
    ) -> None:
        self.handle = handle
        self.source = source
        self.number = 0
        self.on_progress = on_progress

    def _next_line(self) -> str | None:
        for line in self.handle:
            self.number += 1
            if self.on_progress is not None:
                self.on_progress(len(line.encode("utf-8")))
            if line.strip():
                return line
        return None

    def next_for(self, conversation_id: str) -> dict[str, Any]:
        line = self._next_line()
        if line is None:
            raise InputError(
                f"ends before the findings of conversation {conversation_id!r}",
                source=self.source,
            )
        finding = _object(line, self.source, self.number)
        if finding.get("conversation_id") != conversation_id:
            raise InputError(
                f"expected a finding of conversation {conversation_id!r}: the findings do not "
                "match conversations.jsonl",
                source=self.source,
                line=self.number,
            )
        return finding

    def expect_end(self) -> None:
        if self._next_line() is not None:
            raise InputError(
                "holds more findings than conversations.jsonl counts",
                source=self.source,
                line=self.number,
            )


def _object(line: str, source: str, number: int) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", source=source, line=number) from None
    if not isinstance(value, dict):
        raise InputError("expected a JSON object", source=source, line=number)
    return value
