"""Policy revisions (every policy the desk has used, editable in the desk), requests for a
lead to review a draft reply, and an index to count the messages each policy label judged.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 10:12:41.530118
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_messages_policy_revision"), ["policy_revision"], unique=False
        )

    op.create_table(
        "policy_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.String(length=120), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_policy_revisions_created_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_revisions")),
    )
    with op.batch_alter_table("policy_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_revisions_revision"), ["revision"], unique=False
        )

    op.create_table(
        "lead_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_user_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_user_id", sa.Integer(), nullable=True),
        sa.Column("lead_note", sa.Text(), nullable=True),
        sa.Column("sent_message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"],
            ["users.id"],
            name=op.f("fk_lead_requests_requested_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_user_id"],
            ["users.id"],
            name=op.f("fk_lead_requests_resolved_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["sent_message_id"],
            ["messages.id"],
            name=op.f("fk_lead_requests_sent_message_id_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_lead_requests_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_requests")),
    )
    with op.batch_alter_table("lead_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lead_requests_status_created", ["status", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lead_requests_ticket_id"), ["ticket_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lead_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_requests_ticket_id"))
        batch_op.drop_index("ix_lead_requests_status_created")

    op.drop_table("lead_requests")
    with op.batch_alter_table("policy_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_revisions_revision"))

    op.drop_table("policy_revisions")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_policy_revision"))
