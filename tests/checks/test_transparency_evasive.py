"""transparency.evasive: deflections without a reason are flagged; explained limits are not."""

from __future__ import annotations

import pytest

from support import conversation, quotes, reply_findings
from trustdesk.checks.transparency.evasive import EvasiveDeflection

HISTORY = conversation(("customer", "Why was my account closed? Nobody has told me anything."))

MUST_FLAG = [
    ("Sorry, that's just our policy.", "that's just our policy"),
    ("I can't tell you that, sorry.", "I can't tell you that"),
    ("It is what it is, unfortunately.", "It is what it is"),
    ("Rules are rules. Anything else I can help with?", "Rules are rules"),
    ("I'm not allowed to say why.", "I'm not allowed to say"),
]

MUST_NOT_FLAG = [
    "Your account was closed because two payments failed in a row. I can reopen it today.",
    "I can't share that over chat because we must protect your data; please sign in and open "
    "Settings > Security to see the details.",
    "That's our policy because card details sent over chat can be intercepted. You can add the "
    "card safely in the app instead.",
    "Thank you for your patience. I've reopened the account and you can sign in now.",
]


@pytest.mark.parametrize(("draft", "quote"), MUST_FLAG)
def test_flags_deflection_without_reason(draft: str, quote: str) -> None:
    findings = reply_findings(EvasiveDeflection, HISTORY, draft)
    assert quote in quotes(findings)
    assert all(f.suggestion for f in findings)


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_explained_limits_are_not_flagged(draft: str) -> None:
    assert reply_findings(EvasiveDeflection, HISTORY, draft) == []


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(("customer", "I can't tell you that, it's just the rules at my work."))
    from support import audit_findings

    assert audit_findings(EvasiveDeflection, conv) == []
