"""External ids per team: customers belong to a team, and a helpdesk's ticket and customer ids
are unique within a team instead of across the whole desk.

A customer whose tickets were in several teams (possible before: one team could reuse
another's customer id) is split into one customer per team, each holding the same identity,
so that each team keeps seeing what it saw and changes only its own copy from now on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 16:30:00.000000
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NO_TEAM = sa.text("team_id IS NULL")

customers = sa.table(
    "customers",
    sa.column("id", sa.Integer()),
    sa.column("team_id", sa.Integer()),
    sa.column("external_id", sa.String()),
    sa.column("name", sa.String()),
    sa.column("email", sa.String()),
    sa.column("language", sa.String()),
    sa.column("segment", sa.JSON()),
    sa.column("preferences", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("erased_at", sa.DateTime(timezone=True)),
)
tickets = sa.table(
    "tickets",
    sa.column("id", sa.Integer()),
    sa.column("team_id", sa.Integer()),
    sa.column("customer_id", sa.Integer()),
)
remedies = sa.table(
    "remedies",
    sa.column("ticket_id", sa.Integer()),
    sa.column("customer_id", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_constraint("uq_customers_external_id", type_="unique")
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_customers_team_id_teams"), "teams", ["team_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_customers_team_id"), ["team_id"], unique=False)
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint("uq_tickets_external_id", type_="unique")

    _give_customers_their_teams(op.get_bind())

    for table in ("customers", "tickets"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(
                f"uq_{table}_team_id_external_id", ["team_id", "external_id"]
            )
        op.create_index(
            f"uq_{table}_external_id_no_team",
            table,
            ["external_id"],
            unique=True,
            sqlite_where=NO_TEAM,
            postgresql_where=NO_TEAM,
        )


def _give_customers_their_teams(connection: sa.Connection) -> None:
    """Each customer takes the team of its tickets; one with tickets in several teams is copied
    once per further team, and those tickets (and their remedies) move to the copy."""
    teams_of: dict[int, dict[int | None, list[int]]] = defaultdict(dict)
    rows = connection.execute(
        sa.select(tickets.c.customer_id, tickets.c.team_id, tickets.c.id).order_by(tickets.c.id)
    )
    for customer_id, team_id, ticket_id in rows:
        teams_of[customer_id].setdefault(team_id, []).append(ticket_id)
    for customer_id, by_team in teams_of.items():
        first, *others = by_team
        connection.execute(
            customers.update().where(customers.c.id == customer_id).values(team_id=first)
        )
        if not others:
            continue
        original = connection.execute(
            sa.select(customers).where(customers.c.id == customer_id)
        ).one()
        for team_id in others:
            copy: dict[str, Any] = dict(original._mapping)
            del copy["id"]
            copy["team_id"] = team_id
            new_id = connection.execute(
                customers.insert().values(**copy).returning(customers.c.id)
            ).scalar_one()
            moved = by_team[team_id]
            connection.execute(
                tickets.update().where(tickets.c.id.in_(moved)).values(customer_id=new_id)
            )
            connection.execute(
                remedies.update().where(remedies.c.ticket_id.in_(moved)).values(customer_id=new_id)
            )


def downgrade() -> None:
    connection = op.get_bind()
    for table in ("customers", "tickets"):
        shared = connection.execute(
            sa.text(
                f"SELECT external_id FROM {table} WHERE external_id IS NOT NULL "
                "GROUP BY external_id HAVING COUNT(*) > 1"
            )
        ).first()
        if shared is not None:
            raise RuntimeError(
                f"cannot go back to desk-wide external ids: {table} holds {shared[0]!r} in "
                "more than one team"
            )
    for table in ("customers", "tickets"):
        op.drop_index(f"uq_{table}_external_id_no_team", table_name=table)
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint("uq_tickets_team_id_external_id", type_="unique")
        batch_op.create_unique_constraint("uq_tickets_external_id", ["external_id"])
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_constraint("uq_customers_team_id_external_id", type_="unique")
        batch_op.drop_index(batch_op.f("ix_customers_team_id"))
        batch_op.drop_constraint(batch_op.f("fk_customers_team_id_teams"), type_="foreignkey")
        batch_op.drop_column("team_id")
        batch_op.create_unique_constraint("uq_customers_external_id", ["external_id"])
