"""The contract every check follows, built-in or third-party.

A check is a class with an `id` ("promises.vague"), the `principle` it protects, a default
`severity`, the roles whose messages it `judges`, and a `run(ctx)` that yields findings. Its
policy parameters are a pydantic model given as the type argument, `class X(Check[XParams])`,
so `self.params` is an `XParams` (a check without parameters writes plain `Check`). It reads
messages only through `ctx.analysis(...)`, so text is analysed once however many checks look
at it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict
from typing_extensions import TypeVar

from trustdesk.model import ORG_ROLES, Conversation, Finding, Message, Principle, Role, Severity
from trustdesk.policy.schema import Policy
from trustdesk.service_level.levels import ServiceLevel
from trustdesk.text.analysis import AnalysisContext, MessageAnalysis, analyse
from trustdesk.text.lexicon import Lexicon

if TYPE_CHECKING:
    from trustdesk.service_level.promises import Promise
    from trustdesk.service_level.waits import Wait, WaitTime, Walk

Mode = Literal["reply", "audit"]


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# A check's parameters; a check that names none has none.
P = TypeVar("P", bound=BaseModel, default=NoParams)


class Signal(StrEnum):
    """What a check's findings tell the service measures of an audit, so the engine that
    measures names no check."""

    # A finding means the customer had to chase for an answer.
    CHASED = "chased"


@dataclass
class CheckContext:
    """What a check sees: the conversation, the policy, the clock and which messages to judge.

    In "reply" mode only the draft (the last message) is a target: checks judge the draft and
    read the history for context. In "audit" mode every message is a target.
    """

    conversation: Conversation
    policy: Policy
    now: datetime | None
    mode: Mode
    targets: frozenset[int]
    text_context: AnalysisContext
    # The engine passes the one it built; otherwise it is read from the policy on first use.
    _service_level: ServiceLevel | None = None
    _cache: dict[str, Any] = field(default_factory=dict)
    _analyses: dict[int, MessageAnalysis] = field(default_factory=dict)
    # The targets in order, sorted once for all the checks that walk them.
    _ordered_targets: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def messages(self) -> list[Message]:
        return self.conversation.messages

    @property
    def service_level(self) -> ServiceLevel:
        """The policy's SLA and the thresholds that waits and promises are measured by."""
        if self._service_level is None:
            self._service_level = ServiceLevel.from_policy(self.policy)
        return self._service_level

    def analysis(self, message: Message) -> MessageAnalysis:
        # Checks ask for the same messages' analyses many times per run; a dict lookup here is
        # several times cheaper than reaching the cache on the (pydantic) message each time.
        found = self._analyses.get(id(message))
        if found is None:
            found = self._analyses[id(message)] = analyse(message, self.text_context)
        return found

    def judged(self, roles: Iterable[Role]) -> Iterator[tuple[int, Message]]:
        """The target messages written by one of `roles`, with their index."""
        wanted = roles if isinstance(roles, frozenset) else frozenset(roles)
        ordered = self._ordered_targets
        if ordered is None:
            ordered = self._ordered_targets = sorted(self.targets)
        messages = self.conversation.messages
        for index in ordered:
            message = messages[index]
            if message.role in wanted:
                yield index, message

    def walked_waits(self, closing_max_words: int) -> Walk:
        """The waits of the conversation (one pass, shared by the checks and the measures
        that count waits with the same `closing_max_words`)."""
        from trustdesk.service_level.waits import walk

        walked: Walk = self.shared(
            f"service_level.walk:{closing_max_words}",
            lambda: walk(self.messages, self.analysis, closing_max_words),
        )
        return walked

    def promises(self, grace: timedelta) -> tuple[Promise, ...]:
        """The promises made in the conversation with their outcomes at `now`, judged with
        `grace` (found once per run for the check and the measures that use the same grace)."""
        from trustdesk.service_level.promises import promises

        found: tuple[Promise, ...] = self.shared(
            f"service_level.promises:{grace.total_seconds()!r}",
            lambda: tuple(promises(self.messages, self.analysis, grace, self.now)),
        )
        return found

    def wait_time(self, wait: Wait) -> WaitTime:
        """How long `wait` lasted by the policy's service level (measured once per run)."""
        from trustdesk.service_level.waits import wait_time

        measured: dict[tuple[Any, ...], WaitTime] = self.shared("service_level.wait_times", dict)
        # Times equal as instants may differ in zone or fold: those are part of the key.
        start, end = wait.start, wait.end
        key = (start, start.tzinfo, start.fold, end, end.tzinfo, end.fold, wait.first)
        found = measured.get(key)
        if found is None:
            found = measured[key] = wait_time(wait.start, wait.end, wait.first, self.service_level)
        return found

    def shared(self, key: str, compute: Any) -> Any:
        """A value computed once per run and shared by checks (e.g. conversation state)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


class Check(ABC, Generic[P]):
    id: ClassVar[str]
    principle: ClassVar[Principle]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    judges: ClassVar[frozenset[Role]] = ORG_ROLES
    # The parameters model, a class attribute: the type argument, set on each subclass (see
    # __init_subclass__). Not a ClassVar, which may not hold a type variable.
    Params: type[P]
    # What this check's findings tell the service measures (most tell them nothing).
    signals: ClassVar[frozenset[Signal]] = frozenset()
    # The lexicons this check scans through `MessageAnalysis.hits`, itself or through the
    # helpers it calls: the engine screens them all with one scan per message. A lexicon left
    # out still works, scanned on its own.
    lexicons: ClassVar[tuple[Lexicon, ...]] = ()

    def __init__(self, params: P | None = None, severity_override: Severity | None = None) -> None:
        self.params: P = params if params is not None else self.Params()
        self.severity_override = severity_override

    def __init_subclass__(cls: type[Check[Any]], **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # `class X(Check[XParams])` names the parameters once; X.Params follows from it. A
        # class that sets `Params` itself keeps it, and one that names none has NoParams.
        if "Params" in cls.__dict__:
            return
        named = _params_argument(cls)
        if named is not None:
            cls.Params = named
        elif not hasattr(cls, "Params"):
            cls.Params = NoParams

    @abstractmethod
    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """Yield the findings on the conversation's target messages."""

    def finding(
        self,
        ctx: CheckContext,
        message: Message,
        start: int,
        end: int,
        *,
        explanation: str,
        suggestion: str | None = None,
        severity: Severity | None = None,
        principle: Principle | None = None,
        data: Mapping[str, Any] | None = None,
        strength: float = 1.0,
    ) -> Finding:
        """A finding on `message[start:end]`, with the policy's severity override applied.

        `strength` (0 to 1) grades the evidence when the check can tell strong from weak
        (several cues against one, a sure pattern against a loose one); the engine maps it,
        per check, to a calibrated confidence."""
        start = max(0, min(start, len(message.text)))
        end = max(start, min(end, len(message.text)))
        return Finding(
            check=self.id,
            principle=principle or self.principle,
            severity=self.severity_override or severity or self.severity,
            conversation_id=ctx.conversation.id,
            message_id=message.id,
            start=start,
            end=end,
            quote=message.text[start:end],
            explanation=explanation,
            suggestion=suggestion,
            data=dict(data) if data else {},
            strength=strength,
        )


def _params_argument(cls: type) -> type[BaseModel] | None:
    """The parameters model a class gives its Check base as type argument, if any."""
    for base in cls.__dict__.get("__orig_bases__", ()):
        origin = get_origin(base)
        if isinstance(origin, type) and issubclass(origin, Check):
            for argument in get_args(base):
                if isinstance(argument, type) and issubclass(argument, BaseModel):
                    return argument
    return None
