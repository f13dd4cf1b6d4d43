"""POST /v1/check: the stateless pre-send check a bot or another helpdesk calls."""

from __future__ import annotations

import time

from fastapi import APIRouter

from trustdesk.api.deps import ActorDep, DeskDep, MetricsDep
from trustdesk.api.schemas import CheckRequest, CheckResponse
from trustdesk.desk.roles import Permission

router = APIRouter(prefix="/v1", tags=["check"])


@router.post("/check", response_model=CheckResponse)
def check(body: CheckRequest, desk: DeskDep, actor: ActorDep, metrics: MetricsDep) -> CheckResponse:
    """Allow, warn or block a draft reply, with the findings, their evidence and fixes."""
    actor.require(Permission.READ)
    started = time.perf_counter()
    verdict = desk.engine.check_reply(
        body.conversation,
        body.draft,
        now=body.now or desk.now(),
        role=body.role,
        author=body.author,
    )
    metrics.observe("check", verdict.decision.value, (f.check for f in verdict.findings), started)
    return CheckResponse.model_validate(
        {**verdict.to_dict(), "policy_revision": desk.policy.revision}
    )
