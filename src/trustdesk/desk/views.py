"""What the desk's use cases hand back: plain, validated records for the API, the web and the CLI.

They are detached from the database session, so a front end can render them after the use
case's transaction has ended.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _View(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    offset: int
    limit: int
    # True when there are more items after this page.
    more: bool


class TeamView(_View):
    id: int
    name: str


class UserView(_View):
    id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    active: bool


class TokenCreated(BaseModel):
    id: int
    name: str
    kind: Literal["api", "session"]
    # Shown once: only its hash is stored.
    token: str
    expires_at: datetime | None
    user: UserView


class FindingView(BaseModel):
    check: str
    principle: str
    severity: Literal["info", "warn", "block"]
    confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="The calibrated probability that a careful reviewer agrees with the "
        "finding (0-1); null for a finding stored before confidences were recorded.",
    )
    message_id: str
    start: int
    end: int
    quote: str
    explanation: str
    suggestion: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class VerdictView(BaseModel):
    decision: Literal["allow", "warn", "block"]
    reason: str
    findings: list[FindingView]
    # Checks skipped because the time budget ran out (the decision is then at least "warn").
    unchecked: list[str] = []


class CustomerView(_View):
    id: int
    external_id: str | None
    name: str | None
    email: str | None
    language: str | None
    segment: dict[str, Any]
    preferences: dict[str, Any]
    erased_at: datetime | None


class MessageView(_View):
    id: int
    external_id: str | None
    role: str
    author: str | None
    at: datetime
    text: str
    # Kinds of secret removed from a customer's message before it was stored.
    redactions: list[str]
    decision: Literal["allow", "warn", "block"] | None
    findings: list[FindingView]
    override_reason: str | None
    policy_revision: str | None


class CommitmentView(_View):
    id: int
    ticket_id: int
    message_id: int
    # The sentence that made the promise, whole.
    text: str
    kind: str
    # Resolved against the message's own time, in the organisation's timezone and hours; for
    # an untimed promise, the update SLA after the message (`due_from_sla`).
    due_at: datetime | None
    due_from_sla: bool
    # What the promise is now, judged from the messages as an audit judges it (open until due,
    # then kept or broken; untimed when it named no time), unless a person closed it (kept,
    # broken or renegotiated).
    status: Literal["open", "kept", "broken", "untimed", "renegotiated"]
    # Past due with no word from us since: a customer in the dark.
    overdue: bool = False
    # engine: found in the message; person: a renegotiated promise's new time.
    source: Literal["engine", "person"] = "engine"
    # Closed by a person rather than judged from the messages.
    closed_by_person: bool = False
    # The first reply from us after the promise, if any.
    followed_up_at: datetime | None = None
    kept_by_message_id: int | None
    note: str | None
    created_at: datetime
    closed_at: datetime | None


class LedgerCounts(BaseModel):
    """Promises judged at one moment, counted as an audit of the same messages counts them:
    made = timed + untimed; the timed ones are kept, broken, open, or renegotiated by a
    person. A renegotiated promise's new time is a person's, not one more promise made."""

    made: int = 0
    timed: int = 0
    kept: int = 0
    broken: int = 0
    open: int = 0
    untimed: int = 0
    renegotiated: int = 0
    # Past due with no word from us since: customers in the dark.
    overdue: int = 0


class ConsentView(_View):
    id: int
    ticket_id: int
    requested: str
    proposed: str
    answer: Literal["pending", "accepted", "declined"]
    answered_at: datetime | None
    evidence_message_id: int | None
    created_at: datetime


class RemedyView(_View):
    id: int
    ticket_id: int
    customer_id: int
    kind: Literal["remediation", "goodwill"]
    amount: Decimal
    currency: str
    reason: str
    verification_note: str | None
    status: Literal["approved", "pending_approval", "rejected"]
    proposed_by_user_id: int | None
    approved_by_user_id: int | None
    created_at: datetime
    decided_at: datetime | None


class RemedyProposal(BaseModel):
    remedy: RemedyView
    # The customer's earlier remedies, so like cases are treated alike.
    previous: list[RemedyView]
    limit: Decimal
    approval_above: Decimal


class SurveyView(_View):
    id: int
    ticket_id: int
    created_at: datetime
    satisfaction: int | None
    treated_fairly: bool | None
    comment: str | None
    submitted_at: datetime | None


class SurveyLink(BaseModel):
    ticket_id: int
    survey_id: int
    token: str
    url: str


class TicketSummary(_View):
    id: int
    external_id: str | None
    subject: str
    status: Literal["open", "pending", "resolved", "closed"]
    # Where the conversation stands (trustdesk.service_level.state): waiting_on_us (a reply is
    # owed), open (an update or a promise is owed), waiting_on_customer or solved.
    state: Literal["waiting_on_us", "open", "waiting_on_customer", "solved"]
    # True when an agent or the helpdesk set the status (it has the last word until the next
    # message); False when the messages decide it.
    status_declared: bool = False
    channel: str | None
    customer_id: int
    team_id: int | None
    created_at: datetime
    updated_at: datetime
    # When the wait still running began: the customer's message that needs a reply, or the
    # holding reply whose update is owed (None: nobody is waiting).
    waiting_since: datetime | None
    # How long, as responsiveness.wait measures it: "2 days 3 hours (17.5 business hours)".
    waited: str | None = None
    # As the SLA counts it (business time when the policy says so), and when the SLA runs out.
    waited_seconds: int | None = None
    sla_due_at: datetime | None = None
    waiting_past_sla: bool = False
    open_commitments: int = 0
    overdue_commitments: int = 0
    # How the inbox names the customer: name, else email, else the helpdesk's id.
    customer_label: str | None = None
    # The person working the ticket (None: nobody has taken it).
    owner_user_id: int | None = None
    owner_name: str | None = None
    # Findings on the conversation's messages, by severity.
    block_findings: int = 0
    warn_findings: int = 0
    # Derived, never stored (see trustdesk.desk.priority): high, normal or low, and why.
    priority: Literal["high", "normal", "low"] = "normal"
    priority_reasons: list[str] = Field(default_factory=list)


class QueueCounts(BaseModel):
    # Tickets by state (trustdesk.service_level.state); every state is present.
    states: dict[str, int] = Field(
        default_factory=lambda: dict.fromkeys(
            ("waiting_on_us", "open", "waiting_on_customer", "solved"), 0
        )
    )
    # Tickets with a wait running (a reply, or a promised update, owed), and those past the SLA.
    waiting: int = 0
    past_sla: int = 0


class TicketView(TicketSummary):
    requested: str | None
    diagnosed_need: str | None
    customer: CustomerView
    messages: list[MessageView]
    commitments: list[CommitmentView] = Field(default_factory=list)
    consents: list[ConsentView] = Field(default_factory=list)
    remedies: list[RemedyView] = Field(default_factory=list)
    survey: SurveyView | None = None


class ReplyResult(BaseModel):
    message: MessageView
    verdict: VerdictView
    commitments_created: list[CommitmentView]
    commitments_kept: list[CommitmentView]


class AuditEntryView(_View):
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str | None
    detail: dict[str, Any]


class NotificationView(_View):
    id: int
    kind: str
    subject_key: str
    ticket_id: int | None
    payload: dict[str, Any]
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class PolicyRevisionView(BaseModel):
    id: int
    # The policy's own label (its `revision` field); sent messages name it.
    revision: str
    yaml: str
    sha256: str
    # file (TRUSTDESK_POLICY) | default (the bundled policy) | desk (saved by an admin)
    source: Literal["file", "default", "desk"]
    created_at: datetime
    created_by_user_id: int | None
    created_by: str | None
    # True for the newest revision: the one the desk judges replies with.
    active: bool
    # Sent messages judged under this label (a label the file reused counts for each row).
    messages_judged: int


class LeadRequestView(BaseModel):
    id: int
    ticket_id: int
    ticket_subject: str
    requested_by_user_id: int | None
    requested_by: str | None
    text: str
    # The pre-send check's decision on the draft when the agent asked.
    decision: Literal["allow", "warn", "block"]
    note: str | None
    status: Literal["pending", "sent", "declined"]
    created_at: datetime
    resolved_at: datetime | None
    resolved_by_user_id: int | None
    resolved_by: str | None
    lead_note: str | None
    sent_message_id: int | None
