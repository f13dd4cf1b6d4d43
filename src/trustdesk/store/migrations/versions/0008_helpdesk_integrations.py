"""Helpdesk integrations: the helpdesks teams connect, the replies their webhooks report (each
checked once), the work given up on (dead letters) and how far each pull sync has come.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "integrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("vendor", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("account", sa.String(length=200), nullable=True),
        sa.Column("api_token_encrypted", sa.Text(), nullable=False),
        sa.Column("webhook_secret_encrypted", sa.Text(), nullable=True),
        sa.Column("hook_key", sa.String(length=48), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _time("created_at"),
        _time("updated_at"),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_integrations_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_integrations_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrations")),
        sa.UniqueConstraint("hook_key", name=op.f("uq_integrations_hook_key")),
    )
    op.create_index(op.f("ix_integrations_team_id"), "integrations", ["team_id"])

    op.create_table(
        "integration_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("reply_key", sa.String(length=200), nullable=True),
        sa.Column("event", sa.String(length=60), nullable=False),
        sa.Column("conversation_ref", sa.String(length=200), nullable=False),
        sa.Column("message_ref", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("next_attempt_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("decision", sa.String(length=8), nullable=True),
        sa.Column("findings", sa.Integer(), nullable=False),
        _time("note_posted_at", nullable=True),
        _time("received_at"),
        _time("finished_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_integration_deliveries_integration_id_integrations"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_integration_deliveries_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_deliveries")),
        sa.UniqueConstraint(
            "integration_id", "dedupe_key", name="uq_integration_deliveries_integration_id_dedupe"
        ),
        sa.UniqueConstraint(
            "integration_id", "reply_key", name="uq_integration_deliveries_integration_id_reply"
        ),
    )
    op.create_index(
        op.f("ix_integration_deliveries_integration_id"),
        "integration_deliveries",
        ["integration_id"],
    )
    op.create_index(
        op.f("ix_integration_deliveries_team_id"), "integration_deliveries", ["team_id"]
    )
    op.create_index(
        "ix_integration_deliveries_status_next",
        "integration_deliveries",
        ["status", "next_attempt_at"],
    )

    op.create_table(
        "integration_dead_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("created_at"),
        _time("resolved_at", nullable=True),
        sa.Column("resolved_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["integration_deliveries.id"],
            name=op.f("fk_integration_dead_letters_delivery_id_integration_deliveries"),
        ),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_integration_dead_letters_integration_id_integrations"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_user_id"],
            ["users.id"],
            name=op.f("fk_integration_dead_letters_resolved_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_integration_dead_letters_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_dead_letters")),
    )
    op.create_index(
        op.f("ix_integration_dead_letters_integration_id"),
        "integration_dead_letters",
        ["integration_id"],
    )
    op.create_index(
        op.f("ix_integration_dead_letters_team_id"), "integration_dead_letters", ["team_id"]
    )

    op.create_table(
        "integration_sync_cursors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        _time("since"),
        sa.Column("conversations", sa.Integer(), nullable=False),
        _time("finished_at", nullable=True),
        _time("updated_at"),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_integration_sync_cursors_integration_id_integrations"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_integration_sync_cursors_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_sync_cursors")),
        sa.UniqueConstraint(
            "integration_id", name=op.f("uq_integration_sync_cursors_integration_id")
        ),
    )
    op.create_index(
        op.f("ix_integration_sync_cursors_team_id"), "integration_sync_cursors", ["team_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_integration_sync_cursors_team_id"), "integration_sync_cursors")
    op.drop_table("integration_sync_cursors")
    op.drop_index(op.f("ix_integration_dead_letters_team_id"), "integration_dead_letters")
    op.drop_index(op.f("ix_integration_dead_letters_integration_id"), "integration_dead_letters")
    op.drop_table("integration_dead_letters")
    op.drop_index("ix_integration_deliveries_status_next", "integration_deliveries")
    op.drop_index(op.f("ix_integration_deliveries_team_id"), "integration_deliveries")
    op.drop_index(op.f("ix_integration_deliveries_integration_id"), "integration_deliveries")
    op.drop_table("integration_deliveries")
    op.drop_index(op.f("ix_integrations_team_id"), "integrations")
    op.drop_table("integrations")
