"""The shared shape of checks on what a customer is owed: a reply, an update, an answer.

Such a check judges both ways. In an audit it judges the customer's messages, and the finding
sits where the customer waited, chased or asked. Before a reply is sent it judges the draft
that answers them, and the finding sits on the draft's first sentence (a draft without a
sentence has nowhere to put one). responsiveness.wait, responsiveness.chasing and
transparency.unanswered have this shape; `check_replies: false` in the policy keeps one to
audits.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict
from typing_extensions import TypeVar

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import ORG_ROLES, Finding, Message, Role

# Judge drafts before they are sent, not only conversations after the fact.
CHECK_REPLIES = True


class TurnParams(BaseModel):
    """The parameters every customer-turn check has; each check's own model extends it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    check_replies: bool = CHECK_REPLIES


T = TypeVar("T", bound=TurnParams, default=TurnParams)


class CustomerTurnCheck(Check[T]):
    judges = frozenset({Role.CUSTOMER})

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.mode == "audit":
            yield from self.audit(ctx)
            return
        if not self.params.check_replies:
            return
        for index, draft in ctx.judged(ORG_ROLES):
            if ctx.analysis(draft).sentences:
                yield from self.judge_draft(ctx, index, draft)

    @abstractmethod
    def audit(self, ctx: CheckContext) -> Iterable[Finding]:
        """The findings on the customer's messages among the targets."""

    @abstractmethod
    def judge_draft(self, ctx: CheckContext, index: int, draft: Message) -> Iterable[Finding]:
        """The findings on `draft`, the reply at `index` about to be sent (it has a sentence)."""

    def on_draft(
        self,
        ctx: CheckContext,
        draft: Message,
        *,
        explanation: str,
        suggestion: str,
        data: Mapping[str, Any],
    ) -> Finding:
        """A finding on the draft's first sentence, where an agent reads it first."""
        first = ctx.analysis(draft).sentences[0]
        return self.finding(
            ctx,
            draft,
            first.start,
            first.end,
            explanation=explanation,
            suggestion=suggestion,
            data=data,
        )


def since_last_reply(ctx: CheckContext, index: int) -> list[int]:
    """The positions of the customer's messages after the last agent or bot reply before
    `index`: what a reply at `index` answers."""
    messages = ctx.messages
    last_org = max((i for i in range(index) if messages[i].is_org), default=-1)
    return [i for i in range(last_org + 1, index) if messages[i].role == Role.CUSTOMER]
