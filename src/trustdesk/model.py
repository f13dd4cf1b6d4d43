"""The vocabulary of trustdesk: conversations in, findings and verdicts out.

Conversations are validated with pydantic from the documented input format (see README,
"Input format"); findings and verdicts are plain frozen dataclasses because the engine builds
many of them on the hot path.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

from trustdesk.errors import InputError


class Role(enum.StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    BOT = "bot"
    NOTE = "note"
    SYSTEM = "system"

    @property
    def is_org(self) -> bool:
        """Agent and bot messages are said to the customer on the organisation's behalf."""
        return self in ORG_ROLES


ORG_ROLES: frozenset[Role] = frozenset({Role.AGENT, Role.BOT})
CUSTOMER_ROLES: frozenset[Role] = frozenset({Role.CUSTOMER})


class Principle(enum.StrEnum):
    HONESTY = "honesty"
    TRANSPARENCY = "transparency"
    PROMISES = "promises"
    RESPONSIVENESS = "responsiveness"
    AUTONOMY = "autonomy"
    PRIVACY = "privacy"
    RESPECT = "respect"
    EMPATHY = "empathy"
    EQUITY = "equity"
    PERSONALISATION = "personalisation"
    FAIR_REMEDY = "fair_remedy"
    ADVOCACY = "advocacy"

    @property
    def label(self) -> str:
        return PRINCIPLE_TITLES[self]


PRINCIPLE_TITLES: Mapping[Principle, str] = {
    Principle.HONESTY: "Honesty",
    Principle.TRANSPARENCY: "Transparency",
    Principle.PROMISES: "Reliable promises",
    Principle.RESPONSIVENESS: "Responsiveness",
    Principle.AUTONOMY: "Autonomy",
    Principle.PRIVACY: "Privacy",
    Principle.RESPECT: "Respect",
    Principle.EMPATHY: "Empathy",
    Principle.EQUITY: "Equity",
    Principle.PERSONALISATION: "Personalisation",
    Principle.FAIR_REMEDY: "Fair remedy",
    Principle.ADVOCACY: "Advocacy",
}


class Severity(enum.StrEnum):
    INFO = "info"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARN: 1, Severity.BLOCK: 2}


class Decision(enum.StrEnum):
    ALLOW = "allow"
    WARN = "warn"
    BLOCK = "block"


# --- text and times ------------------------------------------------------------------------

# The engine works out due dates and business days up to a few years after a message, so a
# time must leave room before the ends of the calendar; outside these years it is a
# placeholder or a mistake (0001-01-01), refused rather than judged.
EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def valid_text(value: str) -> str:
    """`value`, if it is Unicode text: a lone surrogate (what a `\\ud800` escape in JSON
    decodes to, often half an emoji cut by an exporter) cannot be stored or written as UTF-8,
    so it is refused with its position, never silently replaced."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")  # fails only on a surrogate, and faster than searching for one
    except UnicodeEncodeError as exc:
        where = exc.start
        raise ValueError(
            f"not valid Unicode: a lone surrogate {value[where]!a} at character {where}"
        ) from None
    return value


def _valid_texts(value: Any) -> Any:
    """`valid_text` over every string (keys too) of a JSON-like value."""
    if isinstance(value, str):
        return valid_text(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _valid_texts(key)
            _valid_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _valid_texts(item)
    return value


def time_input(value: Any) -> Any:
    """A time is given as an ISO 8601 string (or a datetime); a number, or a string of digits,
    is refused rather than read as seconds since 1970."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and (value[4:5] == "-" or not _NUMBER.fullmatch(value)):
        return value  # 2026-03-02…: the pattern is asked only of what is not such a date
    raise ValueError("a time must be an ISO 8601 string such as 2026-03-02T09:12:00+00:00")


def valid_time(value: datetime) -> datetime:
    """`value` with UTC for a missing offset, if its UTC form lies within [EARLIEST, LATEST)."""
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    try:
        inside = EARLIEST <= moment.astimezone(UTC) < LATEST
    except OverflowError:  # 0001-01-01T00:00:00+14:00 is in year 0 in UTC
        inside = False
    if not inside:
        raise ValueError(
            f"time out of range: {value.isoformat()} is not within the years "
            f"{EARLIEST.year}-{LATEST.year - 1} in UTC"
        )
    return moment


# Every string of the input format is Unicode text (checked before any length constraint, so
# the error is this one); every time is an ISO 8601 string in range.
Text = Annotated[str, BeforeValidator(_valid_texts)]
Time = Annotated[datetime, BeforeValidator(time_input), AfterValidator(valid_time)]


# --- input format -------------------------------------------------------------------------


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Preferences(_Input):
    marketing: bool | None = Field(default=None, strict=True)
    language: Text | None = None
    formality: Literal["formal", "casual"] | None = None
    channel: Text | None = None


class Customer(_Input):
    id: Text | None = None
    language: Text | None = None
    segment: dict[Text, Text] = Field(default_factory=dict)
    preferences: Preferences = Field(default_factory=Preferences)

    @property
    def preferred_language(self) -> str | None:
        """The language the customer asked for, else the one recorded for them."""
        return self.preferences.language or self.language


class Message(_Input):
    id: Text = Field(min_length=1)
    role: Role
    author: Text | None = None
    # A timestamp without an offset is read as UTC, so every comparison is well defined.
    at: Time | None = None
    text: Text

    # The text analysis of this message, computed once and shared by every check.
    _analysis: Any = PrivateAttr(default=None)

    @property
    def is_org(self) -> bool:
        return self.role.is_org


class Survey(_Input):
    """The customer's answer to a satisfaction survey after the conversation."""

    satisfaction: int | None = Field(default=None, ge=1, le=5, strict=True)
    treated_fairly: bool | None = Field(default=None, strict=True)
    comment: Text | None = None


class Remedy(_Input):
    """Something granted to put a problem right: a refund, a credit, a replacement, goodwill."""

    kind: Text = Field(min_length=1)
    amount: float | None = Field(default=None, ge=0, strict=True)
    currency: Text | None = None


class Conversation(_Input):
    id: Text = Field(min_length=1)
    channel: Text | None = None
    customer: Customer = Field(default_factory=Customer)
    messages: list[Message] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)
    # None: no survey was sent or answered.
    survey: Survey | None = None
    # None: remedies were not recorded; []: recorded, and none was granted.
    remedies: list[Remedy] | None = None
    # The helpdesk's status when exported, if it has one: it has the last word on whether the
    # conversation is solved (see trustdesk.service_level.state).
    status: Literal["open", "pending", "solved", "closed"] | None = None

    @field_validator("meta")
    @classmethod
    def _meta_is_text(cls, meta: dict[str, Any]) -> dict[str, Any]:
        return _valid_texts(meta)  # type: ignore[no-any-return]

    @field_validator("messages")
    @classmethod
    def _unique_ids(cls, messages: list[Message]) -> list[Message]:
        # Findings point at messages by id, so an id must name exactly one message.
        seen: set[str] = set()
        for message in messages:
            if message.id in seen:
                raise ValueError(f"message id {message.id!r} is used twice in this conversation")
            seen.add(message.id)
        return messages

    @classmethod
    def parse(
        cls,
        data: Conversation | Mapping[str, Any],
        *,
        source: str | None = None,
        line: int | None = None,
    ) -> Conversation:
        """Validate a conversation given as a dict in the input format; raise InputError."""
        if isinstance(data, Conversation):
            return data
        if not isinstance(data, Mapping):
            raise InputError("a conversation must be a JSON object", source=source, line=line)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise input_error(exc, source=source, line=line) from None

    def message_index(self, message_id: str) -> int:
        for index, message in enumerate(self.messages):
            if message.id == message_id:
                return index
        raise KeyError(message_id)


def input_error(
    exc: ValidationError,
    *,
    source: str | None = None,
    line: int | None = None,
    names: Mapping[str, str] | None = None,
) -> InputError:
    """The first problem of a validation error as one clear line naming its field (`names`
    renames a top-level field, for arguments that do not bear the model's names)."""
    first = exc.errors()[0]
    parts = [str(part) for part in first["loc"]]
    if parts and names:
        parts[0] = names.get(parts[0], parts[0])
    field = ".".join(parts).encode("utf-8", "backslashreplace").decode("utf-8") or None
    return InputError(error_message(first), source=source, line=line, field=field)


def error_message(error: ErrorDetails) -> str:
    """One validation problem in words: ours without pydantic's "Value error, " prefix, and
    pydantic's own refusal of a lone surrogate (in a key, or a bounded string) in ours."""
    if error["type"] == "string_unicode":
        return "not valid Unicode: a lone surrogate"
    return error["msg"].removeprefix("Value error, ")


# --- findings and verdicts -----------------------------------------------------------------


# The finding an audit adds when it read a conversation only in part (see
# trustdesk.engine.limits). Checks of the family "audit." are the audit's notes on itself, not
# on the service: they have no principle and weigh in no score, verdict or tally.
AUDIT_TRUNCATED = "audit.truncated"


@dataclass(frozen=True, slots=True)
class Finding:
    """One place where a reply or a conversation breaks the customer's trust, with evidence.

    `start`/`end` are character offsets into the message's text and `quote` is exactly
    `text[start:end]`, so anyone can verify the finding against the original message.

    `principle` is None only on a note of the audit on itself (`is_audit_note`).

    `strength` is the check's own grade of its evidence, from 0 to 1 (1 for a check that does
    not grade its findings). `confidence` is what the engine makes of it: the calibrated
    probability, from 0 to 1, that a reviewer applying the labelling rubric agrees that this
    check is right about this message (see `trustdesk.engine.calibration`). Every finding an
    engine returns carries one; a finding built by hand has none until an engine judges it.
    """

    check: str
    principle: Principle | None
    severity: Severity
    conversation_id: str
    message_id: str
    start: int
    end: int
    quote: str
    explanation: str
    suggestion: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    strength: float = 1.0
    confidence: float | None = None

    def __post_init__(self) -> None:
        # Written as `not (0 <= x <= 1)` so that NaN is refused too.
        if not (isinstance(self.strength, int | float) and 0.0 <= self.strength <= 1.0):
            raise ValueError(f"{self.check}: strength must be a number from 0 to 1")
        if self.confidence is not None and not (
            isinstance(self.confidence, int | float) and 0.0 <= self.confidence <= 1.0
        ):
            raise ValueError(f"{self.check}: confidence must be a number from 0 to 1")

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversation_id": self.conversation_id,
            "message_id": self.message_id,
            "check": self.check,
            "principle": self.principle.value if self.principle else None,
            "severity": self.severity.value,
            "confidence": self.confidence,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            **({"data": dict(self.data)} if self.data else {}),
        }


def is_audit_note(finding: Finding | Mapping[str, Any]) -> bool:
    """Whether `finding` (a Finding, or one as written to findings.jsonl) is a note of the audit
    on itself, such as `audit.truncated`, rather than a finding on the service: it belongs to
    no principle, so it counts in no score, verdict, scorecard or tally of findings."""
    if isinstance(finding, Finding):
        return finding.principle is None
    return finding.get("principle") is None and str(finding.get("check", "")).startswith("audit.")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to "may this draft be sent?": allow, warn or block, and why."""

    decision: Decision
    findings: Sequence[Finding]
    reason: str
    # Checks that did not run because the time budget ran out (the decision is then at least
    # a warning: the draft was not fully checked).
    unchecked: Sequence[str] = ()

    @property
    def exit_code(self) -> int:
        return {Decision.ALLOW: 0, Decision.WARN: 1, Decision.BLOCK: 2}[self.decision]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "decision": self.decision.value,
            "reason": self.reason,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.unchecked:
            data["unchecked"] = list(self.unchecked)
        return data


@dataclass(frozen=True, slots=True)
class PromiseCounts:
    """The promises agents and bots made in one conversation, and how they stood at the end.

    `timed` promises named a concrete time after the message; of those, `broken` were flagged
    by promises.broken, `open` were still within their time when the conversation was judged,
    and the rest were `kept`. `made - timed` promises had no time to keep.
    """

    made: int = 0
    timed: int = 0
    kept: int = 0
    broken: int = 0
    open: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "made": self.made,
            "timed": self.timed,
            "kept": self.kept,
            "broken": self.broken,
            "open": self.open,
        }


@dataclass(frozen=True, slots=True)
class ServiceMeasures:
    """How the customer was served in one conversation, for analytics across many.

    Waits are measured as responsiveness.wait measures them (business time when the policy's
    SLA counts business hours); only waits that ended with a reply are measured here.
    """

    first_reply_seconds: float | None = None
    update_gaps_seconds: tuple[float, ...] = ()
    chased: bool = False
    # None: no problem was raised; True: the last problem raised was closed.
    resolved: bool | None = None
    promises: PromiseCounts = field(default_factory=PromiseCounts)
    # Where the conversation stood when judged: open, waiting_on_us, waiting_on_customer or
    # solved (see trustdesk.service_level.state); None when not measured.
    state: str | None = None
    # The wait still running then (a reply, or a promised update, owed): since when, how long
    # as the SLA counts it, and whether that is past the SLA.
    waiting_since: datetime | None = None
    waited_seconds: float | None = None
    past_sla: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_reply_seconds": self.first_reply_seconds,
            "update_gaps_seconds": list(self.update_gaps_seconds),
            "chased": self.chased,
            "resolved": self.resolved,
            "promises": self.promises.to_dict(),
            "state": self.state,
            "waiting_since": self.waiting_since.isoformat() if self.waiting_since else None,
            "waited_seconds": self.waited_seconds,
            "past_sla": self.past_sla,
        }


@dataclass(frozen=True, slots=True)
class Truncation:
    """Part of a conversation an audit left out to stay within its limits: a whole message
    (`message_id` None: the messages after the limit) or the end of one message's text."""

    message_id: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"message_id": self.message_id, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Audit:
    """Every finding in one conversation and a 0-100 score per principle (100 = no finding)."""

    conversation_id: str
    messages: int
    findings: Sequence[Finding]
    scores: Mapping[Principle, float]
    # The verdict the policy gives the conversation's worst finding.
    decision: Decision = Decision.ALLOW
    service: ServiceMeasures | None = None
    # What was left out to stay within the engine's limits (see trustdesk.engine.limits).
    truncated: Sequence[Truncation] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "conversation_id": self.conversation_id,
            "messages": self.messages,
            "scores": {p.value: s for p, s in self.scores.items()},
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.truncated:
            data["truncated"] = [t.to_dict() for t in self.truncated]
        return data
