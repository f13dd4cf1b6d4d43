"""Large pre-send checks, judged in processes of their own so small checks never wait for them.

A check is pure Python. Judged in the server's process, a large one (2,000 messages, or a
message of 200,000 characters: up to a second of work) holds the interpreter lock that every
other request of that process needs, and small checks beside it were delayed by a few hundred
milliseconds whatever lane or thread they ran in. So the body of a large POST /v1/check is
handed over as bytes, unparsed, to a worker process, which parses the JSON, counts the
conversation against the limits, validates it and judges the draft. The server's process only
reads the bytes and waits on a pipe, and its small checks go on at their usual speed.

Each worker is a process with a pipe of its own rather than a ProcessPoolExecutor: an executor
cannot stop one task, and stopping its process breaks the executor and every task in it.
Here a check still running `STOP_AFTER` times the budget after the worker took it is stopped:
its process is killed and another started in its place, and the request answers 503
over_budget. The budget itself (checks not started within it are skipped, and the verdict
lists them) counts from when the worker starts the check, not from its wait for a worker.
Workers start with the first large check, or at once with `warm` (as `trustdesk serve` does),
and build their engine from the policy in force, again whenever it changes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from typing import Any

import anyio
from pydantic import ValidationError

from trustdesk.api.schemas import CheckRequest, GuardRequest
from trustdesk.engine import Engine
from trustdesk.errors import InputError, OverBudgetError, TooLargeError
from trustdesk.model import Conversation

log = logging.getLogger("trustdesk.api")

# A request body over this many bytes is judged by a worker process: it holds a long history
# or a long message. Small checks (a few KiB) stay in the server's process, where handing them
# over would cost more than judging them.
LARGE_REQUEST_BYTES = 64 * 1024
# Worker processes per server process: large checks one server process judges at once.
WORKERS = 1
# A check still running this many times the budget after its worker took it is stopped.
STOP_AFTER = 3.0
# Longest wait for a new worker to import trustdesk and build its engine.
START_TIMEOUT_S = 120.0


# Judged once by a new engine, so what loads on first use is loaded before any real check.
WARM_UP: dict[str, Any] = {
    "id": "warm-up",
    "messages": [
        {"id": "m1", "role": "customer", "text": "Hi, where is my order? I'm really upset."}
    ],
}


@dataclass(frozen=True, slots=True)
class LargeCheck:
    """One POST /v1/check as the worker receives it: the body as sent, and what the desk adds."""

    body: bytes
    content_type: str | None
    # The desk's clock, for a request without `now`.
    now: datetime
    budget: float
    # A POST /v1/guard body (allow, revise or block) rather than a POST /v1/check one.
    guard: bool = False


# What a worker answers: ("verdict", Verdict.to_dict(), or GuardResult.to_dict() for a guard),
# ("invalid", [errors as FastAPI gives them]), ("too_large" | "input", reason, field),
# ("unreadable",) for a body that is not UTF-8, or ("error", description) on a bug.
Outcome = tuple[Any, ...]
Judge = Callable[[Engine, LargeCheck], Outcome]


def judge(engine: Engine, check: LargeCheck) -> Outcome:
    """Judge one large check in a worker, as POST /v1/check (or /v1/guard) judges a small one."""
    deadline = time.monotonic() + check.budget
    data: Any = check.body
    if _is_json(check.content_type):
        try:
            data = json.loads(check.body)
        except json.JSONDecodeError as exc:  # answered as FastAPI answers a body it cannot parse
            error = {"type": "json_invalid", "loc": ("body", exc.pos), "msg": "JSON decode error"}
            return ("invalid", [error])
        except UnicodeDecodeError:
            return ("unreadable",)
    try:
        request = (GuardRequest if check.guard else CheckRequest).model_validate(data)
    except ValidationError as exc:
        return ("invalid", _errors(exc, ("body",)))
    conversation: Any = request.conversation
    try:
        # Counted before it is validated: a conversation over the limits costs nothing more.
        if isinstance(conversation, dict):
            engine.limits.check_conversation(conversation)
        engine.limits.check_draft(request.draft)
        try:
            history = Conversation.model_validate(conversation)
        except ValidationError as exc:
            return ("invalid", _errors(exc, ("body", "conversation")))
        judged = engine.guard if check.guard else engine.check_reply
        answer = judged(
            history,
            request.draft,
            now=request.now or check.now,
            role=request.role,
            author=request.author,
            deadline=deadline,
        )
    except TooLargeError as exc:
        return ("too_large", exc.reason, exc.field)
    except InputError as exc:
        return ("input", exc.reason, exc.field)
    return ("verdict", answer.to_dict())


def _is_json(content_type: str | None) -> bool:
    # As FastAPI decides whether to parse a body as JSON: no type, or application/json or +json.
    if not content_type:
        return True
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


def _errors(exc: ValidationError, prefix: tuple[str, ...]) -> list[dict[str, Any]]:
    # Only what the API's error shape uses: the input (a whole conversation) stays behind.
    return [{"type": e["type"], "loc": (*prefix, *e["loc"]), "msg": e["msg"]} for e in exc.errors()]


def _serve(conn: Connection, run: Judge) -> None:
    """A worker's loop: build an engine when told, judge checks, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    engine: Engine | None = None
    conn.send(("ready",))
    while True:
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            return
        if kind == "engine":
            policy, limits = payload
            engine = Engine(policy, limits=limits)
            # Word lists and models load on first use: once here, not within a check's budget.
            engine.check_reply(WARM_UP, "Sorry for the wait: it ships today, tracking by e-mail.")
            conn.send(("ready",))
            continue
        assert engine is not None, "a check before an engine"
        try:
            outcome = run(engine, payload)
        except Exception as exc:  # a bug: the server logs it and answers 500
            outcome = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(outcome)


class _StoppedError(Exception):
    """The worker did not answer in time and was stopped."""


class _LostError(Exception):
    """The worker's process ended without answering."""


class _Worker:
    def __init__(self, run: Judge) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, theirs = context.Pipe()
        # Daemonic: it ends with the server's process however that ends.
        self.process = context.Process(target=_serve, args=(theirs, run), daemon=True)
        self.process.start()
        theirs.close()
        self.engine: Engine | None = None  # the engine whose policy it judges with
        self.ready = False
        # One exchange on the pipe at a time (a warm-up may still be under way).
        self.lock = threading.Lock()

    def _wait_ready(self) -> None:
        if not self.conn.poll(START_TIMEOUT_S):
            raise _LostError("the worker did not start")
        try:
            self.conn.recv()
        except (EOFError, OSError):
            raise _LostError("the worker ended while starting") from None

    def prepare(self, engine: Engine) -> None:
        """Started, with an engine for `engine`'s policy and limits (not timed: no check yet)."""
        with self.lock:
            self._prepare(engine)

    def _prepare(self, engine: Engine) -> None:
        if not self.ready:
            self._wait_ready()
            self.ready = True
        if self.engine is not engine:
            self.conn.send(("engine", (engine.policy, engine.limits)))
            self._wait_ready()
            self.engine = engine

    def exchange(self, engine: Engine, check: LargeCheck, stop_after: float) -> Outcome:
        with self.lock:
            self._prepare(engine)
            self.conn.send(("check", check))
            if not self.conn.poll(stop_after):
                raise _StoppedError
            try:
                outcome: Outcome = self.conn.recv()
            except (EOFError, OSError):
                raise _LostError("the worker ended while judging") from None
            return outcome

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)


class LargeChecks:
    """The worker processes of one server process, and what they did (for tests and metrics:
    which lane judged a check is counted, never timed)."""

    def __init__(self, workers: int = WORKERS, run: Judge = judge) -> None:
        self.run_check = run
        self.size = workers
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None
        self.judged = 0  # checks a worker answered
        self.stopped = 0  # checks stopped past STOP_AFTER times their budget
        self.started = 0  # worker processes started

    def _start(self) -> _Worker:
        worker = _Worker(self.run_check)
        with self._lock:
            self.started += 1
            self._workers.add(worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()

    def warm(self, engine: Engine) -> None:
        """Start the missing workers now; they build their engines in the background."""
        with self._lock:
            missing = self.size - len(self._workers)
        for _ in range(missing):
            worker = self._start()
            with self._lock:
                self._idle.append(worker)
            threading.Thread(target=self._warm_up, args=(worker, engine), daemon=True).start()

    def _warm_up(self, worker: _Worker, engine: Engine) -> None:
        # A worker that fails to start is found dead when next taken, and replaced then.
        with contextlib.suppress(_LostError, OSError):
            worker.prepare(engine)

    async def judge(self, engine: Engine, check: LargeCheck) -> Outcome:
        """Judge `check` in a worker with `engine`'s policy and limits; OverBudgetError when
        it was stopped for running too long."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.size)
        async with self._limiter:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None or not worker.process.is_alive():
                if worker is not None:
                    self._stop(worker)
                worker = await anyio.to_thread.run_sync(self._start)
            stop_after = STOP_AFTER * check.budget
            try:
                outcome = await anyio.to_thread.run_sync(worker.exchange, engine, check, stop_after)
            except _StoppedError:
                self._stop(worker)
                with self._lock:
                    self.stopped += 1
                self.warm(engine)  # a fresh worker in its place, ready for the next check
                raise OverBudgetError(
                    f"the check did not finish within {stop_after:g} s (three times "
                    "TRUSTDESK_CHECK_BUDGET) and was stopped; send a shorter conversation"
                ) from None
            except (_LostError, OSError) as lost:
                self._stop(worker)
                raise RuntimeError(f"large check: {lost}") from None
            with self._lock:
                self._idle.append(worker)
                self.judged += 1
        if outcome[0] == "error":
            raise RuntimeError(f"large check failed in its worker: {outcome[1]}")
        return outcome

    def close(self) -> None:
        with self._lock:
            workers, self._workers, self._idle = list(self._workers), set(), []
        for worker in workers:
            worker.stop()
