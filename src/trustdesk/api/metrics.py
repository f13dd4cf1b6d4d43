"""Prometheus metrics of one app: checks run, verdicts by kind, and check latency.

With several server processes (`trustdesk serve --workers N`), each process writes its values
to files in PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode, set up by the
server before its workers start), and any process answers a scrape with the sum of all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
# prometheus_client's multiprocess mode reads this variable when it is first imported.
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
# Latency buckets around the engine's budget (milliseconds to a second).
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """A registry per app (not the global one), so several apps in one process stay apart."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.checks = Counter(
            "trustdesk_checks",
            "Drafts checked before sending.",
            ["endpoint"],
            registry=self.registry,
        )
        self.verdicts = Counter(
            "trustdesk_verdicts",
            "Verdicts given, by decision.",
            ["decision"],
            registry=self.registry,
        )
        self.findings = Counter(
            "trustdesk_findings",
            "Findings on checked drafts, by check.",
            ["check"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "trustdesk_check_seconds",
            "Time to check one draft.",
            ["endpoint"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        # Each labelled series, kept once found: `labels()` takes a lock and builds a key on
        # every call, several times a check. Bounded: endpoints, decisions and check ids.
        self._series: dict[tuple[Counter | Histogram, str], Any] = {}

    def _labelled(self, metric: Counter | Histogram, value: str) -> Any:
        key = (metric, value)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = metric.labels(value)
        return series

    def observe(self, endpoint: str, decision: str, checks: Iterable[str], started: float) -> None:
        """Count one check on `endpoint` that began at `started` (a perf_counter reading)."""
        self._labelled(self.checks, endpoint).inc()
        self._labelled(self.verdicts, decision).inc()
        for check in checks:
            self._labelled(self.findings, check).inc()
        self._labelled(self.latency, endpoint).observe(time.perf_counter() - started)

    def render(self) -> bytes:
        if os.environ.get(MULTIPROCESS_DIR):
            # Every worker's values, not only this one's.
            combined = CollectorRegistry()
            multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
            return generate_latest(combined)
        return generate_latest(self.registry)
