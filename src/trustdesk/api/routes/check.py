"""POST /v1/check: the stateless pre-send check a bot or another helpdesk calls.

One request cannot starve the others:

- size: a body over TRUSTDESK_MAX_REQUEST_BYTES is refused before it is read (api/limits.py),
  and a conversation over TRUSTDESK_MAX_HISTORY_MESSAGES messages or a message over
  TRUSTDESK_MAX_MESSAGE_CHARS characters with 413 before any work; every check's work is
  linear in what it reads, so these bound the work of a request;
- place: the conversation is validated in the worker thread that runs the check, not on the
  event loop every request shares, and a large request waits for the one large lane, so
  small checks never queue behind it;
- time: checks not started within TRUSTDESK_CHECK_BUDGET seconds are skipped, and the verdict
  lists them and is at least a warning.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from trustdesk.api.deps import ActorDep, DeskDep, MetricsDep
from trustdesk.api.schemas import CheckRequest, CheckResponse
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Permission
from trustdesk.model import Conversation, Verdict

router = APIRouter(prefix="/v1", tags=["check"])

# A request body past this many bytes takes the large lane: it holds a long history or a long
# message, and may take the better part of a second.
LARGE_REQUEST_BYTES = 64 * 1024
# Large checks one server process runs at once, beside its small ones.
LARGE_CONCURRENCY = 1


@router.post("/check", response_model=CheckResponse)
async def check(
    body: CheckRequest, request: Request, desk: DeskDep, actor: ActorDep, metrics: MetricsDep
) -> CheckResponse:
    """Allow, warn or block a draft reply, with the findings, their evidence and fixes."""
    actor.require(Permission.READ)
    started = time.perf_counter()
    deadline = time.monotonic() + desk.settings.check_budget
    judge = partial(_judge, desk, body, deadline)
    # The check is pure Python: threads would only fight over the interpreter lock, so each
    # server process runs CHECK_CONCURRENCY small checks at a time (and one large one beside
    # them) and queues the rest; more throughput comes from more processes
    # (`trustdesk serve --workers`).
    verdict = await anyio.to_thread.run_sync(judge, limiter=_lane(request))
    metrics.observe("check", verdict.decision.value, (f.check for f in verdict.findings), started)
    return CheckResponse.model_validate(
        {**verdict.to_dict(), "policy_revision": desk.policy.revision}
    )


def _judge(desk: Desk, body: CheckRequest, deadline: float) -> Verdict:
    engine = desk.engine
    conversation: Any = body.conversation
    # Counted before it is validated: a conversation over the limits costs nothing more.
    if isinstance(conversation, dict):
        engine.limits.check_conversation(conversation)
    engine.limits.check_draft(body.draft)
    return engine.check_reply(
        _validated(conversation),
        body.draft,
        now=body.now or desk.now(),
        role=body.role,
        author=body.author,
        deadline=deadline,
    )


def _validated(conversation: Any) -> Conversation:
    """The conversation, validated; a mistake is reported as the request's own field."""
    if isinstance(conversation, Conversation):
        return conversation
    try:
        return Conversation.model_validate(conversation)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("body", "conversation", *error["loc"])} for error in exc.errors()]
        ) from None


def _lane(request: Request) -> anyio.CapacityLimiter:
    """The limiter a request waits on: small requests share the usual one, large ones theirs."""
    stated = request.headers.get("content-length", "")
    state = request.app.state
    if not (stated.isdigit() and int(stated) > LARGE_REQUEST_BYTES):
        limiter: anyio.CapacityLimiter = state.check_limiter
        return limiter
    large: anyio.CapacityLimiter | None = getattr(state, "large_check_limiter", None)
    if large is None:
        large = state.large_check_limiter = anyio.CapacityLimiter(LARGE_CONCURRENCY)
    return large
