"""The service levels a policy sets, read once into a small typed object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trustdesk.errors import PolicyError
from trustdesk.model import Message
from trustdesk.policy.schema import BusinessHours, Policy, Sla

if TYPE_CHECKING:
    from trustdesk.text.analysis import MessageAnalysis

# A customer message that only closes the conversation ("Thanks, that's all!") and is longer
# than this is read as saying something that needs a reply.
CLOSING_MAX_WORDS = 12
# Minutes after a promise's due time still counted as on time (clock differences between
# systems).
PROMISE_GRACE_MINUTES = 10.0

ClosingMaxWords = Annotated[int, Field(ge=0)]
GraceMinutes = Annotated[float, Field(ge=0)]

# How a message's cached analysis is reached (a check context's `analysis`).
Analyse = Callable[[Message], "MessageAnalysis"]

# Where policies set these: beside the checks that judge them, so policy files written before
# they were shared keep their meaning. (field, check id, parameter)
_SETTINGS = (
    ("closing_max_words", "responsiveness.wait", "closing_max_words"),
    ("grace_minutes", "promises.broken", "grace_minutes"),
)


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    closing_max_words: ClosingMaxWords = CLOSING_MAX_WORDS
    grace_minutes: GraceMinutes = PROMISE_GRACE_MINUTES


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    """The SLA, business hours and thresholds that waits and promises are measured against."""

    sla: Sla
    tz: ZoneInfo
    business_hours: BusinessHours
    closing_max_words: int = CLOSING_MAX_WORDS
    promise_grace: timedelta = timedelta(minutes=PROMISE_GRACE_MINUTES)

    @classmethod
    def from_policy(cls, policy: Policy) -> ServiceLevel:
        """The policy's service levels; a bad value fails with the policy file's line."""
        raw: dict[str, Any] = {}
        for name, check_id, param in _SETTINGS:
            params = policy.check_settings(check_id).params
            if param in params:
                raw[name] = params[param]
        try:
            settings = _Settings.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            check_id, param = next((c, p) for n, c, p in _SETTINGS if n == error["loc"][0])
            path = ("checks", check_id, "params", param)
            raise PolicyError(
                error["msg"],
                source=policy.source,
                line=policy.line_of(*path),
                field=".".join(path),
            ) from None
        return cls(
            sla=policy.sla,
            tz=policy.organisation.tz,
            business_hours=policy.organisation.business_hours,
            closing_max_words=settings.closing_max_words,
            promise_grace=timedelta(minutes=settings.grace_minutes),
        )

    def sla_for(self, first: bool) -> timedelta:
        """The time a reply is owed in: the first response, or an update after that."""
        return self.sla.first_response if first else self.sla.update_interval
