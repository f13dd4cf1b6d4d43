"""POST /v1/guard: a bot's serving path asks what it may send (allow, revise or block).

The same limits and lanes as POST /v1/check (routes/check.py): a body over
TRUSTDESK_MAX_REQUEST_BYTES is refused before it is read, a conversation or draft over the
limits with 413 before any work; a body over LARGE_REQUEST_BYTES is judged by a worker process
of its own, so the small requests beside it do not wait; a small one's conversation is
validated in the worker thread that judges it. Checks not started within
TRUSTDESK_CHECK_BUDGET seconds make the answer block: a bot must not send what was not fully
checked.
"""

from __future__ import annotations

import time
from functools import partial

import anyio
from fastapi import APIRouter, Request

from trustdesk.api.deps import ActorDep, desk_of, metrics_of
from trustdesk.api.large_checks import LARGE_REQUEST_BYTES
from trustdesk.api.metrics import Metrics
from trustdesk.api.routes.check import StatedLarge, admitted_conversation, judged_in_worker
from trustdesk.api.schemas import ErrorResponse, GuardRequest, GuardResponse
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Permission
from trustdesk.engine import GuardResult

router = APIRouter(prefix="/v1", tags=["check"])


async def guard_large(request: Request, actor: ActorDep) -> GuardResponse:
    """POST /v1/guard with a large body (the same operation; not listed apart)."""
    actor.require(Permission.READ)
    started = time.perf_counter()
    raw = await request.body()
    return await _in_worker(request, raw, desk_of(request), metrics_of(request), started)


# Before the documented route, which it lets through unless the body is stated to be large.
router.add_api_route(
    "/guard",
    guard_large,
    methods=["POST"],
    response_model=GuardResponse,
    include_in_schema=False,
    route_class_override=StatedLarge,
    name="guard_large",
)


@router.post(
    "/guard",
    response_model=GuardResponse,
    responses={
        503: {
            "model": ErrorResponse,
            "description": "A large request still running at three times "
            "TRUSTDESK_CHECK_BUDGET was stopped (over_budget)",
        }
    },
)
async def guard(body: GuardRequest, request: Request, actor: ActorDep) -> GuardResponse:
    """What a bot may send: its draft (allow), the draft with mechanical fixes, checked again
    (revise), or nothing (block: hand over to a person), with the findings on the draft."""
    actor.require(Permission.READ)
    started = time.perf_counter()
    # Looked up, not taken as dependencies: see routes/check.py.
    desk, metrics = desk_of(request), metrics_of(request)
    raw = await request.body()  # already read: FastAPI parsed it
    if len(raw) > LARGE_REQUEST_BYTES:
        # Large but sent without a Content-Length (chunked): judged in a worker all the same.
        return await _in_worker(request, raw, desk, metrics, started)
    deadline = time.monotonic() + desk.settings.check_budget
    judge = partial(_guard, desk, body, deadline)
    limiter: anyio.CapacityLimiter = request.app.state.check_limiter
    result = await anyio.to_thread.run_sync(judge, limiter=limiter)
    metrics.observe("guard", result.decision.value, (f.check for f in result.findings), started)
    return GuardResponse.model_validate(
        {**result.to_dict(), "policy_revision": desk.policy.revision}
    )


async def _in_worker(
    request: Request, raw: bytes, desk: Desk, metrics: Metrics, started: float
) -> GuardResponse:
    revision = desk.policy.revision
    answer = await judged_in_worker(request, raw, desk, guard=True)
    checks = (str(f["check"]) for f in answer["findings"])
    metrics.observe("guard", str(answer["decision"]), checks, started)
    return GuardResponse.model_validate({**answer, "policy_revision": revision})


def _guard(desk: Desk, body: GuardRequest, deadline: float) -> GuardResult:
    return desk.engine.guard(
        admitted_conversation(desk, body.conversation, body.draft),
        body.draft,
        now=body.now or desk.now(),
        role=body.role,
        author=body.author,
        deadline=deadline,
    )
