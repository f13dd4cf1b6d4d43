"""trustdesk: catch the replies that break a customer's trust, before and after they are sent.

>>> from trustdesk import check_reply
>>> check_reply({"id": "c1", "messages": []}, "What is your password?").decision.value
'block'
"""

from __future__ import annotations

from trustdesk.engine import Engine, audit, check_reply
from trustdesk.errors import InputError, PolicyError, TrustdeskError
from trustdesk.model import Audit, Conversation, Decision, Finding, Message, Verdict
from trustdesk.policy import Policy, load_policy

__version__ = "0.1.0"

__all__ = [
    "Audit",
    "Conversation",
    "Decision",
    "Engine",
    "Finding",
    "InputError",
    "Message",
    "Policy",
    "PolicyError",
    "TrustdeskError",
    "Verdict",
    "audit",
    "check_reply",
    "load_policy",
]
