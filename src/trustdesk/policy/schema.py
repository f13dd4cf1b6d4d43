"""The policy: an organisation's code of conduct, validated strictly.

Every model forbids unknown fields, so a typo in a policy file is an error naming the field,
never a silently ignored setting.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    field_validator,
    model_validator,
)

from trustdesk.model import Principle, Severity

_DURATION = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)\s*$", re.I
)
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: Any) -> timedelta:
    """Read "30m", "4h", "2 days" or a number of seconds as a timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=float(value))
    if isinstance(value, str) and (match := _DURATION.match(value)):
        amount, unit = float(match.group(1)), match.group(2).lower()
        return timedelta(seconds=amount * _UNIT_SECONDS[unit[0]])
    raise ValueError('expected a duration such as "30m", "4h" or "2 days"')


def format_duration(value: timedelta) -> str | float:
    """The shortest form `parse_duration` reads back ("4h", "90m"), so a policy round-trips."""
    seconds = value.total_seconds()
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return seconds


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, when_used="json"),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class BusinessHours(_Strict):
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]))
    start: time = time(9, 0)
    end: time = time(17, 0)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _quoted_time(cls, value: Any) -> Any:
        # YAML reads an unquoted 9:30 as the number 570 (base 60), which would become 00:09:30.
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError('write the time in quotes, e.g. "09:30"')
        return value

    @model_validator(mode="after")
    def _order(self) -> BusinessHours:
        if self.end <= self.start:
            raise ValueError("business hours must end after they start")
        if not self.days:
            raise ValueError("business hours need at least one day")
        return self

    @property
    def weekday_numbers(self) -> frozenset[int]:
        # Business-time arithmetic asks on every call: each set of days is read once.
        return _weekday_numbers(tuple(self.days))


@lru_cache(maxsize=128)
def _weekday_numbers(days: tuple[Weekday, ...]) -> frozenset[int]:
    return frozenset(WEEKDAYS.index(day) for day in days)


class Organisation(_Strict):
    name: str = "Our company"
    timezone: str = "UTC"
    business_hours: BusinessHours = Field(default_factory=BusinessHours)
    language: str = "en"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown timezone {value!r} (use an IANA name such as 'Europe/London')"
            ) from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Sla(_Strict):
    first_response: Duration = timedelta(hours=4)
    update_interval: Duration = timedelta(hours=24)
    # Count only business hours when measuring waits (an SLA of 4h set at 16:00 on Friday
    # is due at 12:00 on Monday).
    business_hours_only: bool = True


DurationUnit = Literal["minutes", "hours", "days", "business_days", "weeks"]


class _Fact(_Strict):
    topic: str = Field(min_length=1)
    # Words or phrases that show a sentence is about this fact ("refund", "money back").
    triggers: list[str] = Field(min_length=1)
    statement: str = Field(min_length=1, description="The fact as an agent may quote it.")


class DurationFact(_Fact):
    kind: Literal["duration"]
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    unit: DurationUnit

    @model_validator(mode="after")
    def _range(self) -> DurationFact:
        if self.max < self.min:
            raise ValueError("max must not be below min")
        return self


class AmountFact(_Fact):
    kind: Literal["amount"]
    amount: float = Field(ge=0)
    currency: str = Field(min_length=3, max_length=3)


class NotProvidedFact(_Fact):
    kind: Literal["not_provided"]


ConditionKind = Literal["before", "after", "within", "only"]


class ConditionFact(_Fact):
    """A condition on something we do provide: when it can be had ("before travel", "within
    30 days of delivery") or by whom ("only the account holder")."""

    kind: Literal["condition"]
    condition: ConditionKind
    # The event a "before", "after" or "within" condition counts from ("travel", "delivery").
    event: list[str] = Field(default_factory=list)
    # Who an "only" condition allows ("account holder").
    who: list[str] = Field(default_factory=list)
    # The longest time a "within" condition allows.
    max: float | None = Field(default=None, ge=0)
    unit: DurationUnit | None = None
    # Further phrases that state the opposite of the condition, in your own words.
    contradicted_by: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> ConditionFact:
        if self.condition in ("before", "after") and not (self.event or self.contradicted_by):
            raise ValueError(f"a '{self.condition}' condition needs 'event' (what it counts from)")
        if self.condition == "within" and (self.max is None or self.unit is None):
            raise ValueError("a 'within' condition needs 'max' and 'unit'")
        if self.condition == "only" and not (self.who or self.contradicted_by):
            raise ValueError("an 'only' condition needs 'who' (who may do it)")
        return self


Fact = Annotated[
    DurationFact | AmountFact | NotProvidedFact | ConditionFact, Field(discriminator="kind")
]

FACT_KINDS = ("duration", "amount", "not_provided", "condition")


class Rule(_Strict):
    """A rule, limit or requirement of the organisation, so that a reply stating it is
    supported ("one subscription can be used on up to 5 devices")."""

    topic: str = Field(min_length=1)
    triggers: list[str] = Field(min_length=1)
    statement: str = Field(min_length=1, description="The rule as an agent may quote it.")


class _Phrase(_Strict):
    """A literal phrase or an RE2 pattern (linear time: a policy cannot hang the engine)."""

    phrase: str | None = None
    pattern: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> _Phrase:
        if (self.phrase is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'phrase' or 'pattern'")
        if self.pattern is not None:
            from trustdesk.policy.patterns import compile_user_pattern

            compile_user_pattern(self.pattern)  # raises ValueError with RE2's reason
        return self


class NeverSay(_Phrase):
    reason: str = Field(min_length=1)
    suggestion: str | None = None
    severity: Severity = Severity.WARN
    principle: Principle = Principle.RESPECT


class Matcher(_Phrase):
    pass


class MustDisclose(_Strict):
    id: str = Field(min_length=1)
    when: list[Matcher] = Field(min_length=1, description="Any of these in a reply triggers it.")
    mention: list[Matcher] = Field(min_length=1, description="Any of these satisfies it.")
    reason: str = Field(min_length=1)
    suggestion: str | None = None
    severity: Severity = Severity.WARN


class Compensation(_Strict):
    currency: str = Field(default="USD", min_length=3, max_length=3)
    remediation_max: float = Field(default=500, ge=0)
    goodwill_max: float = Field(default=50, ge=0)
    # Above this amount a lead must approve.
    approval_above: float = Field(default=100, ge=0)


# A finding's calibrated confidence, and the thresholds the policy sets on it.
Confidence = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


def _confidence_order(low: float | None, high: float | None) -> None:
    if low is not None and high is not None and low > high:
        raise ValueError(
            f"min_confidence ({low:g}) must not be above block_confidence ({high:g}): a finding "
            "confident enough to block must be confident enough to show"
        )


# Who wrote a message, as a check's settings can tell them apart.
AuthorKind = Literal["agent", "bot"]


class AuthorSettings(_Strict):
    """A check's severity and thresholds for the messages of one kind of author (a person or
    a bot); what is left out falls back to the check's own settings."""

    severity: Severity | None = None
    min_confidence: Confidence | None = None
    block_confidence: Confidence | None = None

    @model_validator(mode="after")
    def _confidence_order(self) -> AuthorSettings:
        _confidence_order(self.min_confidence, self.block_confidence)
        return self


class CheckSettings(_Strict):
    enabled: bool = True
    severity: Severity | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    # None: the verdict section's threshold.
    min_confidence: Confidence | None = None
    block_confidence: Confidence | None = None
    # Per kind of author: `by_author: {bot: {severity: block, block_confidence: 0.3}}`.
    by_author: dict[AuthorKind, AuthorSettings] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _confidence_order(self) -> CheckSettings:
        _confidence_order(self.min_confidence, self.block_confidence)
        for author in self.by_author:
            laid = self.for_author(author)
            _confidence_order(laid.min_confidence, laid.block_confidence)
        return self

    def for_author(self, author: str | None) -> CheckSettings:
        """These settings with the ones for `author` ("agent", "bot") laid over them."""
        own = next((kept for kind, kept in self.by_author.items() if kind == author), None)
        if own is None:
            return self
        laid = {key: getattr(own, key) for key in own.model_fields_set}
        return self.model_copy(update={**laid, "by_author": {}})


class VerdictRules(_Strict):
    warn_at: Severity = Severity.WARN
    block_at: Severity = Severity.BLOCK
    # A finding below min_confidence is dropped; a block finding below block_confidence warns.
    min_confidence: Confidence = 0.0
    block_confidence: Confidence = 0.5

    @model_validator(mode="after")
    def _order(self) -> VerdictRules:
        if self.block_at.rank < self.warn_at.rank:
            raise ValueError("block_at must not be below warn_at")
        # Only when both are written here: raising min_confidence alone above the default
        # block_confidence is harmless (a finding below min_confidence is dropped anyway).
        if {"min_confidence", "block_confidence"} <= self.model_fields_set:
            _confidence_order(self.min_confidence, self.block_confidence)
        return self


class Policy(_Strict):
    version: Literal[1] = 1
    name: str = "Unnamed policy"
    revision: str = Field(default="1", description="Your own version label for this policy.")
    organisation: Organisation = Field(default_factory=Organisation)
    sla: Sla = Field(default_factory=Sla)
    facts: list[Fact] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    never_say: list[NeverSay] = Field(default_factory=list)
    must_disclose: list[MustDisclose] = Field(default_factory=list)
    jargon: list[str] = Field(default_factory=list)
    compensation: Compensation = Field(default_factory=Compensation)
    checks: dict[str, CheckSettings] = Field(default_factory=dict)
    verdict: VerdictRules = Field(default_factory=VerdictRules)

    # Where each field came from, so errors found after loading still name a line.
    _source: str | None = PrivateAttr(default=None)
    _lines: dict[tuple[str, ...], int] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> str | None:
        return self._source

    def line_of(self, *path: str) -> int | None:
        """The line in the policy file of the field at `path`, or of its nearest parent."""
        parts = tuple(path)
        while parts:
            if parts in self._lines:
                return self._lines[parts]
            parts = parts[:-1]
        return None

    def check_settings(self, check_id: str) -> CheckSettings:
        return self.checks.get(check_id) or _DEFAULT_SETTINGS

    def confidence_thresholds(
        self, check_id: str, author: str | None = None
    ) -> tuple[float, float]:
        """The confidence a finding of `check_id` needs to be shown, and to block: the
        settings for the message's `author` kind ("agent", "bot") if the check has any, else
        the check's own settings, else the verdict section's."""
        settings = self.check_settings(check_id).for_author(author)
        shown = settings.min_confidence
        blocks = settings.block_confidence
        return (
            self.verdict.min_confidence if shown is None else shown,
            self.verdict.block_confidence if blocks is None else blocks,
        )


_DEFAULT_SETTINGS = CheckSettings()
