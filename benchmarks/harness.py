"""What every benchmark needs: one-core pinning, machine facts, timing and percentiles.

Each workload returns `Row`s; `run.py` prints them as one table and writes them as JSON.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
# The CPUs this process may use, recorded before it pins itself to one of them.
ALL_CPUS: set[int] = set()


@dataclass
class Row:
    """One line of the results table: a throughput and the latency of one `latency_of`."""

    section: str
    workload: str
    rate: float | None
    rate_unit: str
    latency_of: str = ""
    mean_ms: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    target: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def pin_one_core() -> str:
    """Pin this process (and the threads it starts) to one CPU, so figures are per core."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (os.sched_setaffinity is unavailable on this platform)"
    ALL_CPUS.update(os.sched_getaffinity(0))
    cpu = min(ALL_CPUS)
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu} with os.sched_setaffinity"


@contextmanager
def all_cores() -> Iterator[int]:
    """Lift the one-core pinning for a multi-process workload; yields the number of cores."""
    if not ALL_CPUS or not hasattr(os, "sched_setaffinity"):
        yield os.cpu_count() or 1
        return
    pinned = os.sched_getaffinity(0)
    os.sched_setaffinity(0, ALL_CPUS)
    try:
        yield len(ALL_CPUS)
    finally:
        os.sched_setaffinity(0, pinned)


def machine_info() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cpus_online": str(os.cpu_count()),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(terse=True),
    }


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def latency_row(
    section: str,
    workload: str,
    latencies_ms: Sequence[float],
    *,
    rate_items: float,
    seconds: float,
    rate_unit: str,
    latency_of: str,
    **kwargs: Any,
) -> Row:
    """A row from per-item latencies in milliseconds and a throughput over `seconds`."""
    ordered = sorted(latencies_ms)
    mean = sum(ordered) / len(ordered) if ordered else None
    return Row(
        section,
        workload,
        rate=rate_items / seconds if seconds > 0 else None,
        rate_unit=rate_unit,
        latency_of=latency_of,
        mean_ms=mean,
        p50_ms=percentile(ordered, 0.50),
        p95_ms=percentile(ordered, 0.95),
        p99_ms=percentile(ordered, 0.99),
        **kwargs,
    )


def per_call_row(
    section: str,
    workload: str,
    samples_ns: Sequence[int],
    *,
    rate_unit: str,
    latency_of: str,
    **kwargs: Any,
) -> Row:
    """A row where each sample is one item: throughput is items over their summed time."""
    return latency_row(
        section,
        workload,
        [ns / 1e6 for ns in samples_ns],
        rate_items=len(samples_ns),
        seconds=sum(samples_ns) / 1e9,
        rate_unit=rate_unit,
        latency_of=latency_of,
        **kwargs,
    )


def time_each(items: Iterable[T], call: Callable[[T], object]) -> list[int]:
    """Nanoseconds per call of `call(item)`, one per item."""
    clock = time.perf_counter_ns
    samples: list[int] = []
    for item in items:
        started = clock()
        call(item)
        samples.append(clock() - started)
    return samples


@contextmanager
def collected_first() -> Iterator[None]:
    """Start a measurement from a clean heap, so an earlier workload's garbage is not billed,
    and with no text analyses shared from it (a message it analysed is analysed anew)."""
    from trustdesk.text.analysis import forget_recent_analyses

    forget_recent_analyses()
    gc.collect()
    yield


def load_checks() -> tuple[list[Any], list[str]]:
    """Every registered check that loads, and the ids of those that do not (with why).

    The full registry refuses to start when any check fails to load; a benchmark should still
    measure what exists and say what is missing.
    """
    from trustdesk.checks.registry import validate_check_class

    loaded: list[Any] = []
    missing: list[str] = []
    for entry in sorted(entry_points(group="trustdesk.checks"), key=lambda e: e.name):
        try:
            loaded.append(validate_check_class(entry.name, entry.load()))
        except Exception as exc:  # report any broken check by name and keep measuring
            missing.append(f"{entry.name} ({type(exc).__name__})")
    return loaded, missing


def bench_dir() -> Path:
    return Path(__file__).resolve().parent


def write_figures(path: Path, rows: Sequence[Row], **context: Any) -> None:
    """The run's rows and context as JSON at `path`, stamped with the time of the run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **context,
        "rows": [row.to_dict() for row in rows],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {path}", file=sys.stderr)
