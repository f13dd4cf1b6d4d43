"""Auditing a stream of conversations on several cores, in input order, in bounded memory.

Each worker process builds its own engine once; conversations travel to it in batches, and at
most a few batches per worker are in flight, so a file of any size is audited in constant
memory. Results come back in the order the conversations were read, so the output of an audit
does not depend on how many workers ran it.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from itertools import islice

from trustdesk.engine.calibration import Calibration
from trustdesk.engine.core import Engine
from trustdesk.engine.limits import Limits
from trustdesk.errors import TrustdeskError
from trustdesk.model import Audit, Conversation
from trustdesk.policy.schema import Policy

BATCH = 64
IN_FLIGHT_PER_WORKER = 3

_worker_engine: Engine | None = None


def _start_worker(policy: Policy, limits: Limits, calibration: Calibration) -> None:
    global _worker_engine
    _worker_engine = Engine(policy, limits=limits, calibration=calibration)


def _audit_batch(batch: list[Conversation], now: datetime | None) -> list[Audit]:
    assert _worker_engine is not None, "worker started without an engine"
    return [_worker_engine.audit(conversation, now=now, remember=False) for conversation in batch]


def audit_stream(
    conversations: Iterable[Conversation],
    *,
    engine: Engine,
    now: datetime | None = None,
    workers: int = 1,
) -> Iterator[tuple[Conversation, Audit]]:
    """Each conversation with its audit, in input order, using `workers` processes.

    With one worker everything runs in `engine`, in this process. Each worker process builds
    its own engine from `engine.policy`, `engine.limits`, `engine.calibration` and the
    registered checks; they are spawned fresh (not forked), so they do not inherit the
    caller's threads, such as a progress display.
    """
    if workers <= 1:
        for conversation in conversations:
            yield conversation, engine.audit(conversation, now=now, remember=False)
        return
    batches = _batched(iter(conversations), BATCH)
    pending: deque[tuple[list[Conversation], Future[list[Audit]]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(engine.policy, engine.limits, engine.calibration),
    ) as pool:
        for batch in batches:
            pending.append((batch, pool.submit(_audit_batch, batch, now)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from _results(*pending.popleft())
        while pending:
            yield from _results(*pending.popleft())


def _results(
    batch: list[Conversation], future: Future[list[Audit]]
) -> Iterator[tuple[Conversation, Audit]]:
    try:
        audits = future.result()
    except BrokenProcessPool:
        raise TrustdeskError(
            "a worker process stopped unexpectedly (out of memory?); run again with fewer --workers"
        ) from None
    yield from zip(batch, audits, strict=True)


def _batched(items: Iterator[Conversation], size: int) -> Iterator[list[Conversation]]:
    while batch := list(islice(items, size)):
        yield batch
