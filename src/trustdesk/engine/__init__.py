"""Runs checks over conversations: `check_reply` before sending, `audit` after the fact."""

from trustdesk.engine.core import Engine, audit, check_reply, engine_for

__all__ = ["Engine", "audit", "check_reply", "engine_for"]
