"""What runs on a Dask worker: an engine per worker, built once by a worker plugin, and the
audit of one partition into the lines of the output files and a Parquet file of each kind."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin, get_worker

from trustdesk.engine import Engine
from trustdesk.engine.calibration import Calibration
from trustdesk.engine.limits import Limits
from trustdesk.engine.summary import AuditTally
from trustdesk.errors import TrustdeskError
from trustdesk.io.records import InputProblem, parse_record
from trustdesk.io.results import audited_rows, json_line
from trustdesk.model import Conversation
from trustdesk.policy.schema import Policy
from trustdesk.scale.parts import Part, read_part
from trustdesk.scale.tables import write_results


class EnginePlugin(WorkerPlugin):
    """Compiles the policy into an engine once per worker, when the worker joins the audit.

    A worker running several threads gets one engine per thread (built on its first task), so
    no engine is shared between threads; the first is built at setup, so a policy that cannot
    be compiled fails the audit before any partition is read."""

    def __init__(self, policy: Policy, limits: Limits, calibration: Calibration) -> None:
        self.policy = policy
        self.limits = limits
        self.calibration = calibration
        self._spare: Engine | None = None
        self._lock = threading.Lock()
        self._local = threading.local()

    def __getstate__(self) -> dict[str, Any]:
        return {"policy": self.policy, "limits": self.limits, "calibration": self.calibration}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["policy"], state["limits"], state["calibration"])  # type: ignore[misc]

    def setup(self, worker: Any) -> None:
        self._spare = self._build()

    def _build(self) -> Engine:
        return Engine(self.policy, limits=self.limits, calibration=self.calibration)

    def engine(self) -> Engine:
        engine: Engine | None = getattr(self._local, "engine", None)
        if engine is None:
            with self._lock:
                engine, self._spare = self._spare, None
            engine = engine or self._build()
            self._local.engine = engine
        return engine


@dataclass(slots=True)
class PartResult:
    """One partition audited: its lines of each output file, in input order."""

    lines: int = 0  # lines of the JSON Lines file the partition spans (0 for Parquet)
    conversations: str = ""
    findings: str = ""
    tallies: list[AuditTally] = field(default_factory=list)
    # In input order: a malformed record, or problems.jsonl lines of a conversation cut short.
    problems: list[InputProblem | str] = field(default_factory=list)
    error: str | None = None  # an input that cannot be read at all (a TrustdeskError)


def audit_part(
    part: Part, name: str, plugin: str, now: datetime | None, staging: str
) -> PartResult:
    """Audit one partition with this worker's engine; write its Parquet files as `name`."""
    result = PartResult()
    try:
        engine: Engine = get_worker().plugins[plugin].engine()  # type: ignore[attr-defined]
        result.lines, items = read_part(part)
        records: list[dict[str, Any]] = []
        findings: list[dict[str, Any]] = []
        conversation_lines: list[str] = []
        finding_lines: list[str] = []
        for number, item in items:
            if isinstance(item, InputProblem):
                result.problems.append(item)
                continue
            # A JSON Lines record is parsed here; a Parquet row arrives as a conversation.
            parsed = (
                item if isinstance(item, Conversation) else parse_record(item, part.source, number)
            )
            if isinstance(parsed, InputProblem):
                result.problems.append(parsed)
                continue
            conversation = parsed
            rows = audited_rows(conversation, engine.audit(conversation, now=now))
            records.append(rows.record)
            findings.extend(rows.findings)
            conversation_lines.append(json_line(rows.record))
            finding_lines.extend(json_line(row) for row in rows.findings)
            result.tallies.append(rows.tally)
            if rows.truncations:
                result.problems.append("".join(json_line(row) for row in rows.truncations))
        result.conversations = "".join(conversation_lines)
        result.findings = "".join(finding_lines)
        write_results(Path(staging), name, records, findings)
    except TrustdeskError as exc:
        result.error = str(exc)
    return result
