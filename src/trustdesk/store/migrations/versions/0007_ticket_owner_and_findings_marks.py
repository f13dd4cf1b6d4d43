"""Tickets get an owner and the count of their block and warn findings.

The owner is the person working the ticket (none until someone takes it). The finding counts
let the inbox show and sort by a conversation's trust marks without reading every message's
findings; they are worked out again from the messages whenever the ticket changes, and filled
here from the findings already stored.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 19:30:00
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 500

tickets = sa.table(
    "tickets",
    sa.column("id", sa.Integer()),
    sa.column("block_findings", sa.Integer()),
    sa.column("warn_findings", sa.Integer()),
)
messages = sa.table(
    "messages",
    sa.column("id", sa.Integer()),
    sa.column("ticket_id", sa.Integer()),
    sa.column("findings", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("block_findings", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("warn_findings", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_tickets_owner_user_id"), ["owner_user_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_tickets_owner_user_id_users"), "users", ["owner_user_id"], ["id"]
        )
    _count_findings()


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_tickets_owner_user_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_tickets_owner_user_id"))
        batch_op.drop_column("warn_findings")
        batch_op.drop_column("block_findings")
        batch_op.drop_column("owner_user_id")


def _count_findings() -> None:
    """Each ticket's block and warn findings, from its messages, a batch at a time."""
    connection = op.get_bind()
    counts: dict[int, Counter[str]] = {}
    last = 0
    while True:
        rows = connection.execute(
            sa.select(messages.c.id, messages.c.ticket_id, messages.c.findings)
            .where(messages.c.id > last)
            .order_by(messages.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for _, ticket_id, findings in rows:
            for finding in findings or []:
                if isinstance(finding, dict):
                    counts.setdefault(ticket_id, Counter())[str(finding.get("severity"))] += 1
        last = rows[-1][0]
    for ticket_id, by_severity in counts.items():
        connection.execute(
            tickets.update()
            .where(tickets.c.id == ticket_id)
            .values(block_findings=by_severity["block"], warn_findings=by_severity["warn"])
        )
