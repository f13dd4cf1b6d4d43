"""The practice tables: a team's own scenarios, attempts, assessments, judgement answers and
dilemma choices (see trustdesk.desk.training). Declared on the desk's `Base`, so one metadata
and one migration history hold every table; `trustdesk.store` imports this module with
`tables`, so the metadata is whole whichever of them a caller imports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trustdesk.store.tables import Base, User


class TeamScenario(Base):
    """A practice scenario a team added (written by a lead, or made from one of its tickets);
    `body` is the scenario as its file format has it (see trustdesk.training)."""

    __tablename__ = "team_scenarios"
    __table_args__ = (UniqueConstraint("team_id", "scenario_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    scenario_key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class PracticeAttempt(Base):
    """One reply a person wrote to a practice scenario, and what the engine said of it."""

    __tablename__ = "practice_attempts"
    __table_args__ = (Index("ix_practice_attempts_team_created", "team_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    scenario_key: Mapped[str] = mapped_column(String(120), index=True)
    reply: Mapped[str] = mapped_column(Text)
    # allow | warn | block, and whether the reply also met every requirement.
    decision: Mapped[str] = mapped_column(String(8))
    passed: Mapped[bool] = mapped_column(Boolean)
    findings: Mapped[list[Any]] = mapped_column(default=list)
    requirements: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]

    user: Mapped[User | None] = relationship(lazy="joined")


class Assessment(Base):
    """A lead's assignment: scenarios to pass and situational-judgement items to answer, for
    the whole team (`assignees` empty) or for some of its people, by a due time."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    scenario_keys: Mapped[list[Any]] = mapped_column(default=list)
    item_keys: Mapped[list[Any]] = mapped_column(default=list)
    assignees: Mapped[list[Any]] = mapped_column(default=list)
    due_at: Mapped[datetime | None]
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class JudgementAnswer(Base):
    """One person's choice on one situational-judgement item of an assessment (once)."""

    __tablename__ = "judgement_answers"
    __table_args__ = (UniqueConstraint("assessment_id", "user_id", "item_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    item_key: Mapped[str] = mapped_column(String(120))
    option_key: Mapped[str] = mapped_column(String(8))
    correct: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class DilemmaChoice(Base):
    """One person's choice on a dilemma, with their reason (once per person and dilemma)."""

    __tablename__ = "dilemma_choices"
    __table_args__ = (UniqueConstraint("user_id", "dilemma_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dilemma_key: Mapped[str] = mapped_column(String(120))
    option_key: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]

    user: Mapped[User | None] = relationship(lazy="joined")


class RaisedDilemma(Base):
    """A dilemma someone of a team met at work and raised for the team to discuss (on one of
    its tickets, or in general), and, once a lead closes it, the decision and what came of it:
    a policy clarification proposed to the admins, or a new team scenario."""

    __tablename__ = "raised_dilemmas"
    __table_args__ = (Index("ix_raised_dilemmas_team_status", "team_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text)
    # open | closed
    status: Mapped[str] = mapped_column(String(8))
    raised_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    closed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]
    decision: Mapped[str | None] = mapped_column(Text)
    # decision (nothing more) | policy | scenario
    outcome: Mapped[str | None] = mapped_column(String(16))
    # The proposed policy entry (see trustdesk.desk.dilemma_outcomes), its fate
    # (proposed | applied | declined), an admin's note on it and the revision it became.
    clarification: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    clarification_status: Mapped[str | None] = mapped_column(String(8))
    clarification_note: Mapped[str | None] = mapped_column(Text)
    policy_revision_id: Mapped[int | None] = mapped_column(ForeignKey("policy_revisions.id"))
    scenario_key: Mapped[str | None] = mapped_column(String(120))

    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_user_id], lazy="joined")
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_user_id], lazy="joined")


class DilemmaComment(Base):
    """One message of the team's discussion of a raised dilemma."""

    __tablename__ = "dilemma_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    dilemma_id: Mapped[int] = mapped_column(ForeignKey("raised_dilemmas.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]

    user: Mapped[User | None] = relationship(lazy="joined")
