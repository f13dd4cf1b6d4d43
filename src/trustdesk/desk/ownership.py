"""Who works a ticket: an agent takes it, or hands it to a teammate who may see it."""

from __future__ import annotations

from sqlalchemy import select

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import ALL_TEAMS, PERMISSIONS, Actor, Permission, Role
from trustdesk.desk.tenancy import load_ticket
from trustdesk.desk.views import UserView
from trustdesk.errors import InputError
from trustdesk.store.tables import Ticket, User

# Roles that work tickets (an auditor only reads).
_WORKERS = tuple(role.value for role in Role if Permission.WRITE in PERMISSIONS[role])


def may_own(user: User, ticket: Ticket) -> bool:
    """Whether `user` can work `ticket`: active, allowed to change tickets, and able to see
    the ticket's team."""
    if not user.active or user.role not in _WORKERS:
        return False
    if Role(user.role) in ALL_TEAMS:
        return True
    return user.team_id is not None and user.team_id == ticket.team_id


def teammates(desk: Desk, actor: Actor) -> list[UserView]:
    """The active people who can work the actor's team's tickets, the actor among them."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        query = select(User).where(User.active.is_(True), User.role.in_(_WORKERS))
        if actor.role not in ALL_TEAMS:
            query = query.where(User.team_id == actor.team_id)
        users = session.scalars(query.order_by(User.display_name, User.id))
        return [UserView.model_validate(u) for u in users]


def assign_ticket(desk: Desk, actor: Actor, ticket_id: int, *, owner_id: int | None) -> int | None:
    """Give the ticket to the person `owner_id` (None: to nobody); the owner's id.

    Anyone who may change tickets may take one or hand it on, but only to someone who can see
    the ticket and work it.
    """
    actor.require(Permission.WRITE)
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id)
        if owner_id is not None:
            owner = session.get(User, owner_id)
            if owner is None or not may_own(owner, ticket):
                raise InputError(
                    f"user {owner_id} cannot work this ticket (an active agent, lead or admin "
                    "who can see its team)",
                    field="owner_id",
                )
        if ticket.owner_user_id != owner_id:
            ticket.owner_user_id = owner_id
            ticket.updated_at = desk.now()
            audit_log.record(session, desk, actor, "update", "ticket", ticket.id, owner=owner_id)
        return ticket.owner_user_id
