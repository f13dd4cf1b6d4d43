"""Practice: a team's own scenarios, the attempts people make at scenarios, and assessments
(assignments of scenarios and situational-judgement items) with their answers, and the
choices people make on dilemmas.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 21:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("scenario_key", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_scenarios_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_team_scenarios_created_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_scenarios")),
        sa.UniqueConstraint("team_id", "scenario_key", name=op.f("uq_team_scenarios_team_id")),
    )
    op.create_index(op.f("ix_team_scenarios_team_id"), "team_scenarios", ["team_id"])
    op.create_table(
        "practice_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("scenario_key", sa.String(length=120), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("requirements", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_practice_attempts_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_practice_attempts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_attempts")),
    )
    op.create_index(
        "ix_practice_attempts_team_created", "practice_attempts", ["team_id", "created_at"]
    )
    op.create_index(op.f("ix_practice_attempts_user_id"), "practice_attempts", ["user_id"])
    op.create_index(
        op.f("ix_practice_attempts_scenario_key"), "practice_attempts", ["scenario_key"]
    )

    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("scenario_keys", sa.JSON(), nullable=False),
        sa.Column("item_keys", sa.JSON(), nullable=False),
        sa.Column("assignees", sa.JSON(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_assessments_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_assessments_created_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index(op.f("ix_assessments_team_id"), "assessments", ["team_id"])
    op.create_table(
        "judgement_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("item_key", sa.String(length=120), nullable=False),
        sa.Column("option_key", sa.String(length=8), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_judgement_answers_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_judgement_answers_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_judgement_answers_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgement_answers")),
        sa.UniqueConstraint(
            "assessment_id", "user_id", "item_key", name=op.f("uq_judgement_answers_assessment_id")
        ),
    )
    op.create_index(op.f("ix_judgement_answers_team_id"), "judgement_answers", ["team_id"])
    op.create_index(
        op.f("ix_judgement_answers_assessment_id"), "judgement_answers", ["assessment_id"]
    )

    op.create_table(
        "dilemma_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("dilemma_key", sa.String(length=120), nullable=False),
        sa.Column("option_key", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_dilemma_choices_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_dilemma_choices_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dilemma_choices")),
        sa.UniqueConstraint("user_id", "dilemma_key", name=op.f("uq_dilemma_choices_user_id")),
    )
    op.create_index(op.f("ix_dilemma_choices_team_id"), "dilemma_choices", ["team_id"])


def downgrade() -> None:
    op.drop_table("dilemma_choices")
    op.drop_table("judgement_answers")
    op.drop_table("assessments")
    op.drop_table("practice_attempts")
    op.drop_table("team_scenarios")
