"""Write audit results to a folder, all or nothing.

Files are written under temporary names and renamed into place only when the audit has
finished, so an interrupted run never leaves a half-written findings file that looks whole.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from trustdesk.engine.summary import AuditSummary
from trustdesk.errors import InputError
from trustdesk.model import Audit, Conversation

FINDINGS_FILE = "findings.jsonl"
CONVERSATIONS_FILE = "conversations.jsonl"
SUMMARY_FILE = "summary.json"
PROBLEMS_FILE = "problems.jsonl"


class AuditWriter:
    """Collects audits into DIR/findings.jsonl, DIR/conversations.jsonl and DIR/summary.json."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot create the output folder: {exc.strerror}", source=str(folder)
            ) from None
        self.summary = AuditSummary()
        self._files: dict[str, IO[str]] = {}

    def __enter__(self) -> AuditWriter:
        for name in (FINDINGS_FILE, CONVERSATIONS_FILE, PROBLEMS_FILE):
            self._files[name] = (self.folder / f".{name}.partial").open("w", encoding="utf-8")
        return self

    def add(self, conversation: Conversation, audit: Audit) -> None:
        self.summary.add(audit)
        findings = self._files[FINDINGS_FILE]
        for finding in audit.findings:
            findings.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")
        agents = sorted({m.author for m in conversation.messages if m.is_org and m.author})
        times = [m.at for m in conversation.messages if m.at]
        record = {
            "conversation_id": conversation.id,
            "channel": conversation.channel,
            "customer_id": conversation.customer.id,
            "segment": conversation.customer.segment,
            "agents": agents,
            "started": min(times).isoformat() if times else None,
            "ended": max(times).isoformat() if times else None,
            "messages": audit.messages,
            "findings": len(audit.findings),
            "scores": {p.value: s for p, s in audit.scores.items()},
        }
        self._files[CONVERSATIONS_FILE].write(json.dumps(record, ensure_ascii=False) + "\n")

    def problem(self, description: dict[str, Any]) -> None:
        self.summary.skipped += 1
        self._files[PROBLEMS_FILE].write(json.dumps(description, ensure_ascii=False) + "\n")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for handle in self._files.values():
            handle.close()
        if kind is not None:
            for name in self._files:
                (self.folder / f".{name}.partial").unlink(missing_ok=True)
            return
        for name in self._files:
            (self.folder / f".{name}.partial").replace(self.folder / name)
        summary = self.folder / f".{SUMMARY_FILE}.partial"
        summary.write_text(json.dumps(self.summary.to_dict(), indent=2) + "\n", encoding="utf-8")
        summary.replace(self.folder / SUMMARY_FILE)
