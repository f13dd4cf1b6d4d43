"""A practice scenario: a conversation up to the moment of reply, and what a good reply does.

A scenario names the principles it trains, the situation the trainee must handle, the
conversation so far, what a good reply must cover (`requires`, machine-checkable, see
`trustdesk.training.requirements`), and examples: exemplary replies the engine must allow and
poor replies it must flag with a check of the principle trained. An optional `policy` snippet
is laid over the organisation's policy for this scenario only (see `policy_for`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trustdesk.model import Conversation, Principle
from trustdesk.policy.schema import Matcher

# A reply written this long after the last message, when the scenario does not say.
REPLY_DELAY = timedelta(minutes=10)
Id = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9._-]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Acknowledgement(_Strict):
    """The reply acknowledges how the customer feels (the empathy check's lexicon)."""

    kind: Literal["acknowledgement"]
    label: str = "acknowledges how the customer feels"


class ConcreteTime(_Strict):
    """The reply promises something with a concrete time ("by 5pm tomorrow")."""

    kind: Literal["concrete_time"]
    label: str = "gives a concrete time for what it promises"


class Mention(_Strict):
    """The reply says something in particular: any of the phrases or patterns (a disclosure,
    a hand-over, the policy's figure)."""

    kind: Literal["mention"]
    label: str = Field(min_length=1)
    any_of: list[Matcher] = Field(min_length=1)


class InLanguage(_Strict):
    """The reply is written in the customer's language (ISO 639-1 code)."""

    kind: Literal["language"]
    code: str = Field(min_length=2, max_length=3)
    label: str = "answers in the customer's language"


Requirement = Annotated[
    Acknowledgement | ConcreteTime | Mention | InLanguage, Field(discriminator="kind")
]


class Example(_Strict):
    text: str = Field(min_length=1, max_length=4000)
    note: str | None = None


class PoorExample(Example):
    # The checks expected to flag it (at least one of them must); default: any check of a
    # principle the scenario trains.
    flags: list[str] = Field(default_factory=list)


class Scenario(_Strict):
    id: Id
    title: str = Field(min_length=1, max_length=200)
    principles: list[Principle] = Field(min_length=1)
    situation: str = Field(min_length=1)
    # What a good reply does, in words for the trainee (shown after an attempt).
    good_reply: str = Field(min_length=1)
    conversation: Conversation
    requires: list[Requirement] = Field(default_factory=list)
    exemplary: list[Example] = Field(default_factory=list)
    poor: list[PoorExample] = Field(default_factory=list)
    # Laid over the organisation's policy for this scenario: mappings merge, lists extend.
    policy: dict[str, Any] = Field(default_factory=dict)
    # When the reply is written (default: ten minutes after the last message); later, to
    # practise a reply that comes after a long wait.
    reply_at: datetime | None = None
    tags: list[str] = Field(default_factory=list)
    # Where it came from: "shipped", a file, or "ticket 42" for one made from a real case.
    origin: str | None = None
    # What the organisation really sent (a scenario made from a real case).
    what_happened: str | None = None

    @field_validator("principles")
    @classmethod
    def _distinct(cls, value: list[Principle]) -> list[Principle]:
        if len(set(value)) != len(value):
            raise ValueError("a principle is listed twice")
        return value

    @model_validator(mode="after")
    def _ends_with_the_customer(self) -> Scenario:
        messages = self.conversation.messages
        if not messages:
            raise ValueError("the conversation needs at least one message")
        if any(m.at is None for m in messages):
            raise ValueError("every message of a scenario needs its time ('at')")
        if self.reply_at is not None:
            if self.reply_at.tzinfo is None:
                raise ValueError("reply_at needs a UTC offset")
            last = messages[-1].at
            if last is not None and self.reply_at < last:
                raise ValueError("reply_at is before the last message")
        return self

    @property
    def reply_time(self) -> datetime:
        """When the trainee's reply is judged to be written."""
        if self.reply_at is not None:
            return self.reply_at
        last = self.conversation.messages[-1].at
        assert last is not None  # checked by the validator
        return last + REPLY_DELAY


class ScenarioFile(_Strict):
    """What a scenario file holds: a list of scenarios (or one scenario on its own)."""

    scenarios: list[Scenario] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> ScenarioFile:
        seen: set[str] = set()
        for scenario in self.scenarios:
            if scenario.id in seen:
                raise ValueError(f"the id {scenario.id!r} is used twice")
            seen.add(scenario.id)
        return self
