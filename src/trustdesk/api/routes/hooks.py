"""Webhooks from the helpdesks teams connect (no bearer token: the vendor's signature, made
with the integration's secret, is the credential; Freshdesk, which signs nothing, sends the
secret itself in a header)."""

from __future__ import annotations

from typing import Literal

import anyio
from fastapi import APIRouter, BackgroundTasks, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from trustdesk.api.deps import DeskDep
from trustdesk.desk import hooks

router = APIRouter(prefix="/v1/hooks", tags=["hooks"])


class HookReceived(BaseModel):
    # accepted: stored and being checked | duplicate: seen before | ignored: nothing to check
    status: Literal["accepted", "duplicate", "ignored"]


HookKey = Path(min_length=8, max_length=48, pattern=r"^[A-Za-z0-9_-]+$")


async def _receive(
    vendor: str, hook_key: str, request: Request, desk: DeskDep, background: BackgroundTasks
) -> JSONResponse:
    body = await request.body()
    headers = dict(request.headers)
    received = await anyio.to_thread.run_sync(hooks.receive, desk, vendor, hook_key, headers, body)
    if received.delivery_id is not None:
        # Answered at once (helpdesks wait only seconds); the check and the note follow.
        background.add_task(hooks.process, desk, received.delivery_id)
    code = 202 if received.status == "accepted" else 200
    return JSONResponse({"status": received.status}, status_code=code)


@router.post(
    "/chatwoot/{hook_key}",
    response_model=HookReceived,
    status_code=202,
    responses={200: {"model": HookReceived, "description": "A repeat, or nothing to check"}},
)
async def chatwoot_hook(
    request: Request,
    desk: DeskDep,
    background: BackgroundTasks,
    hook_key: str = HookKey,
) -> JSONResponse:
    """Chatwoot's `message_created`: an agent's or bot's reply is checked against its
    conversation, and the findings are posted back as a private note. Signed with
    X-Chatwoot-Signature and X-Chatwoot-Timestamp; unsigned or badly signed: 401."""
    return await _receive("chatwoot", hook_key, request, desk, background)


@router.post(
    "/zendesk/{hook_key}",
    response_model=HookReceived,
    status_code=202,
    responses={200: {"model": HookReceived, "description": "A repeat, or nothing to check"}},
)
async def zendesk_hook(
    request: Request,
    desk: DeskDep,
    background: BackgroundTasks,
    hook_key: str = HookKey,
) -> JSONResponse:
    """A Zendesk trigger's webhook on a ticket update: the latest public agent comment is
    checked and the findings posted as an internal note (and a tag). Signed with
    X-Zendesk-Webhook-Signature and its timestamp; unsigned or badly signed: 401."""
    return await _receive("zendesk", hook_key, request, desk, background)


@router.post(
    "/intercom/{hook_key}",
    response_model=HookReceived,
    status_code=202,
    responses={200: {"model": HookReceived, "description": "A repeat, or nothing to check"}},
)
async def intercom_hook(
    request: Request,
    desk: DeskDep,
    background: BackgroundTasks,
    hook_key: str = HookKey,
) -> JSONResponse:
    """Intercom's `conversation.admin.replied`: the teammate's or bot's reply is checked against
    its conversation and the findings posted as a note. Signed with X-Hub-Signature (the app's
    client secret); unsigned or badly signed: 401."""
    return await _receive("intercom", hook_key, request, desk, background)


@router.post(
    "/freshdesk/{hook_key}",
    response_model=HookReceived,
    status_code=202,
    responses={200: {"model": HookReceived, "description": "A repeat, or nothing to check"}},
)
async def freshdesk_hook(
    request: Request,
    desk: DeskDep,
    background: BackgroundTasks,
    hook_key: str = HookKey,
) -> JSONResponse:
    """A Freshdesk automation rule's webhook on a ticket update ("Reply is sent"): the latest
    public agent reply is checked and the findings posted as a private note. Freshdesk signs
    nothing: the rule sends the integration's secret in X-Trustdesk-Secret; without it, or
    with another: 401."""
    return await _receive("freshdesk", hook_key, request, desk, background)
