"""Dilemmas in the open: a dilemma someone raised for their team (on a ticket or in general),
the team's discussion of it, and the decision a lead closed it with.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "raised_dilemmas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("raised_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("clarification", sa.JSON(), nullable=True),
        sa.Column("clarification_status", sa.String(length=8), nullable=True),
        sa.Column("clarification_note", sa.Text(), nullable=True),
        sa.Column("policy_revision_id", sa.Integer(), nullable=True),
        sa.Column("scenario_key", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_raised_dilemmas_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_raised_dilemmas_ticket_id_tickets")
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_user_id"],
            ["users.id"],
            name=op.f("fk_raised_dilemmas_raised_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_user_id"],
            ["users.id"],
            name=op.f("fk_raised_dilemmas_closed_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["policy_revision_id"],
            ["policy_revisions.id"],
            name=op.f("fk_raised_dilemmas_policy_revision_id_policy_revisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raised_dilemmas")),
    )
    op.create_index("ix_raised_dilemmas_team_status", "raised_dilemmas", ["team_id", "status"])
    op.create_index(op.f("ix_raised_dilemmas_ticket_id"), "raised_dilemmas", ["ticket_id"])
    op.create_table(
        "dilemma_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("dilemma_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_dilemma_comments_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["dilemma_id"],
            ["raised_dilemmas.id"],
            name=op.f("fk_dilemma_comments_dilemma_id_raised_dilemmas"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_dilemma_comments_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dilemma_comments")),
    )
    op.create_index(op.f("ix_dilemma_comments_team_id"), "dilemma_comments", ["team_id"])
    op.create_index(op.f("ix_dilemma_comments_dilemma_id"), "dilemma_comments", ["dilemma_id"])


def downgrade() -> None:
    op.drop_table("dilemma_comments")
    op.drop_table("raised_dilemmas")
