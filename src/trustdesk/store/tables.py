"""The desk's tables (SQLAlchemy 2 declarative). The schema itself comes from Alembic migrations.

Times are stored as UTC and always handed back timezone-aware, on SQLite as on PostgreSQL.
Amounts are Numeric (never float) so a remedy of 19.99 stays 19.99.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Stable constraint names, so migrations can alter them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
        Decimal: Numeric(12, 2),
    }


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime]


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    # agent | lead | admin | auditor
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]

    team: Mapped[Team | None] = relationship(lazy="joined")


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # api: long-lived, for machines; session: a person's sign-in, expires.
    kind: Mapped[str] = mapped_column(String(16))
    # SHA-256 of the token: the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


def _external_ids_per_team(table: str) -> tuple[UniqueConstraint, Index]:
    """A helpdesk's ids name records within one team: unique per team, and once more among the
    records of no team (a unique constraint counts every NULL team as different)."""
    no_team = text("team_id IS NULL")
    return (
        UniqueConstraint("team_id", "external_id", name=f"uq_{table}_team_id_external_id"),
        Index(
            f"uq_{table}_external_id_no_team",
            "external_id",
            unique=True,
            sqlite_where=no_team,
            postgresql_where=no_team,
        ),
    )


class Customer(Base):
    """A customer of one team (see trustdesk.desk.tenancy): the same helpdesk id in two teams
    names two customers."""

    __tablename__ = "customers"
    __table_args__ = _external_ids_per_team("customers")
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    language: Mapped[str | None] = mapped_column(String(35))
    # Attributes to compare service across: region, tier, …
    segment: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # marketing (bool), language, formality, channel: as in the engine's input format.
    preferences: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    erased_at: Mapped[datetime | None]


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = _external_ids_per_team("tickets")
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(200))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    channel: Mapped[str | None] = mapped_column(String(40))
    # open | pending | resolved | closed: follows `state` unless someone declared it
    status: Mapped[str] = mapped_column(String(16), index=True)
    # True when an agent or the helpdesk's export set `status`: it has the last word on the
    # state until the next message.
    status_declared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # waiting_on_us | open | waiting_on_customer | solved (see trustdesk.service_level.state)
    state: Mapped[str] = mapped_column(
        String(24), index=True, default="open", server_default="open"
    )
    # What the customer asked for, and the need the agent diagnosed (they can differ).
    requested: Mapped[str | None] = mapped_column(Text)
    diagnosed_need: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    # When the wait still running began: the customer's message that needs a reply, or the
    # holding reply whose update is owed (None: nobody is waiting).
    waiting_since: Mapped[datetime | None] = mapped_column(index=True)
    # The organisation's first answer (None: not answered yet); later waits are measured
    # against the update SLA, the first against the first-response SLA.
    first_reply_at: Mapped[datetime | None]
    # The person working the ticket (None: nobody has taken it).
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Findings on its messages, by severity, as its messages now stand (for the inbox).
    block_findings: Mapped[int] = mapped_column(default=0, server_default="0")
    warn_findings: Mapped[int] = mapped_column(default=0, server_default="0")

    customer: Mapped[Customer] = relationship(lazy="joined")
    owner: Mapped[User | None] = relationship(lazy="joined")
    # Loaded only when a use case reads them (never for lists of tickets).
    messages: Mapped[list[Message]] = relationship(order_by="Message.id", back_populates="ticket")


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("ticket_id", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(200))
    # customer | agent | bot | note | system
    role: Mapped[str] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(200))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When it was written; for an import without a time, when it was imported, and then
    # `time_given` is False so that the engine reads it as untimed.
    at: Mapped[datetime]
    time_given: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    text: Mapped[str] = mapped_column(Text)
    # Kinds of secrets removed before storing (["card", "password"]), for the record.
    redactions: Mapped[list[Any]] = mapped_column(default=list)
    # The pre-send check: allow | warn | block (None for customer messages and imports).
    decision: Mapped[str | None] = mapped_column(String(8))
    findings: Mapped[list[Any]] = mapped_column(default=list)
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The label of the policy that judged the message (see PolicyRevision).
    policy_revision: Mapped[str | None] = mapped_column(String(120), index=True)
    created_at: Mapped[datetime]

    ticket: Mapped[Ticket] = relationship(back_populates="messages")


class Commitment(Base):
    """A promise made to a customer (see trustdesk.desk.ledger)."""

    __tablename__ = "commitments"
    __table_args__ = (
        Index("ix_commitments_status_due", "status", "due_at"),
        # One row per promise the engine finds in a message: importing again adds none.
        UniqueConstraint("message_id", "span_start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    text: Mapped[str] = mapped_column(Text)
    # follow_up | action | outcome (see trustdesk.text.commitments)
    kind: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime | None]
    # True when the reply named no time and the due time is the policy's update SLA.
    due_from_sla: Mapped[bool] = mapped_column(Boolean, default=False)
    # open (a timed promise the messages judge: open until due, then `settles_as`) | untimed
    # | kept | broken | renegotiated (the last three: closed by a person)
    status: Mapped[str] = mapped_column(String(16))
    # engine (found in the message) | person (a renegotiated promise's new time)
    source: Mapped[str] = mapped_column(String(16), default="engine", server_default="engine")
    # Where the promise starts in its message (engine promises): which promise of it this is.
    span_start: Mapped[int | None] = mapped_column(Integer)
    # kept | broken: what an open promise becomes once its due time (plus the grace) passes,
    # by the messages so far (trustdesk.service_level.promises).
    settles_as: Mapped[str | None] = mapped_column(String(8))
    # The first reply from us after the promise (None: the customer has heard nothing since).
    followed_up_at: Mapped[datetime | None]
    kept_by_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    ticket: Mapped[Ticket] = relationship(lazy="joined")


class Consent(Base):
    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    # What the customer asked for, and what is proposed instead.
    requested: Mapped[str] = mapped_column(Text)
    proposed: Mapped[str] = mapped_column(Text)
    # pending | accepted | declined
    answer: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime | None]
    # The customer message that shows the answer.
    evidence_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class Remedy(Base):
    __tablename__ = "remedies"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    # remediation (puts right what went wrong) | goodwill (a gesture on top)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text)
    # The operations note that verified the complaint (required for remediation).
    verification_note: Mapped[str | None] = mapped_column(Text)
    # approved | pending_approval | rejected
    status: Mapped[str] = mapped_column(String(20))
    proposed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class Survey(Base):
    __tablename__ = "surveys"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    created_at: Mapped[datetime]
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    treated_fairly: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Append-only: who read or changed what. Never updated, never deleted (not even by erase)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Notification(Base):
    """The scheduler's state: one row per reminder, so a restart neither loses nor repeats one."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("kind", "subject_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # commitment_due | commitment_overdue | sla_breach
    kind: Mapped[str] = mapped_column(String(32))
    subject_key: Mapped[str] = mapped_column(String(120))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # pending | sent | failed (gave up) | recorded (no channel configured)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class KeyValue(Base):
    """Small pieces of state the desk keeps for itself (the generated signing key)."""

    __tablename__ = "desk_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PolicyRevision(Base):
    """Each policy the desk has used, in full: the newest row is the policy in force."""

    __tablename__ = "policy_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    # The policy's own `revision` label; sent messages name the policy that judged them by it.
    revision: Mapped[str] = mapped_column(String(120), index=True)
    yaml_text: Mapped[str] = mapped_column(Text)
    # SHA-256 of yaml_text (hex), to tell at start-up whether the policy file changed.
    sha256: Mapped[str] = mapped_column(String(64))
    # file (TRUSTDESK_POLICY) | default (the bundled policy) | desk (saved by an admin)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship(lazy="joined")


class LeadRequest(Base):
    """An agent asks a lead to review a draft reply: the lead sends it (maybe edited) or not."""

    __tablename__ = "lead_requests"
    __table_args__ = (Index("ix_lead_requests_status_created", "status", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    requested_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    # The pre-send check's decision on the draft when the agent asked: allow | warn | block.
    decision: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    # pending | sent | declined
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lead_note: Mapped[str | None] = mapped_column(Text)
    sent_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))

    ticket: Mapped[Ticket] = relationship(lazy="joined")
    requested_by: Mapped[User | None] = relationship(
        foreign_keys=[requested_by_user_id], lazy="joined"
    )
    resolved_by: Mapped[User | None] = relationship(
        foreign_keys=[resolved_by_user_id], lazy="joined"
    )


class SignInThrottle(Base):
    """Failed sign-ins counted per account name and per address (see desk.sign_in_limits)."""

    __tablename__ = "sign_in_throttles"
    # SHA-256 (hex) of "account:<name>" or "address:<ip>": no typed name or address is kept.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    # The row is forgotten after this moment (and deleted by a later sign-in).
    expires_at: Mapped[datetime] = mapped_column(index=True)
