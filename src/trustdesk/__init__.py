"""trustdesk: catch the replies that break a customer's trust, before and after they are sent.

>>> from trustdesk import check_reply
>>> check_reply({"id": "c1", "messages": []}, "What is your password?").decision.value
'block'
"""

from __future__ import annotations

import importlib

# Not `typing.TYPE_CHECKING`: importing typing would double the cost of `import trustdesk`.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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

# Where each public name lives. They are imported on first use (PEP 562), so `import trustdesk`
# costs nothing: a webhook, a worker or a notebook loads only the parts it touches.
_HOMES = {
    "Engine": "trustdesk.engine",
    "audit": "trustdesk.engine",
    "check_reply": "trustdesk.engine",
    "InputError": "trustdesk.errors",
    "PolicyError": "trustdesk.errors",
    "TrustdeskError": "trustdesk.errors",
    "Audit": "trustdesk.model",
    "Conversation": "trustdesk.model",
    "Decision": "trustdesk.model",
    "Finding": "trustdesk.model",
    "Message": "trustdesk.model",
    "Verdict": "trustdesk.model",
    "Policy": "trustdesk.policy",
    "load_policy": "trustdesk.policy",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'trustdesk' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
