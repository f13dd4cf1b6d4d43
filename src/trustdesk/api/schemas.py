"""Request bodies of the API (responses are the desk's views in `trustdesk.desk.views`)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SkipValidation,
)

from trustdesk.desk.dilemma_outcomes import Clarification, ScenarioPlan
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.policies import MAX_POLICY_CHARS
from trustdesk.desk.views import FindingView, VerdictView
from trustdesk.model import Conversation, Principle, time_input, valid_time

# Ids are 32-bit on every backend: a larger number is a bad request, not a database error.
MAX_ID = 2_147_483_647
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
# A time, as the input format takes one: ISO 8601 with an offset, within the years the engine
# can count from (a number, or 0001-01-01T00:00:00+14:00, is a 422 naming the field).
Moment = Annotated[AwareDatetime, BeforeValidator(time_input), AfterValidator(valid_time)]
# A message's text; its length limit is a setting (TRUSTDESK_MAX_MESSAGE_CHARS), checked by the
# desk with a 413, and the request's bytes are limited before it is read.
Text = Field(min_length=1)
ShortText = Field(min_length=1, max_length=5_000)
ExternalId = Field(default=None, min_length=1, max_length=200)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckRequest(_Body):
    # Validated by the check itself, in its worker thread and after its size is counted
    # (routes/check.py), not here on the event loop every request shares.
    conversation: Annotated[Conversation, SkipValidation] = Field(
        description="The conversation so far, in trustdesk's input format (at most "
        "TRUSTDESK_MAX_HISTORY_MESSAGES messages of TRUSTDESK_MAX_MESSAGE_CHARS characters)."
    )
    draft: str = Field(
        description="The reply about to be sent (at most TRUSTDESK_MAX_MESSAGE_CHARS characters)."
    )
    now: Moment | None = Field(default=None, description="Judge as of this time (default: now).")
    role: Literal["agent", "bot"] = "agent"
    author: str | None = Field(default=None, max_length=200)


class CheckResponse(VerdictView):
    policy_revision: str


class GuardRequest(CheckRequest):
    role: Literal["agent", "bot"] = Field(
        default="bot", description="Who would send the reply (default: a bot)."
    )


class RevisionView(BaseModel):
    checks: list[str] = Field(description="The checks whose findings this change fixes.")
    start: int = Field(
        description="Where the replaced words start: in the draft for step 1, in the reply "
        "revised once for step 2."
    )
    end: int
    quote: str = Field(description="The words replaced.")
    replacement: str = Field(description="What they became (empty: the sentence was dropped).")
    step: int = Field(
        ge=1,
        description="1: a fix of the draft; 2: a fix of what the first fixes uncovered.",
    )
    hands_over: bool = Field(
        description="The replacement tells the customer a colleague will follow up."
    )


class GuardResponse(BaseModel):
    decision: Literal["allow", "revise", "block"] = Field(
        description="allow: send the draft; revise: send `text`, the draft with mechanical "
        "fixes, checked again; block: send nothing of the draft, hand over to a person."
    )
    text: str | None = Field(
        description="What may be sent: the draft (allow), the revised reply (revise), or null "
        "(block)."
    )
    reason: str
    findings: list[FindingView] = Field(description="The findings on the draft.")
    revisions: list[RevisionView] = Field(description="What the guard changed, in order.")
    hands_over: bool = Field(
        description="The text to send says a colleague will follow up by a given time: hand "
        "the conversation over to a person."
    )
    # Checks skipped because the time budget ran out (the decision is then block).
    unchecked: list[str] = []
    policy_revision: str


class SignIn(_Body):
    username: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1_000)


class TicketCreate(_Body):
    customer: CustomerIn = Field(default_factory=CustomerIn)
    text: str = Text
    subject: str | None = Field(default=None, max_length=300)
    channel: str | None = Field(default=None, max_length=40)
    requested: str | None = Field(default=None, max_length=5_000)
    external_id: str | None = ExternalId
    message_external_id: str | None = ExternalId
    at: Moment | None = None


class CustomerMessageCreate(_Body):
    text: str = Text
    external_id: str | None = ExternalId
    at: Moment | None = None


class TicketUpdate(_Body):
    status: Literal["open", "pending", "resolved", "closed"] | None = None
    diagnosed_need: str | None = Field(default=None, max_length=5_000)
    requested: str | None = Field(default=None, max_length=5_000)
    owner_id: int | None = Field(
        default=None,
        ge=1,
        le=2_147_483_647,
        description="Give the ticket to this user (an active agent, lead or admin who can see "
        "its team); null gives it to nobody; left out, the owner is unchanged.",
    )


class ReplyCreate(_Body):
    text: str = Text
    override_reason: str | None = Field(
        default=None,
        min_length=5,
        max_length=2_000,
        description="Why the reply is sent despite a warning (or, for a lead, a block).",
    )
    keeps: list[RecordId] = Field(
        default_factory=list, max_length=100, description="Commitments this reply fulfils."
    )
    role: Literal["agent", "bot"] = "agent"
    external_id: str | None = ExternalId
    resolve: bool = Field(default=False, description="Resolve the ticket with this reply.")


class DraftCheck(_Body):
    text: str = Text
    role: Literal["agent", "bot"] = "agent"


class LeadRequestCreate(_Body):
    text: str = Text
    note: str | None = Field(
        default=None, max_length=5_000, description="What the lead should look at, and why."
    )


class LeadRequestAnswer(_Body):
    send: bool = Field(description="Send the draft (true) or decline the request (false).")
    text: str | None = Field(
        default=None,
        min_length=1,
        description="The reply to send instead of the agent's draft (only with send).",
    )
    note: str = Field(
        min_length=5,
        max_length=5_000,
        description="Why: the override reason stored with a sent reply, or the agent's answer.",
    )


class CommitmentUpdate(_Body):
    status: Literal["kept", "broken", "renegotiated"]
    note: str | None = Field(default=None, max_length=5_000)
    due_at: Moment | None = Field(
        default=None, description="The new due time (required to renegotiate)."
    )


class ConsentCreate(_Body):
    requested: str = ShortText
    proposed: str = ShortText
    answer: Literal["pending", "accepted", "declined"] = "pending"
    evidence_message_id: RecordId | None = None


class ConsentAnswer(_Body):
    answer: Literal["accepted", "declined"]
    evidence_message_id: RecordId | None = None


class RemedyCreate(_Body):
    kind: Literal["remediation", "goodwill"]
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    reason: str = ShortText
    verification_note: str | None = Field(default=None, max_length=5_000)


class RemedyDecision(_Body):
    approve: bool


class SurveyAnswer(_Body):
    satisfaction: int = Field(ge=1, le=5)
    treated_fairly: bool | None = None
    comment: str | None = Field(default=None, max_length=5_000)


class SurveyFormView(BaseModel):
    survey_id: int
    answered: bool
    questions: list[str]


class UserCreate(_Body):
    username: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=10, max_length=1_000)
    role: Literal["agent", "lead", "admin", "auditor"]
    team: str | None = Field(default=None, min_length=1, max_length=120)
    display_name: str | None = Field(default=None, max_length=200)


class UserUpdate(_Body):
    team: str | None = Field(
        min_length=1,
        max_length=120,
        description="The team's name (created if new); null for none (an agent or lead then "
        "sees nothing).",
    )


class TeamCreate(_Body):
    name: str = Field(min_length=1, max_length=120)


class TokenCreate(_Body):
    name: str = Field(min_length=1, max_length=120)
    username: str | None = Field(default=None, max_length=120)


class PolicyUpdate(_Body):
    yaml: str = Field(
        min_length=1,
        max_length=MAX_POLICY_CHARS,
        description="The whole policy, in YAML (as `trustdesk policy show` prints it).",
    )


class ConversationsImport(_Body):
    conversations: list[Conversation] = Field(min_length=1, max_length=1_000)


class ImportResult(BaseModel):
    conversations: int
    tickets_created: int
    messages_added: int
    messages_skipped: int


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]
    schema_revision: str | None
    policy_revision: str
    scheduler_last_run: datetime | None


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable: not_found, reply_blocked, …")
    message: str = Field(description="One plain sentence for a person.")
    field: str | None = Field(description="The request field at fault, as a dotted path.")
    line: int | None = Field(
        default=None, description="For a policy or a file: the line at fault (1-based)."
    )
    verdict: VerdictView | None = Field(
        default=None, description="For a refused reply: the findings and their fixes."
    )
    problems: list[dict[str, str | None]] | None = Field(
        default=None, description="For an invalid request: every field at fault."
    )


class ErrorResponse(BaseModel):
    error: ErrorDetail


# --- practice ------------------------------------------------------------------------------

SCENARIO_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ScenarioId = Field(min_length=1, max_length=120, pattern=SCENARIO_ID_PATTERN)


class ScenarioSummary(BaseModel):
    id: str
    title: str
    principles: list[str]
    situation: str
    requires: list[str] = Field(description="What a reply must cover to pass, in words.")
    origin: str | None


class ScenarioDetail(ScenarioSummary):
    """A scenario as a trainee opens it: the conversation so far, not yet the examples."""

    conversation: dict[str, Any]


class PracticeCreate(_Body):
    scenario_id: str = ScenarioId
    reply: str = Text


class ScenarioFromTicket(_Body):
    message_id: int = Field(
        ge=1, le=MAX_ID, description="The customer message the scenario stops at."
    )
    id: str = ScenarioId
    title: str = Field(min_length=1, max_length=200)
    principles: list[Principle] | None = Field(
        default=None,
        description="Default: the principles of the findings on the reply that was sent.",
    )
    situation: str | None = Field(default=None, min_length=1, max_length=5_000)
    good_reply: str | None = Field(default=None, min_length=1, max_length=5_000)
    exemplary: str | None = Field(
        default=None, min_length=1, max_length=5_000, description="A reply that does it well."
    )


class AssessmentCreate(_Body):
    title: str = Field(min_length=1, max_length=200)
    scenario_ids: list[Annotated[str, ScenarioId]] = Field(default_factory=list, max_length=100)
    item_ids: list[Annotated[str, ScenarioId]] = Field(
        default_factory=list, max_length=100, description="Situational-judgement items."
    )
    assignees: list[RecordId] | None = Field(
        default=None, max_length=500, description="User ids; none: the whole team."
    )
    due_at: Moment | None = None


class JudgementAnswers(_Body):
    answers: dict[Annotated[str, ScenarioId], Annotated[str, Field(min_length=1, max_length=8)]] = (
        Field(min_length=1, max_length=100, description="Item id: the option chosen.")
    )


class JudgementItemSummary(BaseModel):
    id: str
    principles: list[str]
    situation: str


class ItemStatisticsView(BaseModel):
    item: str
    answers: int
    difficulty: float | None = Field(description="The share of answers choosing the best option.")
    discrimination: float | None = Field(
        description="Point-biserial correlation with the rest score; null below 3 answers or "
        "when everyone scored alike."
    )
    chosen: dict[str, int]


class DilemmaChoiceCreate(_Body):
    option: str = Field(min_length=1, max_length=8)
    reason: str = Field(min_length=1, max_length=2_000, description="Why you chose it.")


class RaisedDilemmaCreate(_Body):
    title: str = Field(min_length=1, max_length=200)
    situation: str = Field(
        min_length=1, max_length=5_000, description="What happened and what pulls which way."
    )
    ticket_id: RecordId | None = Field(default=None, description="The ticket it arose on.")


class DilemmaCommentCreate(_Body):
    text: str = Field(min_length=1, max_length=5_000)


class RaisedDilemmaClose(_Body):
    decision: str = Field(min_length=1, max_length=5_000)
    clarification: Clarification | None = Field(
        default=None,
        description="A policy entry the decision proposes: a never-say phrase, a "
        "must-disclose rule or a fact (applied by an admin).",
    )
    revision: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="The label of the policy revision the clarification makes (default: the "
        "current label + '+dilemma-<id>').",
    )
    scenario: ScenarioPlan | None = Field(
        default=None, description="Make a team scenario of the decision."
    )


class ClarificationAnswer(_Body):
    apply: bool = Field(description="True: save the policy with the entry; false: decline.")
    revision: str | None = Field(default=None, min_length=1, max_length=120)
    note: str | None = Field(default=None, min_length=1, max_length=5_000)
