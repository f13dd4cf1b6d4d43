"""POST /v1/check: the stateless pre-send check a bot or another helpdesk calls."""

from __future__ import annotations

import time
from functools import partial

import anyio
from fastapi import APIRouter, Request

from trustdesk.api.deps import ActorDep, DeskDep, MetricsDep
from trustdesk.api.schemas import CheckRequest, CheckResponse
from trustdesk.desk.roles import Permission

router = APIRouter(prefix="/v1", tags=["check"])


@router.post("/check", response_model=CheckResponse)
async def check(
    body: CheckRequest, request: Request, desk: DeskDep, actor: ActorDep, metrics: MetricsDep
) -> CheckResponse:
    """Allow, warn or block a draft reply, with the findings, their evidence and fixes."""
    actor.require(Permission.READ)
    started = time.perf_counter()
    judge = partial(
        desk.engine.check_reply,
        body.conversation,
        body.draft,
        now=body.now or desk.now(),
        role=body.role,
        author=body.author,
    )
    # The check is pure Python: threads would only fight over the interpreter lock, so each
    # server process runs CHECK_CONCURRENCY checks at a time and queues the rest, and more
    # throughput comes from more processes (`trustdesk serve --workers`).
    verdict = await anyio.to_thread.run_sync(judge, limiter=request.app.state.check_limiter)
    metrics.observe("check", verdict.decision.value, (f.check for f in verdict.findings), started)
    return CheckResponse.model_validate(
        {**verdict.to_dict(), "policy_revision": desk.policy.revision}
    )
