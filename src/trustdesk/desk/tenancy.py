"""Tenancy: which tickets and customers an actor may see, decided here and nowhere else.

Tickets and customers belong to a team (or, for those an admin or the command line created
without one, to no team). Agents and leads see and change their own team's only; admins and
auditors are cross-team by role and read every team's. An agent or lead without a team sees
nothing and changes nothing until an admin assigns one.

A helpdesk's external ids name records within a team: the same id in two teams names two
records, and a lookup by external id searches only the actor's own team (an integration token
acts with its user's team). So another team's ids are never found, confirmed or changed: to
the caller they do not exist. Every use case finds tickets and customers through this module;
tests/desk/test_tenancy.py keeps it so.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, select, true
from sqlalchemy.orm import Session

from trustdesk.desk.roles import ALL_TEAMS, Actor
from trustdesk.errors import NotFoundError, PermissionDeniedError
from trustdesk.store.tables import (
    Commitment,
    Consent,
    Customer,
    LeadRequest,
    Message,
    Remedy,
    Ticket,
)

Q = TypeVar("Q", bound="Select[Any]")


def cross_team(actor: Actor) -> bool:
    return actor.role in ALL_TEAMS


def _team_holds(team_id: Any, actor: Actor) -> ColumnElement[bool]:
    """The condition on a `team_id` column that keeps what `actor` may see."""
    if cross_team(actor):
        return true()
    if actor.team_id is None:
        return false()
    return team_id == actor.team_id  # type: ignore[no-any-return]


def visible_tickets(query: Q, actor: Actor) -> Q:
    """`query`, which reads tickets (or joins them), kept to the tickets `actor` may see."""
    return query.where(_team_holds(Ticket.team_id, actor))


def may_see(actor: Actor, team_id: int | None) -> bool:
    return cross_team(actor) or (actor.team_id is not None and team_id == actor.team_id)


def load_ticket(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    """The ticket, if it exists and the actor may see it: otherwise NotFound, never Forbidden,
    so another team's ticket ids are not confirmed to exist."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or not may_see(actor, ticket.team_id):
        raise NotFoundError(f"no ticket {ticket_id}")
    return ticket


def load_customer(session: Session, actor: Actor, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None or not may_see(actor, customer.team_id):
        raise NotFoundError(f"no customer {customer_id}")
    return customer


def _own_ids(team_id: Any, actor: Actor) -> ColumnElement[bool]:
    """The records whose external ids are the actor's to use: those of the actor's own team,
    whatever the role (an admin without a team uses the ids of records of no team)."""
    return team_id.is_(None) if actor.team_id is None else team_id == actor.team_id  # type: ignore[no-any-return]


def ticket_by_external_id(session: Session, actor: Actor, external_id: str) -> Ticket | None:
    """The actor's team's ticket with this helpdesk id; None if the team has none (whatever
    other teams hold under the same id)."""
    return session.scalar(
        select(Ticket).where(Ticket.external_id == external_id, _own_ids(Ticket.team_id, actor))
    )


def tickets_by_external_id(
    session: Session, actor: Actor, external_ids: Collection[str]
) -> dict[str, Ticket]:
    """The actor's team's tickets with these helpdesk ids, by id (one query)."""
    return _by_external_id(session, actor, Ticket, external_ids)


def stored_message_ids(session: Session, ticket_ids: Collection[int]) -> dict[int, set[str]]:
    """The helpdesk ids of the messages stored on each of these tickets (one query)."""
    known: dict[int, set[str]] = {ticket_id: set() for ticket_id in ticket_ids}
    if known:
        rows = session.execute(
            select(Message.ticket_id, Message.external_id).where(Message.ticket_id.in_(known))
        )
        for ticket_id, external_id in rows:
            if external_id is not None:
                known[ticket_id].add(external_id)
    return known


def customers_by_external_id(
    session: Session, actor: Actor, external_ids: Collection[str]
) -> dict[str, Customer]:
    """The actor's team's customers with these helpdesk or shop ids, by id (one query)."""
    return _by_external_id(session, actor, Customer, external_ids)


Keyed = TypeVar("Keyed", Ticket, Customer)


def _by_external_id(
    session: Session, actor: Actor, table: type[Keyed], external_ids: Collection[str]
) -> dict[str, Keyed]:
    rows = session.scalars(
        select(table).where(
            table.external_id.in_(list(external_ids)), _own_ids(table.team_id, actor)
        )
    )
    return {row.external_id: row for row in rows if row.external_id is not None}


def customer_by_external_id(session: Session, actor: Actor, external_id: str) -> Customer | None:
    """The actor's team's customer with this helpdesk or shop id, if any."""
    return session.scalar(
        select(Customer).where(
            Customer.external_id == external_id, _own_ids(Customer.team_id, actor)
        )
    )


def owning_team(actor: Actor) -> int | None:
    """The team that owns what `actor` creates; an agent or lead without a team creates
    nothing (it could not see it afterwards)."""
    if actor.team_id is None and not cross_team(actor):
        raise PermissionDeniedError(
            "you are in no team yet, so you see no tickets and open none: ask an admin to "
            "assign you a team"
        )
    return actor.team_id


R = TypeVar("R", Commitment, Consent, LeadRequest, Remedy)


def on_visible_ticket(
    session: Session, actor: Actor, row: R | None, missing: str
) -> tuple[R, Ticket]:
    """`row` (a commitment, consent, remedy or request found by its own id) and its ticket, if
    the actor may see that ticket; otherwise NotFound with `missing`, which names the row and
    never the ticket, so another team's ticket ids stay unsaid."""
    ticket = session.get(Ticket, row.ticket_id) if row is not None else None
    if row is None or ticket is None or not may_see(actor, ticket.team_id):
        raise NotFoundError(missing)
    return row, ticket
