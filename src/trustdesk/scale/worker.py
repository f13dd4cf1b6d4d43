"""What runs on a Dask worker: an engine per worker, built once by a worker plugin, and the
audit of one partition into the lines of the output files and a Parquet file of each kind."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin, get_worker

from trustdesk.engine import Engine
from trustdesk.engine.calibration import Calibration
from trustdesk.engine.limits import Limits
from trustdesk.errors import TrustdeskError
from trustdesk.policy.schema import Policy
from trustdesk.scale.partition import PartResult, audit_part_into
from trustdesk.scale.parts import Part
from trustdesk.scale.tables import write_results

__all__ = ["EnginePlugin", "PartResult", "audit_part"]


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


def audit_part(
    part: Part, name: str, plugin: str, now: datetime | None, staging: str
) -> PartResult:
    """Audit one partition with this worker's engine; write its Parquet files as `name`."""
    result = PartResult()
    try:
        engine: Engine = get_worker().plugins[plugin].engine()  # type: ignore[attr-defined]
        records, findings = audit_part_into(result, part, engine, now, rows=True)
        write_results(Path(staging), name, records, findings)
    except TrustdeskError as exc:
        result.error = str(exc)
    return result
