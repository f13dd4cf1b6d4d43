"""A closed-loop HTTP load generator, for when wrk is not installed (api_load.py runs it).

    python benchmarks/loadgen.py URL --method POST --token TOKEN --connections 50 \
        --duration 20 body1.json body2.json

Each of `--connections` clients sends its next request as soon as the last one is answered,
as wrk does, rotating the bodies. Prints one line, `WRK_JSON {...}`, with the same fields as
api_load.lua. Being Python, it spends more CPU per request than wrk does, and on a small
machine that CPU is taken from the server it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from harness import percentile

# The placeholder in each draft that every request replaces with a number of its own.
DRAFT_MARKER = b"@@@@@@"


async def _client(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    bodies: Sequence[bytes | None],
    offset: int,
    deadline: float,
    latencies: list[float],
    counts: dict[str, int],
) -> None:
    position = offset
    # Think time between an answer and the next request, as api_load.lua reads it.
    think_s = float(os.environ.get("TRUSTDESK_BENCH_THINK_MS", "0")) / 1000
    while time.perf_counter() < deadline:
        if think_s and position != offset:
            await asyncio.sleep(think_s)
        body = bodies[position % len(bodies)]
        position += 1
        if body is not None:
            # As api_load.lua does: a number of its own for each request's draft.
            number = b"%06d" % ((offset * 500_000 + position) % 1_000_000)
            body = body.replace(DRAFT_MARKER, number, 1)
        started = time.perf_counter()
        try:
            response = await http.request(method, url, content=body)
        except httpx.TimeoutException:
            counts["timeouts"] += 1
            continue
        except httpx.TransportError:
            counts["read_errors"] += 1
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if not 200 <= response.status_code <= 299:
            counts["non2xx"] += 1


async def run(
    url: str,
    method: str,
    token: str | None,
    bodies: Sequence[bytes | None],
    connections: int,
    duration: float,
    timeout: float,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if bodies[0] is not None:
        headers["Content-Type"] = "application/json"
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    latencies: list[float] = []
    counts = {"non2xx": 0, "connect_errors": 0, "read_errors": 0, "write_errors": 0}
    counts["timeouts"] = 0
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=timeout) as http:
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(
            *(
                _client(http, method, url, bodies, i, deadline, latencies, counts)
                for i in range(connections)
            )
        )
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "duration_s": elapsed,
        **counts,
        "mean_ms": sum(ordered) / len(ordered) if ordered else 0.0,
        "max_ms": ordered[-1] if ordered else 0.0,
        **{
            f"p{label}_ms": percentile(ordered, fraction)
            for label, fraction in [("50", 0.5), ("90", 0.9), ("95", 0.95), ("99", 0.99)]
        },
        "p999_ms": percentile(ordered, 0.999),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Closed-loop HTTP load, wrk's output as JSON.")
    parser.add_argument("url")
    parser.add_argument("bodies", nargs="*", type=Path, help="JSON request bodies to rotate")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--token", default=None)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    bodies: list[bytes | None] = [p.read_bytes() for p in args.bodies] or [None]
    figures = asyncio.run(
        run(
            args.url,
            args.method,
            args.token,
            bodies,
            args.connections,
            args.duration,
            args.timeout,
        )
    )
    print("WRK_JSON " + json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
