"""Auditing a stream on several processes: same results in the same order as one process, and
a worker that dies is one clear error, not a traceback."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

from trustdesk.engine import Engine
from trustdesk.engine.batch import BATCH, _results, audit_stream
from trustdesk.errors import TrustdeskError
from trustdesk.model import Audit, Conversation
from trustdesk.samples import load_samples


@pytest.mark.slow  # a pool of worker processes, each importing trustdesk afresh
def test_workers_give_the_results_of_one_process_in_input_order() -> None:
    engine = Engine()
    # More than two batches, so results from different workers must be put back in order.
    conversations = [Conversation.parse(c) for c in load_samples()] * 3
    assert len(conversations) > 2 * BATCH
    alone = list(audit_stream(conversations, engine=engine))
    spread = list(audit_stream(conversations, engine=engine, workers=2))
    assert [c.id for c, _ in spread] == [c.id for c in conversations]
    assert [a for _, a in spread] == [a for _, a in alone]
    assert alone[0][1] == engine.audit(conversations[0])


def test_a_worker_that_dies_is_a_clear_error() -> None:
    broken: Future[list[Audit]] = Future()
    broken.set_exception(BrokenProcessPool("terminated"))
    with pytest.raises(TrustdeskError, match="fewer --workers"):
        list(_results([], broken))
