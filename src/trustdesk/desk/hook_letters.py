"""What a team sees of its integrations' work: the deliveries its helpdesks sent (and what came
of each), and the dead letters — work given up on — which an admin or the team's lead can
send again once the helpdesk is fixed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.hooks import process
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import cross_team, may_see
from trustdesk.errors import ConflictError, NotFoundError
from trustdesk.store.tables import DeadLetter, Delivery, Integration

MAX_LIST = 200


class DeliveryView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    integration_id: int
    event: str
    conversation_ref: str
    message_ref: str | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    decision: str | None
    findings: int
    note_posted_at: datetime | None
    received_at: datetime
    finished_at: datetime | None


class DeadLetterView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    integration_id: int
    delivery_id: int | None
    kind: str
    detail: dict[str, Any]
    error: str
    attempts: int
    created_at: datetime
    resolved_at: datetime | None


def list_deliveries(
    desk: Desk, actor: Actor, *, integration_id: int | None = None, limit: int = 50
) -> list[DeliveryView]:
    actor.require(Permission.MANAGE_INTEGRATIONS)
    with desk.reading() as session:
        query = select(Delivery)
        if not cross_team(actor):
            query = query.where(Delivery.team_id == actor.team_id)
        if integration_id is not None:
            query = query.where(Delivery.integration_id == integration_id)
        rows = session.scalars(query.order_by(Delivery.id.desc()).limit(min(limit, MAX_LIST)))
        return [DeliveryView.model_validate(row) for row in rows]


def list_dead_letters(
    desk: Desk, actor: Actor, *, resolved: bool = False, limit: int = 50
) -> list[DeadLetterView]:
    actor.require(Permission.MANAGE_INTEGRATIONS)
    with desk.reading() as session:
        query = select(DeadLetter)
        if not cross_team(actor):
            query = query.where(DeadLetter.team_id == actor.team_id)
        query = query.where(
            DeadLetter.resolved_at.is_not(None) if resolved else DeadLetter.resolved_at.is_(None)
        )
        rows = session.scalars(query.order_by(DeadLetter.id.desc()).limit(min(limit, MAX_LIST)))
        return [DeadLetterView.model_validate(row) for row in rows]


def send_again(desk: Desk, actor: Actor, letter_id: int) -> DeliveryView:
    """Put a dead letter's delivery back to work, now (its attempts start again from one)."""
    actor.require(Permission.MANAGE_INTEGRATIONS)
    with desk.transaction() as session:
        letter = session.get(DeadLetter, letter_id)
        if letter is None or not may_see(actor, letter.team_id):
            raise NotFoundError(f"no dead letter {letter_id}")
        if letter.resolved_at is not None:
            raise ConflictError("this dead letter was sent again already")
        delivery = session.get(Delivery, letter.delivery_id) if letter.delivery_id else None
        if delivery is None:
            raise ConflictError(
                "this is a stopped pull sync: run trustdesk sync again, it goes on from where "
                "it stopped"
            )
        integration = session.get(Integration, delivery.integration_id)
        if integration is None or not integration.active:
            raise ConflictError("the integration is switched off: switch it on first")
        now = desk.now()
        letter.resolved_at = now
        letter.resolved_by_user_id = actor.user_id
        delivery.status = "pending"
        delivery.attempts = 0
        delivery.next_attempt_at = now
        delivery.finished_at = None
        audit_log.record(session, desk, actor, "retry", "dead_letter", letter.id)
        delivery_id = delivery.id
    process(desk, delivery_id)
    with desk.reading() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        return DeliveryView.model_validate(row)
