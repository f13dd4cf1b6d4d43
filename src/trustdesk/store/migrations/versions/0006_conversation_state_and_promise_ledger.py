"""Conversation state and the promise ledger.

Tickets get the state worked out from their messages (waiting_on_us, open,
waiting_on_customer, solved) and a flag for a status someone declared (an agent solving or
reopening it, a helpdesk's export), which has the last word until the next message. Messages
record whether their time was given (an import without times keeps them unknown to the
engine). Commitments record which promise of their message they are (its offset), whether the
engine or a person made them, what they become once due, and the first reply after them.

Existing rows are filled from what the old columns say; each ticket's state and promises are
worked out again from its messages the next time it changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

tickets = sa.table(
    "tickets",
    sa.column("status", sa.String()),
    sa.column("waiting_since", sa.DateTime(timezone=True)),
    sa.column("state", sa.String()),
    sa.column("status_declared", sa.Boolean()),
)
commitments = sa.table(
    "commitments",
    sa.column("id", sa.Integer()),
    sa.column("ticket_id", sa.Integer()),
    sa.column("message_id", sa.Integer()),
    sa.column("due_at", sa.DateTime(timezone=True)),
    sa.column("due_from_sla", sa.Boolean()),
    sa.column("status", sa.String()),
    sa.column("note", sa.Text()),
    sa.column("source", sa.String()),
    sa.column("settles_as", sa.String()),
    sa.column("followed_up_at", sa.DateTime(timezone=True)),
)
messages = sa.table(
    "messages",
    sa.column("id", sa.Integer()),
    sa.column("ticket_id", sa.Integer()),
    sa.column("role", sa.String()),
    sa.column("at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=24), nullable=False, server_default="open")
        )
        batch_op.add_column(
            sa.Column("status_declared", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(batch_op.f("ix_tickets_state"), ["state"], unique=False)
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("time_given", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=16), nullable=False, server_default="engine")
        )
        batch_op.add_column(sa.Column("span_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("settles_as", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("followed_up_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_commitments_message_id"), ["message_id", "span_start"]
        )

    # Tickets: what the old status and waiting time said.
    op.execute(
        tickets.update().values(
            state=sa.case(
                (tickets.c.status.in_(("resolved", "closed")), "solved"),
                (tickets.c.waiting_since.is_not(None), "waiting_on_us"),
                (tickets.c.status == "pending", "waiting_on_customer"),
                else_="open",
            ),
            status_declared=tickets.c.status.in_(("resolved", "closed")),
        )
    )
    # Commitments: a renegotiated one was made by a person; an open one without a time of its
    # own is untimed; an open timed one is kept if a reply followed by its due time.
    op.execute(
        commitments.update()
        .where(commitments.c.note.like("renegotiated from commitment %"))
        .values(source="person")
    )
    op.execute(
        commitments.update()
        .where(commitments.c.status == "open", commitments.c.due_from_sla.is_(True))
        .values(status="untimed")
    )
    after = (
        messages.c.ticket_id == commitments.c.ticket_id,
        messages.c.role.in_(("agent", "bot")),
        messages.c.id > commitments.c.message_id,
    )
    later = sa.select(sa.func.min(messages.c.at)).where(*after)
    on_time = sa.select(messages.c.id).where(*after, messages.c.at <= commitments.c.due_at)
    op.execute(
        commitments.update()
        .where(commitments.c.status == "open")
        .values(
            followed_up_at=later.scalar_subquery(),
            settles_as=sa.case((on_time.exists(), "kept"), else_="broken"),
        )
    )


def downgrade() -> None:
    op.execute(commitments.update().where(commitments.c.status == "untimed").values(status="open"))
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_commitments_message_id"), type_="unique")
        batch_op.drop_column("followed_up_at")
        batch_op.drop_column("settles_as")
        batch_op.drop_column("span_start")
        batch_op.drop_column("source")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("time_given")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_state"))
        batch_op.drop_column("status_declared")
        batch_op.drop_column("state")
