"""Tickets, their messages and replies (each reply checked before it is sent)."""

from __future__ import annotations

import time
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from trustdesk.api.deps import ActorDep, DeskDep, MetricsDep, Offset, PathId, QueryId
from trustdesk.api.schemas import (
    CustomerMessageCreate,
    DraftCheck,
    ReplyCreate,
    TicketCreate,
    TicketUpdate,
)
from trustdesk.desk import replies, tickets
from trustdesk.desk.ownership import assign_ticket
from trustdesk.desk.tickets import TicketSort
from trustdesk.desk.views import (
    MessageView,
    Page,
    ReplyResult,
    TicketSummary,
    TicketView,
    VerdictView,
)
from trustdesk.errors import ReplyRefusedError
from trustdesk.model import Verdict

router = APIRouter(prefix="/v1/tickets", tags=["tickets"])


@router.post(
    "",
    response_model=TicketView,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": TicketView, "description": "Already stored: returned unchanged"}},
)
def create_ticket(
    body: TicketCreate, desk: DeskDep, actor: ActorDep, response: Response
) -> TicketView:
    """Open a ticket with the customer's message (201).

    A ticket whose external_id is already stored is returned unchanged (200).
    """
    ticket, created = tickets.create_ticket(
        desk,
        actor,
        customer=body.customer,
        text=body.text,
        subject=body.subject,
        channel=body.channel,
        requested=body.requested,
        external_id=body.external_id,
        message_external_id=body.message_external_id,
        at=body.at,
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return ticket


@router.get("", response_model=Page[TicketSummary])
def list_tickets(
    desk: DeskDep,
    actor: ActorDep,
    ticket_status: Annotated[
        Literal["open", "pending", "resolved", "closed"] | None, Query(alias="status")
    ] = None,
    customer_id: QueryId = None,
    waiting: bool | None = None,
    state: Literal["waiting_on_us", "open", "waiting_on_customer", "solved"] | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    owner: Annotated[str | None, Query(pattern=r"^(me|none|[1-9][0-9]{0,9})$")] = None,
    findings: Literal["block", "warn", "any"] | None = None,
    sort: TicketSort = "waiting",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> Page[TicketSummary]:
    """Tickets of your team, longest-waiting customers first unless `sort` says otherwise
    (priority, findings, updated, newest). `state`: where the conversation stands
    (waiting_on_us, open, waiting_on_customer, solved); `waiting`: a reply or a promised
    update is owed; `owner`: me, none, or a user id; `findings`: block (with a block), warn
    (with a block or a warning), any (with neither)."""
    owned: Literal["me", "none"] | int | None = None
    if owner == "me":
        owned = "me"
    elif owner == "none":
        owned = "none"
    elif owner is not None:
        owned = int(owner)
    return tickets.list_tickets(
        desk,
        actor,
        status=ticket_status,
        customer_id=customer_id,
        waiting=waiting,
        state=state,
        search=q,
        owner=owned,
        findings=findings,
        sort=sort,
        limit=limit,
        offset=offset,
    )


@router.get("/{ticket_id}", response_model=TicketView)
def get_ticket(ticket_id: PathId, desk: DeskDep, actor: ActorDep) -> TicketView:
    """One ticket with its messages, findings, commitments, consents, remedies and survey."""
    return tickets.get_ticket(desk, actor, ticket_id)


@router.patch("/{ticket_id}", response_model=TicketView)
def update_ticket(
    ticket_id: PathId, body: TicketUpdate, desk: DeskDep, actor: ActorDep
) -> TicketView:
    """Change a ticket's status, the need diagnosed, what was requested, or its owner
    (`owner_id`: a user id, or null for nobody; 422 when that user cannot work the ticket)."""
    if "owner_id" in body.model_fields_set:
        assign_ticket(desk, actor, ticket_id, owner_id=body.owner_id)
    return tickets.update_ticket(
        desk,
        actor,
        ticket_id,
        status=body.status,
        diagnosed_need=body.diagnosed_need,
        requested=body.requested,
    )


@router.post(
    "/{ticket_id}/messages",
    response_model=MessageView,
    status_code=201,
    responses={200: {"model": MessageView, "description": "Already stored: returned unchanged"}},
)
def add_customer_message(
    ticket_id: PathId,
    body: CustomerMessageCreate,
    desk: DeskDep,
    actor: ActorDep,
    response: Response,
) -> MessageView:
    """A further message from the customer (a helpdesk webhook).

    A message whose external_id is already on the ticket is returned unchanged (200).
    """
    message, created = tickets.add_customer_message(
        desk, actor, ticket_id=ticket_id, text=body.text, external_id=body.external_id, at=body.at
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return message


@router.post("/{ticket_id}/drafts/check", response_model=VerdictView)
def check_draft(
    ticket_id: PathId, body: DraftCheck, desk: DeskDep, actor: ActorDep, metrics: MetricsDep
) -> VerdictView:
    """What sending this draft now would get; nothing is stored."""
    started = time.perf_counter()
    verdict = replies.check_draft(desk, actor, ticket_id=ticket_id, text=body.text, role=body.role)
    metrics.observe("draft", verdict.decision, (f.check for f in verdict.findings), started)
    return verdict


@router.post("/{ticket_id}/replies", response_model=ReplyResult, status_code=201)
def send_reply(
    ticket_id: PathId, body: ReplyCreate, desk: DeskDep, actor: ActorDep, metrics: MetricsDep
) -> ReplyResult:
    """Check and send a reply: allow sends; warn needs override_reason (else 409); block is
    refused with 422 and the findings unless a lead overrides with a reason."""
    started = time.perf_counter()
    try:
        result = replies.send_reply(
            desk,
            actor,
            ticket_id=ticket_id,
            text=body.text,
            override_reason=body.override_reason,
            keeps=body.keeps,
            role=body.role,
            external_id=body.external_id,
            resolve=body.resolve,
        )
    except ReplyRefusedError as refused:
        if isinstance(refused.verdict, Verdict):
            checks = (f.check for f in refused.verdict.findings)
            metrics.observe("reply", refused.verdict.decision.value, checks, started)
        raise
    checks = (f.check for f in result.verdict.findings)
    metrics.observe("reply", result.verdict.decision, checks, started)
    return result
