"""Running the app on several processes, with the kernel spreading connections among them.

uvicorn's own `--workers` share one listening socket, and whichever process is quickest to
accept takes the connections; a client keeps its connection alive, so one worker can end up
serving all of them while the others idle (measured: one of two workers used 99 % of the CPU
under 50 keep-alive clients). Here each worker binds its own socket with SO_REUSEPORT and
the kernel hashes each new connection to one of them. Where SO_REUSEPORT does not exist,
uvicorn's workers are used instead.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import tempfile
import time
from types import FrameType

import uvicorn

from trustdesk.api.metrics import MULTIPROCESS_DIR

APP = "trustdesk.api.server:app"
# A worker that dies sooner than this after starting is not restarted (it would only die again).
MIN_LIFETIME_S = 5.0

log = logging.getLogger("trustdesk.serve")


def serve(host: str, port: int, workers: int) -> None:
    """Serve the app on `workers` processes until interrupted."""
    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, access_log=False)
        return
    context = multiprocessing.get_context("spawn")
    # Metrics from every worker, summed at each scrape (see api/metrics.py). Spawned workers
    # import prometheus_client afresh, after this is set.
    metrics_dir = tempfile.TemporaryDirectory(prefix="trustdesk-metrics-")
    os.environ.setdefault(MULTIPROCESS_DIR, metrics_dir.name)
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    running = {index: _start(context, host, port) for index in range(workers)}
    try:
        while not stopping:
            time.sleep(0.2)
            for index, (process, started) in list(running.items()):
                if process.is_alive() or stopping:
                    continue
                if time.monotonic() - started < MIN_LIFETIME_S:
                    raise SystemExit(f"a server process exited at start (code {process.exitcode})")
                log.warning(
                    "server process %s exited (%s); starting another", index, process.exitcode
                )
                running[index] = _start(context, host, port)
    finally:
        for process, _ in running.values():
            if process.is_alive():
                process.terminate()  # uvicorn shuts down gracefully on SIGTERM
        for process, _ in running.values():
            process.join(timeout=30)
        metrics_dir.cleanup()


def _start(
    context: multiprocessing.context.SpawnContext, host: str, port: int
) -> tuple[multiprocessing.process.BaseProcess, float]:
    process = context.Process(target=_worker, args=(host, port), daemon=False)
    process.start()
    return process, time.monotonic()


def _worker(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    listener.listen(2048)
    config = uvicorn.Config(APP, factory=True, host=host, port=port, access_log=False)
    uvicorn.Server(config).run(sockets=[listener])
