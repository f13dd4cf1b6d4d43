"""The policy facts a message mentions, found once per run and shared by the checks that
hold claims against the policy (honesty.policy_conflict, promises.unrealistic)."""

from __future__ import annotations

from trustdesk.checks.base import CheckContext
from trustdesk.model import Message
from trustdesk.text.claims import Mention, fact_mentions


def message_mentions(ctx: CheckContext, message: Message) -> list[Mention]:
    """The fact mentions of a whole message, found once per run and shared between checks."""

    def compute() -> list[Mention]:
        return fact_mentions(ctx.policy.facts, ctx.analysis(message).text)

    found: list[Mention] = ctx.shared(f"claims.mentions:{message.id}", compute)
    return found
