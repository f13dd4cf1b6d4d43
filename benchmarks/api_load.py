"""POST /v1/check under load: a real server, and a load generator in a second process.

    python benchmarks/api_load.py [--duration 20] [--connections 50]

Starts `trustdesk serve` on loopback against a temporary SQLite database holding one API
token, drives it with wrk (or, without wrk, with loadgen.py) and prints one table:

- in process, on the same request bodies and no HTTP: validating the body and
  `Engine.check_reply`, the token lookup that every request makes, and POST /v1/check through
  the app itself (its ASGI interface called directly: no sockets, no HTTP parsing), with the
  share of its CPU spent on the event loop's thread, which is the API's own work;
- `GET /healthz` under the same load (the floor of the framework and the database);
- `POST /v1/check` from one client (the cost of HTTP and auth without queueing), then from
  `--connections` concurrent clients, on one server worker and on two.

Clients are closed-loop (each sends its next request when its last is answered), so with N
clients the mean latency is N divided by the throughput (Little's law). The last scenarios give
each client a think time between requests, as bots serving customers have. CPU per request is
the server's process tree's CPU time over the requests answered. The figures are written to
benchmarks/output/api_load.json; the servers and the database are removed at the end, also
on Ctrl-C, SIGTERM or an error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from corpus import DEFAULT_SEED, draft_pool, reply_history
from harness import Row, bench_dir, latency_row, machine_info, percentile, write_figures
from trustdesk.api.app import create_app
from trustdesk.api.schemas import CheckRequest
from trustdesk.desk.auth import authenticate
from trustdesk.desk.opening import open_desk
from trustdesk.engine import Engine
from trustdesk.settings import Settings
from trustdesk.text.analysis import forget_recent_analyses
from workloads import _after_last

TARGET_P99_MS = 50.0
# The paced scenarios: clients that pause between requests, as bots serving customers do.
THINK_TIMES_MS = (250.0, 100.0)
WARMUP_SECONDS = 3.0
IN_PROCESS_WARMUP_CALLS = 20
# Long enough that no slow request drops out of the latency figures as a timeout.
REQUEST_TIMEOUT_S = 30
SERVER_START_TIMEOUT_S = 90.0
USERNAME = "bench"
PASSWORD = "bench-password-1"


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Load-test POST /v1/check over loopback.")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=50, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--drafts", type=int, default=200, help="distinct drafts to rotate")
    parser.add_argument(
        "--conversations", type=int, default=50, help="distinct 20-message histories"
    )
    parser.add_argument("--calls", type=int, default=2_000, help="in-process calls to time")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--loadgen",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="wrk when installed (auto), or the Python generator in loadgen.py",
    )
    parser.add_argument("--out", type=Path, default=bench_dir() / "output" / "api_load.json")
    return parser.parse_args(argv)


# --- request bodies and the in-process baseline -------------------------------------------


# Replaced in every request by a number of its own (see api_load.lua); six characters that
# occur nowhere else in a body.
DRAFT_MARKER = "@@@@@@"


def request_bodies(seed: int, drafts: int, conversations: int) -> tuple[list[bytes], float]:
    """JSON bodies for POST /v1/check, and the drafts' mean length in words.

    As a bot serving `conversations` customers at once: each body is one of their 20-message
    histories (sent whole with every draft, as the stateless endpoint needs) and a draft.
    Every draft ends with a case number that each request makes unique, so no draft is ever
    checked twice; the histories do repeat, as they do for a real bot. `now` is fixed just
    after each history's last message.
    """
    histories = [reply_history(seed + k) for k in range(conversations)]
    moments = [_after_last(history).isoformat() for history in histories]
    pool = [f"{draft} Case {DRAFT_MARKER}." for draft in draft_pool(drafts, seed + 1)]
    words = sum(len(d.split()) for d in pool) / len(pool)
    count = math.lcm(len(pool), len(histories))
    bodies = [
        json.dumps(
            {
                "conversation": histories[i % len(histories)],
                "draft": pool[i % len(pool)],
                "now": moments[i % len(histories)],
            }
        ).encode("utf-8")
        for i in range(count)
    ]
    # The number must land in the draft, not somewhere else in the body.
    assert all(body.count(DRAFT_MARKER.encode()) == 1 for body in bodies)
    return bodies, words


def _timed_calls(
    calls: int,
    call: Callable[[int], object],
    before: Callable[[int], object] | None = None,
) -> tuple[list[float], float]:
    """Milliseconds per call of `call(i)` after a warm-up, and the CPU seconds they took.

    `before(i)`, when given, runs before each call and is left out of both figures.
    """
    for i in range(IN_PROCESS_WARMUP_CALLS):
        if before is not None:
            before(i)
        call(i)
    latencies: list[float] = []
    cpu_s = 0.0
    for i in range(calls):
        if before is not None:
            before(i)
        cpu_started = time.process_time()
        started = time.perf_counter()
        call(i)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu_s += time.process_time() - cpu_started
    return latencies, cpu_s


def _in_process_row(
    workload: str, latencies: list[float], cpu_s: float, note: str, **extra: Any
) -> Row:
    row = latency_row(
        "in process",
        workload,
        latencies,
        rate_items=len(latencies),
        seconds=sum(latencies) / 1000,
        rate_unit="calls/s",
        latency_of="call",
        note=note,
        extra=extra,
    )
    row.extra |= {
        "connections": 1,
        "p90_ms": percentile(sorted(latencies), 0.90),
        "errors": 0,
        "cpu_ms_per_request": 1000 * cpu_s / len(latencies),
    }
    return row


def check_in_process(bodies: Sequence[bytes], calls: int, *, remembered: bool) -> Row:
    """What the route does with a body, without HTTP: validate it, then `check_reply`.

    Each call validates its body afresh, as on every request to the stateless endpoint. With
    `remembered`, the analyses of history messages seen in earlier calls are reused, as in
    the server; without, they are forgotten before each call (not timed), so every history
    is analysed again.
    """
    engine = Engine()
    split = {"validate": 0.0, "check": 0.0}

    def one(i: int) -> None:
        body = bodies[i % len(bodies)].replace(DRAFT_MARKER.encode(), b"%06d" % i, 1)
        started = time.perf_counter()
        request = CheckRequest.model_validate_json(body)
        validated = time.perf_counter()
        engine.check_reply(request.conversation, request.draft, now=request.now)
        split["validate"] += validated - started
        split["check"] += time.perf_counter() - validated

    forget = None if remembered else (lambda _: forget_recent_analyses())
    latencies, cpu_s = _timed_calls(calls, one, forget)
    # The split includes the warm-up calls; it is a ratio, so that does not skew it.
    share = split["validate"] / (split["validate"] + split["check"])
    history = "remembered from earlier calls" if remembered else "analysed afresh each call"
    return _in_process_row(
        f"CheckRequest from JSON + Engine.check_reply, history {history}",
        latencies,
        cpu_s,
        f"{calls} calls on one thread, the bodies the server gets; validating the body is "
        f"{100 * share:.0f}% of it",
        calls=calls,
        validate_share=share,
    )


def auth_in_process(database_url: str, token: str, calls: int) -> list[Row]:
    """The token lookup of an authenticated request: from the database, and remembered."""
    desk = open_desk(Settings(database_url=database_url, policy=None), migrate=False)

    def looked_up(_: int) -> object:
        desk.tokens.clear()  # forget it, so every call asks the database
        return authenticate(desk, token)

    try:
        cold, cold_cpu = _timed_calls(calls, looked_up)
        warm, warm_cpu = _timed_calls(calls, lambda _: authenticate(desk, token))
    finally:
        desk.close()
    return [
        _in_process_row(
            "authenticate(): token looked up",
            cold,
            cold_cpu,
            f"{calls} calls; one SQLite read transaction each (a token not seen for 10 s)",
            calls=calls,
        ),
        _in_process_row(
            "authenticate(): token remembered",
            warm,
            warm_cpu,
            f"{calls} calls; a token this process checked in the last 10 s",
            calls=calls,
        ),
    ]


def app_in_process(database_url: str, token: str, bodies: Sequence[bytes], calls: int) -> Row:
    """POST /v1/check through the app's ASGI interface, on one event loop as the server runs
    it, each body made unique as the load generator does. The check itself runs on a worker
    thread; the CPU of the event loop's thread is the API's own: middleware, routing, auth,
    reading and validating the body, building the response, metrics."""
    desk = open_desk(Settings(database_url=database_url, policy=None), migrate=False)
    app = create_app(desk=desk, scheduler=False)
    headers = [
        (b"host", b"127.0.0.1"),
        (b"authorization", f"Bearer {token}".encode()),
        (b"content-type", b"application/json"),
    ]

    async def post(body: bytes) -> int:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/check",
            "raw_path": b"/v1/check",
            "query_string": b"",
            "root_path": "",
            "headers": [*headers, (b"content-length", str(len(body)).encode())],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        received = False
        status = 0

        async def receive() -> dict[str, Any]:
            nonlocal received
            if received:  # the app does not read past the body; a disconnect never comes
                await asyncio.Event().wait()
            received = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(scope, receive, send)
        return status

    async def serve() -> tuple[list[float], float, float]:
        startup: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        started: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        lifespan = asyncio.ensure_future(
            app({"type": "lifespan", "asgi": {"version": "3.0"}}, startup.get, started.put)
        )
        await startup.put({"type": "lifespan.startup"})
        await started.get()
        latencies: list[float] = []
        cpu_s = loop_cpu_s = 0.0
        try:
            for i in range(-IN_PROCESS_WARMUP_CALLS, calls):
                number = b"%06d" % (i % 1_000_000)
                body = bodies[i % len(bodies)].replace(DRAFT_MARKER.encode(), number, 1)
                cpu_started, loop_started = time.process_time(), time.thread_time()
                wall_started = time.perf_counter()
                status = await post(body)
                if status != 200:
                    raise RuntimeError(f"POST /v1/check answered {status} in process")
                if i >= 0:
                    latencies.append((time.perf_counter() - wall_started) * 1000)
                    cpu_s += time.process_time() - cpu_started
                    loop_cpu_s += time.thread_time() - loop_started
        finally:
            await startup.put({"type": "lifespan.shutdown"})
            await lifespan
        return latencies, cpu_s, loop_cpu_s

    try:
        latencies, cpu_s, loop_cpu_s = _event_loop().run_until_complete(serve())
    finally:
        desk.close()
    return _in_process_row(
        "POST /v1/check through the app (ASGI, no sockets)",
        latencies,
        cpu_s,
        f"{calls} requests one after another; the event loop's thread "
        f"{1000 * loop_cpu_s / calls:.2f} ms CPU a request (the API's own work), the rest on "
        "the thread that checks",
        calls=calls,
        event_loop_cpu_ms_per_request=1000 * loop_cpu_s / calls,
    )


def _event_loop() -> asyncio.AbstractEventLoop:
    # The server's loop: uvloop where uvicorn finds it.
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


# --- the server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTDESK_")}
    # The bundled policy, as in process, and no scheduler passes competing for the CPU.
    env["TRUSTDESK_SCHEDULER_ENABLED"] = "false"
    env["TRUSTDESK_DATABASE_URL"] = database_url
    return env


def _cli(args: Sequence[str], env: dict[str, str]) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "trustdesk", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"trustdesk {' '.join(args[:2])} failed: {completed.stderr.strip()[-500:]}"
        )
    return completed.stdout


def create_token(database_url: str) -> str:
    """A user and an API token in a fresh database (the command prints the token last)."""
    env = _server_env(database_url)
    _cli(
        ["users", "create", USERNAME, "--role", "agent"],
        {**env, "TRUSTDESK_NEW_PASSWORD": PASSWORD},
    )
    output = _cli(["tokens", "create", USERNAME, "--name", "load"], env)
    return output.strip().splitlines()[-1].strip()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str


@contextmanager
def serving(database_url: str, workers: int, log: Path) -> Iterator[Server]:
    """`trustdesk serve` in a session of its own, stopped (its whole process group) on exit."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "trustdesk", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers)]
    with log.open("wb") as sink:
        # Its own session: Ctrl-C reaches only this script, which then stops the server in
        # order, and the workers can be found through the process group.
        process = subprocess.Popen(
            command,
            env=_server_env(database_url),
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_ready(process, url, log)
        yield Server(process, url)
    finally:
        _stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the server exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz within {SERVER_START_TIMEOUT_S} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
    # A worker that outlived its supervisor is still in the supervisor's process group.
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


# --- CPU accounting (from Linux's /proc; None elsewhere) ----------------------------------


@dataclass(frozen=True)
class CpuSnapshot:
    server: dict[int, float] | None  # CPU seconds of each process in the server's tree
    own_s: float  # this process and its finished children (the load generator)
    machine_busy_s: float | None  # every CPU, since boot
    machine_total_s: float | None


def _tree_cpu_seconds(root: int) -> dict[int, float] | None:
    """User and system CPU seconds of `root` and of each of its descendants."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    seconds: dict[int, float] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The fields after the command name, which is in parentheses and may hold spaces.
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        seconds[pid] = (int(fields[11]) + int(fields[12])) / ticks
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return {pid: seconds[pid] for pid in tree if pid in seconds}


def _machine_seconds() -> tuple[float, float] | tuple[None, None]:
    """Busy and total CPU seconds of all CPUs since boot, from /proc/stat."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None, None
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    ticks = os.sysconf("SC_CLK_TCK")
    busy = user + nice + system + irq + softirq
    return busy / ticks, (busy + idle + iowait + steal) / ticks


def cpu_snapshot(server_pid: int) -> CpuSnapshot:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy, total = _machine_seconds()
    return CpuSnapshot(
        server=_tree_cpu_seconds(server_pid),
        own_s=own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        machine_busy_s=busy,
        machine_total_s=total,
    )


def _cpu_used(
    before: dict[int, float] | None, after: dict[int, float] | None
) -> dict[int, float] | None:
    """CPU seconds each process used between two readings (processes that exited are lost)."""
    if before is None or after is None:
        return None
    return {pid: seconds - before.get(pid, 0.0) for pid, seconds in after.items()}


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# --- load generation ----------------------------------------------------------------------


@dataclass(frozen=True)
class LoadGenerator:
    kind: str  # "wrk" or "python"
    description: str

    def command(
        self,
        url: str,
        method: str,
        token: str | None,
        bodies: Sequence[Path],
        connections: int,
        threads: int,
        seconds: float,
    ) -> list[str]:
        if self.kind == "wrk":
            return [
                "wrk",
                f"--threads={min(threads, connections)}",
                f"--connections={connections}",
                f"--duration={max(1, round(seconds))}s",
                f"--timeout={REQUEST_TIMEOUT_S}s",
                "--latency",
                f"--script={bench_dir() / 'api_load.lua'}",
                url,
                "--",
                method,
                token or "-",
                *map(str, bodies),
            ]
        command = [sys.executable, str(bench_dir() / "loadgen.py"), url, *map(str, bodies)]
        command += [f"--method={method}", f"--connections={connections}"]
        command += [f"--duration={seconds}", f"--timeout={REQUEST_TIMEOUT_S}"]
        return command + ([f"--token={token}"] if token else [])


def load_generator(choice: str) -> LoadGenerator:
    found = shutil.which("wrk")
    if choice == "wrk" and found is None:
        raise SystemExit("wrk is not installed (on Debian: apt-get install wrk)")
    if found is not None and choice != "python":
        probe = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
        version = (probe.stdout + probe.stderr).strip().splitlines()[0]
        return LoadGenerator("wrk", re.sub(r"\s*Copyright.*", "", version).strip())
    why = "chosen with --loadgen python" if choice == "python" else "wrk is not installed"
    return LoadGenerator("python", f"loadgen.py, Python asyncio + httpx ({why})")


def _run_load(command: Sequence[str], think_ms: float = 0) -> dict[str, Any]:
    env = {**os.environ, "TRUSTDESK_BENCH_THINK_MS": f"{think_ms:g}"}
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    for line in completed.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            figures: dict[str, Any] = json.loads(line.removeprefix("WRK_JSON "))
            return figures
    raise RuntimeError(
        f"{command[0]} exited with {completed.returncode} and no figures:\n"
        f"{(completed.stdout + completed.stderr).strip()[-2000:]}"
    )


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    method: str
    connections: int
    bodies: Sequence[Path] = ()
    token: str | None = None
    target: str = ""
    note: str = ""
    # Each client's pause between an answer and its next request (0: closed loop, no pause).
    think_ms: float = 0


def measure(
    generator: LoadGenerator,
    server: Server,
    scenario: Scenario,
    *,
    workers: int,
    threads: int,
    seconds: float,
) -> Row:
    def command(duration: float) -> list[str]:
        return generator.command(
            server.url + scenario.path,
            scenario.method,
            scenario.token,
            scenario.bodies,
            scenario.connections,
            threads,
            duration,
        )

    # Not measured: each worker loads its checks and models on its first request.
    _run_load(command(WARMUP_SECONDS), scenario.think_ms)
    load_before = _loadavg()
    before = cpu_snapshot(server.process.pid)
    figures = _run_load(command(seconds), scenario.think_ms)
    after = cpu_snapshot(server.process.pid)

    requests = int(figures["requests"])
    socket_errors = sum(
        int(figures[k]) for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    used = _cpu_used(before.server, after.server)
    server_s = sum(used.values()) if used is not None else None
    own_s = after.own_s - before.own_s
    others = None
    if after.machine_busy_s is not None and before.machine_busy_s is not None:
        span = (after.machine_total_s or 0.0) - (before.machine_total_s or 0.0)
        busy = after.machine_busy_s - before.machine_busy_s
        if span > 0 and server_s is not None:
            # What neither the server nor this benchmark used: a shared machine's noise.
            others = max(0.0, busy - server_s - own_s) / span
    notes = [scenario.note] if scenario.note else []
    busiest = None
    if workers > 1 and used and server_s:
        # uvicorn's workers share one listening socket: a worker that wakes first may accept
        # every keep-alive connection, leaving the others idle.
        workers_s = [v for pid, v in used.items() if pid != server.process.pid]
        busiest = max(workers_s, default=0.0) / server_s
        notes.append(f"busiest worker used {100 * busiest:.0f}% of the server's CPU")
    notes.append(f"load generator {1000 * own_s / max(1, requests):.2f} ms CPU/req")
    if others is not None:
        notes.append(f"other processes {100 * others:.0f}% of the CPUs")
    rate = requests / figures["duration_s"] if figures["duration_s"] else 0.0
    if scenario.target and scenario.connections > 1 and not scenario.think_ms:
        notes.append(f"mean = {scenario.connections} clients ÷ throughput (Little's law)")
    return Row(
        f"{workers} worker" + ("s" if workers > 1 else ""),
        scenario.name,
        rate=rate,
        rate_unit="req/s",
        latency_of="request",
        mean_ms=figures["mean_ms"],
        p50_ms=figures["p50_ms"],
        p95_ms=figures["p95_ms"],
        p99_ms=figures["p99_ms"],
        target=scenario.target,
        note="; ".join(notes),
        extra={
            "workers": workers,
            "connections": scenario.connections,
            "requests": requests,
            "seconds": figures["duration_s"],
            "p90_ms": figures["p90_ms"],
            "p999_ms": figures["p999_ms"],
            "max_ms": figures["max_ms"],
            "errors": int(figures["non2xx"]) + socket_errors,
            "non2xx": int(figures["non2xx"]),
            "socket_errors": socket_errors,
            "cpu_ms_per_request": 1000 * server_s / requests if server_s and requests else None,
            "load_generator_cpu_s": own_s,
            "other_processes_cpu_share": others,
            "busiest_worker_cpu_share": busiest,
            "loadavg_before": load_before,
            "target_met": figures["p99_ms"] < TARGET_P99_MS if scenario.target else None,
        },
    )


# --- the table ----------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.0f} µs" if value < 1 else f"{value:.2f} ms"


def render(rows: Sequence[Row], caption: str) -> Table:
    table = Table(title="trustdesk API under load", caption=caption, caption_justify="left")
    for name, justify in [
        ("where", "left"),
        ("scenario", "left"),
        ("clients", "right"),
        ("throughput", "right"),
        ("p50", "right"),
        ("p90", "right"),
        ("p99", "right"),
        ("errors", "right"),
        ("CPU/req", "right"),
        ("target", "left"),
        ("notes", "left"),
    ]:
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    previous = ""
    for row in rows:
        if row.section != previous and previous:
            table.add_section()
        met = row.extra.get("target_met")
        table.add_row(
            row.section if row.section != previous else "",
            row.workload,
            str(row.extra["connections"]),
            f"{row.rate:,.0f} {row.rate_unit}" if row.rate is not None else "",
            _ms(row.p50_ms),
            _ms(row.extra["p90_ms"]),
            _ms(row.p99_ms),
            str(row.extra["errors"]),
            _ms(row.extra["cpu_ms_per_request"]),
            row.target + ("" if met is None else (" met" if met else " MISSED")),
            row.note,
        )
        previous = row.section
    return table


# --- main ---------------------------------------------------------------------------------


def _stop_on_sigterm() -> None:
    # SIGTERM unwinds like Ctrl-C, so the `finally` blocks stop the servers and delete files.
    def handler(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def run(
    args: argparse.Namespace, bodies: Sequence[bytes], generator: LoadGenerator, console: Console
) -> list[Row]:
    console.log("in process: check_reply on the same bodies")
    rows = [
        check_in_process(bodies, args.calls, remembered=False),
        check_in_process(bodies, args.calls, remembered=True),
    ]
    with tempfile.TemporaryDirectory(prefix="trustdesk-api-load-") as scratch:
        folder = Path(scratch)
        database_url = f"sqlite:///{folder / 'desk.db'}"
        body_files = [folder / f"body-{i}.json" for i in range(len(bodies))]
        for path, body in zip(body_files, bodies, strict=True):
            path.write_bytes(body)
        token = create_token(database_url)
        console.log("in process: the token lookup")
        rows.extend(auth_in_process(database_url, token, args.calls))
        console.log("in process: POST /v1/check through the app")
        rows.append(app_in_process(database_url, token, bodies, args.calls))

        check = f"POST /v1/check, {args.conversations} conversations"
        target = f"p99 < {TARGET_P99_MS:.0f} ms"
        health = Scenario(
            "GET /healthz",
            "/healthz",
            "GET",
            args.connections,
            note="no auth; one SELECT 1 per call",
        )
        alone = Scenario(check, "/v1/check", "POST", 1, body_files, token)
        loaded = Scenario(check, "/v1/check", "POST", args.connections, body_files, token, target)
        paced = [
            Scenario(
                f"{check}, {think:.0f} ms think time",
                "/v1/check",
                "POST",
                args.connections,
                body_files,
                token,
                target,
                note=f"each client pauses {think:.0f} ms between an answer and its next request",
                think_ms=think,
            )
            for think in THINK_TIMES_MS
        ]
        plan = [(1, [health, alone, loaded]), (2, [health, loaded, *paced])]
        for workers, scenarios in plan:
            console.log(f"starting the server with {workers} worker(s)")
            with serving(database_url, workers, folder / f"server-{workers}.log") as server:
                for scenario in scenarios:
                    console.log(
                        f"{scenario.name}, {scenario.connections} client(s), {args.duration:.0f} s"
                    )
                    rows.append(
                        measure(
                            generator,
                            server,
                            scenario,
                            workers=workers,
                            threads=args.threads,
                            seconds=args.duration,
                        )
                    )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    _stop_on_sigterm()
    console = Console(stderr=True)
    generator = load_generator(args.loadgen)
    machine = machine_info()
    loadavg_start = _loadavg()
    started = time.monotonic()
    bodies, words = request_bodies(args.seed, args.drafts, args.conversations)
    try:
        rows = run(args, bodies, generator, console)
    except KeyboardInterrupt:
        print("interrupted: the servers are stopped and the database removed", file=sys.stderr)
        return 130
    history_messages = len(reply_history(args.seed)["messages"])

    caption = (
        f"{machine['cpu']}, {machine['cpus_online']} CPUs, shared by the server and the load "
        f"generator; {machine['python']} on {machine['platform']}. Load: "
        f"{generator.description}, {args.threads} threads, closed loop over loopback, "
        f"{args.duration:.0f} s per scenario after {WARMUP_SECONDS:.0f} s of warm-up. Bodies: "
        f"{args.conversations} {history_messages}-message histories, each sent whole with "
        f"each draft; {args.drafts} {words:.0f}-word drafts, each request's made unique by a "
        "case number. Server: trustdesk serve (uvicorn), SQLite, scheduler off. Errors: "
        "non-2xx responses and socket errors. CPU/req: the server's (in process: this "
        f"process's) CPU time per request. Load average {loadavg_start} at the start, "
        f"{_loadavg()} at the end."
    )
    Console(width=220).print(render(rows, escape(caption)))
    write_figures(
        args.out,
        rows,
        machine=machine,
        loadavg_start=loadavg_start,
        loadavg_end=_loadavg(),
        wall_seconds=time.monotonic() - started,
        load_generator=generator.description,
        settings={
            "duration_s": args.duration,
            "connections": args.connections,
            "threads": args.threads,
            "drafts": args.drafts,
            "conversations": args.conversations,
            "history_messages": history_messages,
            "draft_words": words,
            "seed": args.seed,
            "warmup_s": WARMUP_SECONDS,
            "in_process_calls": args.calls,
        },
        target_p99_ms=TARGET_P99_MS,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
