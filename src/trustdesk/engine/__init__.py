"""Runs checks over conversations: `check_reply` before sending, `audit` after the fact, and
`guard` on a bot's serving path (allow, revise or block)."""

from trustdesk.engine.core import Engine, audit, check_reply, engine_for, guard
from trustdesk.engine.revise import GuardDecision, GuardResult, Revision

__all__ = [
    "Engine",
    "GuardDecision",
    "GuardResult",
    "Revision",
    "audit",
    "check_reply",
    "engine_for",
    "guard",
]
