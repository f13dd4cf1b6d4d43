"""POST /v1/check: the stateless pre-send check a bot or another helpdesk calls.

One request cannot starve the others:

- size: a body over TRUSTDESK_MAX_REQUEST_BYTES is refused before it is read (api/limits.py),
  and a conversation over TRUSTDESK_MAX_HISTORY_MESSAGES messages or a message over
  TRUSTDESK_MAX_MESSAGE_CHARS characters with 413 before any work; every check's work is
  linear in what it reads, so these bound the work of a request;
- place: a body over LARGE_REQUEST_BYTES is judged in a worker process of its own
  (api/large_checks.py), read but never parsed in the server's process, so the server's small
  checks do not wait behind it, not even for the interpreter lock; a small check's
  conversation is validated in the worker thread that judges it, not on the event loop every
  request shares;
- time: checks not started within TRUSTDESK_CHECK_BUDGET seconds are skipped, and the verdict
  lists them and is at least a warning; a large check still running at three times the budget is
  stopped with its process (503 over_budget), and another process takes its place.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import Scope

from trustdesk.api.deps import ActorDep, desk_of, metrics_of
from trustdesk.api.large_checks import LARGE_REQUEST_BYTES, LargeCheck, LargeChecks
from trustdesk.api.metrics import Metrics
from trustdesk.api.schemas import CheckRequest, CheckResponse, ErrorResponse
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Permission
from trustdesk.errors import InputError, TooLargeError
from trustdesk.model import Conversation, Verdict

router = APIRouter(prefix="/v1", tags=["check"])


class StatedLarge(APIRoute):
    """POST /v1/check (or /v1/guard) with a body whose stated size (Content-Length) is over
    LARGE_REQUEST_BYTES: matched before the documented route, so FastAPI never parses the
    body in the server's process; any other request falls through to the documented route."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child = super().matches(scope)
        if match is Match.FULL and not _stated_large(scope):
            return Match.NONE, {}
        return match, child


def _stated_large(scope: Scope) -> bool:
    stated = dict(scope.get("headers") or []).get(b"content-length", b"")
    return stated.isdigit() and int(stated) > LARGE_REQUEST_BYTES


async def check_large(request: Request, actor: ActorDep) -> CheckResponse:
    """POST /v1/check with a large body (the same operation; not listed apart)."""
    actor.require(Permission.READ)
    started = time.perf_counter()
    raw = await request.body()
    return await _in_worker(request, raw, desk_of(request), metrics_of(request), started)


# Before the documented route, which it lets through unless the body is stated to be large.
router.add_api_route(
    "/check",
    check_large,
    methods=["POST"],
    response_model=CheckResponse,
    include_in_schema=False,
    route_class_override=StatedLarge,
    name="check_large",
)


@router.post(
    "/check",
    response_model=CheckResponse,
    responses={
        503: {
            "model": ErrorResponse,
            "description": "A large check still running at three times TRUSTDESK_CHECK_BUDGET was "
            "stopped (over_budget)",
        }
    },
)
async def check(body: CheckRequest, request: Request, actor: ActorDep) -> CheckResponse:
    """Allow, warn or block a draft reply, with the findings, their evidence and fixes."""
    actor.require(Permission.READ)
    started = time.perf_counter()
    # Looked up here rather than taken as dependencies: the route's dependencies are resolved
    # on every request, and this one is the API's busiest.
    desk, metrics = desk_of(request), metrics_of(request)
    raw = await request.body()  # already read: FastAPI parsed it
    if len(raw) > LARGE_REQUEST_BYTES:
        # Large but sent without a Content-Length (chunked): parsed here already, but judged
        # in a worker all the same.
        return await _in_worker(request, raw, desk, metrics, started)
    deadline = time.monotonic() + desk.settings.check_budget
    judge = partial(_judge, desk, body, deadline)
    # The check is pure Python: threads would only fight over the interpreter lock, so each
    # server process judges CHECK_CONCURRENCY small checks at a time and queues the rest;
    # more throughput comes from more processes (`trustdesk serve --workers`).
    limiter: anyio.CapacityLimiter = request.app.state.check_limiter
    verdict = await anyio.to_thread.run_sync(judge, limiter=limiter)
    metrics.observe("check", verdict.decision.value, (f.check for f in verdict.findings), started)
    return CheckResponse.model_validate(
        {**verdict.to_dict(), "policy_revision": desk.policy.revision}
    )


async def _in_worker(
    request: Request, raw: bytes, desk: Desk, metrics: Metrics, started: float
) -> CheckResponse:
    revision = desk.policy.revision
    verdict = await judged_in_worker(request, raw, desk)
    checks = (str(f["check"]) for f in verdict["findings"])
    metrics.observe("check", str(verdict["decision"]), checks, started)
    return CheckResponse.model_validate({**verdict, "policy_revision": revision})


async def judged_in_worker(
    request: Request, raw: bytes, desk: Desk, *, guard: bool = False
) -> dict[str, Any]:
    """A large body judged by a worker process: the verdict (or, with `guard`, the guard's
    answer) as a dict; a mistake in it raised as the same request's small twin raises it."""
    workers: LargeChecks = request.app.state.large_checks
    large = LargeCheck(
        body=raw,
        content_type=request.headers.get("content-type"),
        now=desk.now(),
        budget=desk.settings.check_budget,
        guard=guard,
    )
    outcome = await workers.judge(desk.engine, large)
    kind = outcome[0]
    if kind == "invalid":
        raise RequestValidationError(outcome[1])
    if kind == "too_large":
        raise TooLargeError(outcome[1], field=outcome[2])
    if kind == "input":
        raise InputError(outcome[1], field=outcome[2])
    if kind == "unreadable":
        raise StarletteHTTPException(400, "There was an error parsing the body")
    answer: dict[str, Any] = outcome[1]
    return answer


def _judge(desk: Desk, body: CheckRequest, deadline: float) -> Verdict:
    return desk.engine.check_reply(
        admitted_conversation(desk, body.conversation, body.draft),
        body.draft,
        now=body.now or desk.now(),
        role=body.role,
        author=body.author,
        deadline=deadline,
    )


def admitted_conversation(desk: Desk, conversation: Any, draft: str) -> Conversation:
    """A small request's conversation, validated, once it and the draft are within the
    engine's limits (counted before the conversation is validated: one over the limits costs
    nothing more); a mistake is reported as the request's own field."""
    limits = desk.engine.limits
    if isinstance(conversation, dict):
        limits.check_conversation(conversation)
    limits.check_draft(draft)
    if isinstance(conversation, Conversation):
        return conversation
    try:
        return Conversation.model_validate(conversation)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("body", "conversation", *error["loc"])} for error in exc.errors()]
        ) from None
