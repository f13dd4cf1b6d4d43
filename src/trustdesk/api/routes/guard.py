"""POST /v1/guard: a bot's serving path asks what it may send (allow, revise or block).

The same limits as POST /v1/check bound a request's work (body bytes before it is read,
messages and characters with 413 before any work); the conversation is validated in the
worker thread that judges it; checks not started within TRUSTDESK_CHECK_BUDGET seconds make
the answer block (a bot must not send what was not fully checked). A guard request is always
judged in the server's process: a bot's history is short, and the limits bound it.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter, Request

from trustdesk.api.deps import ActorDep, DeskDep, MetricsDep
from trustdesk.api.routes.check import validated_conversation
from trustdesk.api.schemas import GuardRequest, GuardResponse
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Permission
from trustdesk.engine import GuardResult

router = APIRouter(prefix="/v1", tags=["check"])


@router.post("/guard", response_model=GuardResponse)
async def guard(
    body: GuardRequest, request: Request, desk: DeskDep, actor: ActorDep, metrics: MetricsDep
) -> GuardResponse:
    """What a bot may send: its draft (allow), the draft with mechanical fixes, checked again
    (revise), or nothing (block: hand over to a person), with the findings on the draft."""
    actor.require(Permission.READ)
    started = time.perf_counter()
    deadline = time.monotonic() + desk.settings.check_budget
    judge = partial(_guard, desk, body, deadline)
    limiter: anyio.CapacityLimiter = request.app.state.check_limiter
    result = await anyio.to_thread.run_sync(judge, limiter=limiter)
    metrics.observe("guard", result.decision.value, (f.check for f in result.findings), started)
    return GuardResponse.model_validate(
        {**result.to_dict(), "policy_revision": desk.policy.revision}
    )


def _guard(desk: Desk, body: GuardRequest, deadline: float) -> GuardResult:
    engine = desk.engine
    conversation: Any = body.conversation
    # Counted before it is validated: a conversation over the limits costs nothing more.
    if isinstance(conversation, dict):
        engine.limits.check_conversation(conversation)
    engine.limits.check_draft(body.draft)
    return engine.guard(
        validated_conversation(conversation),
        body.draft,
        now=body.now or desk.now(),
        role=body.role,
        author=body.author,
        deadline=deadline,
    )
