"""One request cannot stall the server: huge and largest-allowed checks against a real server,
with a small check running beside each.

    python benchmarks/limits.py [--small-every 0.02] [--repeat 3]

Starts `trustdesk serve` on loopback (one worker, default settings) against a temporary SQLite
database, then for each large request below sends it while a second client sends small checks
(a 20-message history and a 120-word draft) back to back, and prints one table: the large
request's status and time, and the small checks' latency beside it, against the small checks'
latency alone. The target: every large request answered (or refused with 413) within 2 s, and
no small check beside it slower than 100 ms.

The large requests: a 1 MB message; a 100,000-message history (its body over the byte limit,
refused unread); 100,000 short messages (under the byte limit, refused when counted); and the
largest a check may be (a 200,000-character message; 2,000 messages), answered.
"""

from __future__ import annotations

import argparse
import json
import select
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console
from rich.table import Table

from api_load import create_token, serving
from corpus import DEFAULT_SEED, draft_pool, reply_history
from harness import bench_dir, machine_info, percentile
from workloads import _after_last

TARGET_LARGE_S = 2.0
TARGET_SMALL_MS = 100.0
SOCKET_TIMEOUT_S = 60.0


@dataclass
class Outcome:
    name: str
    body_bytes: int
    status: int
    seconds: float
    code: str | None
    beside_ms: list[float] = field(default_factory=list)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Large requests beside small checks.")
    parser.add_argument("--repeat", type=int, default=3, help="times each large request is sent")
    parser.add_argument(
        "--alone", type=int, default=200, help="small checks timed alone, for the baseline"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=bench_dir() / "output" / "limits.json")
    return parser.parse_args(argv)


# --- a minimal HTTP/1.1 client ---------------------------------------------------------------


def post(url: str, token: str, body: bytes) -> tuple[int, bytes, float]:
    """POST `body` to `url`; (status, response body, seconds). The body is sent while the
    response is watched for, so a server that answers before reading it all (413) is heard
    at once rather than after the upload."""
    parts = urlsplit(url)
    started = time.perf_counter()
    with socket.create_connection((parts.hostname, parts.port), timeout=SOCKET_TIMEOUT_S) as conn:
        head = (
            f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        pending = memoryview(head + body)
        received = b""
        while True:
            readable, writable, _ = select.select([conn], [conn] if pending else [], [], 60)
            if readable:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                received += chunk
                if _complete(received):
                    break
                continue
            if writable:
                try:
                    sent = conn.send(pending[:65536])
                except (BrokenPipeError, ConnectionResetError):
                    pending = memoryview(b"")
                    continue
                pending = pending[sent:]
    seconds = time.perf_counter() - started
    header, _, content = received.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1]) if header else 0
    return status, content, seconds


def _complete(received: bytes) -> bool:
    header, separator, content = received.partition(b"\r\n\r\n")
    if not separator:
        return False
    for line in header.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(content) >= int(value.strip())
    return False


# --- the requests --------------------------------------------------------------------------


def _body(conversation: dict[str, Any], draft: str, now: str | None = None) -> bytes:
    payload: dict[str, Any] = {"conversation": conversation, "draft": draft}
    if now is not None:
        payload["now"] = now
    return json.dumps(payload).encode("utf-8")


def _messages(count: int, text: Callable[[int], str], timed: bool = True) -> dict[str, Any]:
    messages = []
    for n in range(count):
        message = {"id": f"m{n}", "role": "customer" if n % 2 == 0 else "agent", "text": text(n)}
        if timed:
            message["at"] = f"2026-03-02T{10 + n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z"
        messages.append(message)
    return {"id": "large", "messages": messages}


def _prose(chars: int, seed: int) -> str:
    pool = " ".join(draft_pool(50, seed))
    return (pool * (chars // len(pool) + 1))[:chars]


def large_requests(seed: int, run: int) -> list[tuple[str, bytes]]:
    """The large requests, their texts distinct in each `run` (no cache serves a repeat)."""
    line = f"Where is my order? It was due on Monday and I still have nothing. Run {run}"
    prose = _prose(1_000_000, seed + run)
    return [
        ("one 1 MB message", _body(_messages(1, lambda n: prose), "We are looking into it.")),
        (
            "100,000 messages (body over the byte limit)",
            _body(_messages(100_000, lambda n: f"{line}, #{n}"), "On its way."),
        ),
        (
            "100,000 short messages (body under it)",
            _body(_messages(100_000, lambda n: "ok", timed=False), "On its way."),
        ),
        (
            "largest allowed: a 200,000-character message",
            _body(_messages(1, lambda n: prose[:200_000]), "We are looking into it."),
        ),
        (
            "largest allowed: 2,000 messages",
            _body(_messages(2_000, lambda n: f"{line}, #{n}"), "On its way."),
        ),
    ]


def small_bodies(seed: int) -> list[bytes]:
    drafts = draft_pool(50, seed + 1)
    histories = [reply_history(seed + k) for k in range(10)]
    return [
        _body(histories[i % 10], drafts[i], _after_last(histories[i % 10]).isoformat())
        for i in range(len(drafts))
    ]


# --- the runs ------------------------------------------------------------------------------


def small_alone(url: str, token: str, bodies: list[bytes], count: int) -> list[float]:
    latencies = []
    for i in range(count):
        status, content, seconds = post(url, token, bodies[i % len(bodies)])
        assert status == 200, content[:300]
        latencies.append(seconds * 1000)
    return latencies


def beside(url: str, token: str, name: str, body: bytes, smalls: list[bytes]) -> Outcome:
    """Send the large request while small checks go back to back on another connection."""
    done = threading.Event()
    beside_ms: list[float] = []

    def small_client() -> None:
        i = 0
        while not done.is_set():
            status, content, seconds = post(url, token, smalls[i % len(smalls)])
            assert status == 200, content[:300]
            beside_ms.append(seconds * 1000)
            i += 1

    client = threading.Thread(target=small_client, daemon=True)
    client.start()
    time.sleep(0.2)  # the small client is running before the large request starts
    before = len(beside_ms)
    status, content, seconds = post(url, token, body)
    done.set()
    client.join()
    try:
        code = json.loads(content)["error"]["code"] if status != 200 else None
    except (ValueError, KeyError, TypeError):
        code = "?"
    # The small checks that ran while the large request was in flight (and the one that was
    # running as it ended).
    return Outcome(name, len(body), status, seconds, code, beside_ms[before:])


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    console = Console(width=140)
    smalls = small_bodies(args.seed)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="trustdesk-limits-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        token = create_token(database_url)
        with serving(database_url, 1, Path(folder) / "server.log") as server:
            url = f"{server.url}/v1/check"
            small_alone(url, token, smalls, 20)  # warm-up
            alone = small_alone(url, token, smalls, args.alone)
            for run in range(args.repeat):
                for name, body in large_requests(args.seed, run):
                    outcomes.append(beside(url, token, name, body, smalls))
    outcomes.sort(key=lambda o: o.name)
    _print(console, alone, outcomes)
    _write(args.out, alone, outcomes)
    return 0


def _print(console: Console, alone: list[float], outcomes: list[Outcome]) -> None:
    ordered = sorted(alone)
    table = Table(title="Large requests beside small checks (one server worker, loopback)")
    columns = ("request", "body", "answer", "time", "small checks beside it (ms)", "max", "ok")
    for column in columns:
        table.add_column(column, justify="left" if column == "request" else "right")
    p50, p99 = percentile(ordered, 0.5), percentile(ordered, 0.99)
    table.add_row(
        "small checks alone",
        "",
        "200",
        "",
        f"{len(alone)}, p50 {p50:.1f} ms, p99 {p99:.1f} ms",
        f"{ordered[-1]:.1f} ms",
        "",
    )
    for outcome in outcomes:
        worst = max(outcome.beside_ms, default=0.0)
        ok = outcome.seconds <= TARGET_LARGE_S and worst <= TARGET_SMALL_MS
        table.add_row(
            outcome.name,
            f"{outcome.body_bytes / 1e6:.1f} MB",
            f"{outcome.status} {outcome.code or ''}".strip(),
            f"{outcome.seconds * 1000:.0f} ms",
            f"{len(outcome.beside_ms)}, median {statistics.median(outcome.beside_ms or [0]):.1f}",
            f"{worst:.1f} ms",
            "yes" if ok else "NO",
        )
    console.print(table)
    summary = Table(title="Small checks beside each large request, over all its repeats")
    for column in ("request", "large: slowest", "small checks", "p50", "p99", "max", "ok"):
        summary.add_column(column, justify="left" if column == "request" else "right")
    for name, row in _by_request(outcomes).items():
        ok = row["large_max_s"] <= TARGET_LARGE_S and row["max_ms"] <= TARGET_SMALL_MS
        summary.add_row(
            name,
            f"{row['large_max_s'] * 1000:.0f} ms",
            str(row["count"]),
            f"{row['p50_ms']:.1f} ms",
            f"{row['p99_ms']:.1f} ms",
            f"{row['max_ms']:.1f} ms",
            "yes" if ok else "NO",
        )
    console.print(summary)
    console.print(
        f"Targets: each large request answered within {TARGET_LARGE_S:.0f} s; no small check "
        f"beside it over {TARGET_SMALL_MS:.0f} ms."
    )


def _by_request(outcomes: list[Outcome]) -> dict[str, dict[str, Any]]:
    """Per large request, the small checks beside all its repeats pooled."""
    rows: dict[str, dict[str, Any]] = {}
    for name in sorted({o.name for o in outcomes}):
        mine = [o for o in outcomes if o.name == name]
        beside = sorted(ms for o in mine for ms in o.beside_ms)
        rows[name] = {
            "repeats": len(mine),
            "large_max_s": max(o.seconds for o in mine),
            "count": len(beside),
            "p50_ms": percentile(beside, 0.5),
            "p99_ms": percentile(beside, 0.99),
            "max_ms": beside[-1] if beside else 0.0,
        }
    return rows


def _write(path: Path, alone: list[float], outcomes: list[Outcome]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(alone)
    figures = {
        "machine": machine_info(),
        "small_alone_ms": {
            "count": len(alone),
            "p50": percentile(ordered, 0.5),
            "p99": percentile(ordered, 0.99),
            "max": ordered[-1],
        },
        "large": [
            {
                "request": o.name,
                "body_bytes": o.body_bytes,
                "status": o.status,
                "code": o.code,
                "seconds": o.seconds,
                "small_beside": len(o.beside_ms),
                "small_beside_max_ms": max(o.beside_ms, default=0.0),
                "small_beside_median_ms": statistics.median(o.beside_ms or [0.0]),
            }
            for o in outcomes
        ],
        "by_request": _by_request(outcomes),
    }
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
