"""The desk (or any ASGI app) served by uvicorn on a free loopback port, in a thread, for a
real browser or a real HTTP client."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

from trustdesk.api.app import create_app
from trustdesk.desk.desk import Desk


@contextmanager
def serving(desk: Desk) -> Iterator[str]:
    """Serve `desk` (its clock included) until the block ends; yields the base URL."""
    with serving_app(create_app(desk=desk, scheduler=False)) as url:
        yield url


@contextmanager
def serving_app(app: ASGIApp) -> Iterator[str]:
    """Serve `app` until the block ends; yields the base URL."""
    # The server takes a socket already bound to a port the system chose, so two test
    # processes can never race for the same port.
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port: int = listening.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()
