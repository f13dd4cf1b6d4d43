"""Write audit results to a folder, all or nothing.

Files are written under temporary names and renamed into place only when the audit has
finished, so an interrupted run never leaves a half-written findings file that looks whole.

Each line of conversations.jsonl carries what analytics need (customer attributes, authors,
service measures, survey and remedies), and findings.jsonl is written in the same order, so
`trustdesk report` reads the folder alone, in one streaming pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from trustdesk.engine.summary import AuditSummary, AuditTally
from trustdesk.errors import InputError
from trustdesk.model import Audit, Conversation
from trustdesk.policy.loader import default_policy
from trustdesk.policy.schema import Policy

FINDINGS_FILE = "findings.jsonl"
CONVERSATIONS_FILE = "conversations.jsonl"
SUMMARY_FILE = "summary.json"
PROBLEMS_FILE = "problems.jsonl"
# 2: conversations carry service measures, authors, survey and remedies; findings an author.
OUTPUT_FORMAT = 2


@dataclass(frozen=True, slots=True)
class AuditedRows:
    """One audited conversation as the rows of the output files."""

    record: dict[str, Any]  # its line of conversations.jsonl
    findings: list[dict[str, Any]]  # its lines of findings.jsonl
    truncations: list[dict[str, Any]]  # its lines of problems.jsonl
    tally: AuditTally  # what it adds to summary.json


def json_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False) + "\n"


def audited_rows(conversation: Conversation, audit: Audit) -> AuditedRows:
    authors = {m.id: m.author for m in conversation.messages}
    findings = [
        {**finding.to_dict(), "author": authors.get(finding.message_id)}
        for finding in audit.findings
    ]
    agents = sorted({m.author for m in conversation.messages if m.is_org and m.author})
    written: dict[str, int] = {}
    for message in conversation.messages:
        if message.is_org and message.author:
            written[message.author] = written.get(message.author, 0) + 1
    times = [m.at for m in conversation.messages if m.at]
    survey = conversation.survey
    remedies = conversation.remedies
    record = {
        "conversation_id": conversation.id,
        "channel": conversation.channel,
        "customer_id": conversation.customer.id,
        "segment": conversation.customer.segment,
        "agents": agents,
        "started": min(times).isoformat() if times else None,
        "ended": max(times).isoformat() if times else None,
        "messages": audit.messages,
        # Lines of findings.jsonl that follow (an audit.truncated note included), so the
        # two files are read in lockstep.
        "findings": len(audit.findings),
        "scores": {p.value: s for p, s in audit.scores.items()},
        "language": conversation.customer.language,
        "authors": written,
        "customer_messages": sum(1 for m in conversation.messages if m.role == "customer"),
        "decision": audit.decision.value,
        "service": audit.service.to_dict() if audit.service else None,
        "survey": survey.model_dump() if survey else None,
        "remedies": [r.model_dump() for r in remedies] if remedies is not None else None,
    }
    # What the audit left out to stay within its limits is an audit.truncated finding above,
    # and also a line of its own in problems.jsonl, where the records not audited as given
    # are listed.
    truncations = [
        {"conversation_id": conversation.id, **cut.to_dict(), "truncated": True}
        for cut in audit.truncated
    ]
    return AuditedRows(record, findings, truncations, AuditTally.of(audit))


class AuditWriter:
    """Collects audits into DIR/findings.jsonl, DIR/conversations.jsonl and DIR/summary.json."""

    def __init__(self, folder: str | Path, policy: Policy | None = None) -> None:
        self.folder = Path(folder)
        self.policy = policy or default_policy()
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
        rows = audited_rows(conversation, audit)
        self.add_written(
            findings="".join(json_line(row) for row in rows.findings),
            conversations=json_line(rows.record),
            problems="".join(json_line(row) for row in rows.truncations),
            tallies=[rows.tally],
        )

    def add_written(
        self, *, findings: str, conversations: str, problems: str, tallies: list[AuditTally]
    ) -> None:
        """Lines already written elsewhere (by `audited_rows` and `json_line`, say on a Dask
        worker), for conversations in input order, with the tally of each."""
        for tally in tallies:
            self.summary.add_tally(tally)
        self._files[FINDINGS_FILE].write(findings)
        self._files[CONVERSATIONS_FILE].write(conversations)
        self._files[PROBLEMS_FILE].write(problems)

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
        content = {**self.summary.to_dict(), "output_format": OUTPUT_FORMAT}
        sla = self.policy.sla
        content["policy"] = {
            "name": self.policy.name,
            "revision": self.policy.revision,
            "sla": {
                "first_response_seconds": sla.first_response.total_seconds(),
                "update_interval_seconds": sla.update_interval.total_seconds(),
                "business_hours_only": sla.business_hours_only,
            },
        }
        summary.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
        summary.replace(self.folder / SUMMARY_FILE)
