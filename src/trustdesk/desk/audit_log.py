"""The append-only audit log: every read of a ticket and every change, with who did it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.views import AuditEntryView, Page
from trustdesk.store.tables import AuditEntry


def record(
    session: Session,
    desk: Desk,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object = None,
    **detail: Any,
) -> None:
    """Append one entry in the use case's own transaction (no change without its entry)."""
    session.add(
        AuditEntry(
            at=desk.now(),
            actor_user_id=actor.user_id,
            actor=actor.username,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            detail=detail,
        )
    )


def list_entries(
    desk: Desk,
    actor: Actor,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page[AuditEntryView]:
    actor.require(Permission.READ_AUDIT_LOG)
    with desk.reading() as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc())
        if entity:
            query = query.where(AuditEntry.entity == entity)
        if entity_id:
            query = query.where(AuditEntry.entity_id == entity_id)
        rows = session.scalars(query.offset(offset).limit(limit + 1)).all()
        items = [AuditEntryView.model_validate(row) for row in rows[:limit]]
        return Page(items=items, offset=offset, limit=limit, more=len(rows) > limit)
