"""honesty.unsupported_claim: rules, limits and requirements the policy does not state."""

from __future__ import annotations

import pytest

from scaling import assert_linear_steps
from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.honesty.unsupported_claim import UnsupportedClaim
from trustdesk.policy.loader import default_policy, policy_from_dict

HISTORY = conversation(("customer", "I keep getting logged out of the app."))

POLICY = policy_from_dict(
    {
        "facts": [
            {
                "kind": "not_provided",
                "topic": "cash refunds",
                "triggers": ["cash refund"],
                "statement": "We cannot refund in cash.",
            }
        ],
        "rules": [
            {
                "topic": "devices per subscription",
                "triggers": ["device", "devices"],
                "statement": "One subscription can be used on up to 5 devices at once.",
            },
            {
                "topic": "reset links",
                "triggers": ["reset link"],
                "statement": "A password reset link expires after 1 hour for security.",
            },
        ],
    }
)

MUST_FLAG = [
    "This is expected behaviour. Our service is designed to work with only one device per "
    "subscription as a security feature.",
    "It is our policy that accounts are locked whenever they are used abroad.",
    "You need a separate subscription for each person in your home.",
    "Orders are limited to three items per customer per day.",
    "Musical instruments are not allowed in the cabin.",
    "Our rules say you can hold only one booking at a time.",
    "You must buy a separate licence for each device.",
    "Only one account per customer is permitted.",
    "The app is designed to work with one device per subscription as a core security feature.",
]

MUST_NOT_FLAG = [
    "One subscription can be used on up to 5 devices at once.",
    "As a security feature, a password reset link expires after 1 hour.",
    "It is our policy that we cannot give a cash refund.",
    "That shouldn't happen. Could you tell me which browser you use?",
    "I'm not sure why that happens, so I've asked a colleague who can see your account.",
    "Is it our policy that you wanted to ask about?",
    "You need to log in and open Billing to download the invoice.",
    "Thanks, I've reset your sessions; please log in again.",
]


@pytest.mark.parametrize("draft", MUST_FLAG)
def test_flags_rules_the_policy_does_not_state(draft: str) -> None:
    findings = reply_findings(UnsupportedClaim, HISTORY, draft, policy=POLICY)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.quote.strip() and finding.quote in draft
    assert finding.suggestion and (
        "colleague" in finding.suggestion or "Quote the policy" in finding.suggestion
    )


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_rules_the_policy_states_and_honest_replies_pass(draft: str) -> None:
    assert reply_findings(UnsupportedClaim, HISTORY, draft, policy=POLICY) == []


def test_a_rule_named_with_other_numbers_quotes_the_policy_rule() -> None:
    draft = "The app works on only one device at a time, for security."
    [finding] = reply_findings(UnsupportedClaim, HISTORY, draft, policy=POLICY)
    assert "up to 5 devices" in (finding.suggestion or "")
    assert "devices per subscription" in finding.explanation


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(
        ("customer", "It is our policy that staff call back within a day, says my company."),
        ("agent", "Thanks, I'll look into it."),
    )
    assert audit_findings(UnsupportedClaim, conv, policy=POLICY) == []


def test_works_with_the_default_policy() -> None:
    draft = "As a security feature, sessions expire every day and cannot be extended."
    found = reply_findings(UnsupportedClaim, HISTORY, draft, policy=default_policy())
    assert quotes(found) == [draft]


def test_work_grows_linearly_with_the_thread() -> None:
    # Each agent reply asserts a rule; the customer keeps proposing prices and conditions.
    turns = [
        ("customer", "Why can't I use it on my tablet too? I'll pay $5 for it."),
        ("agent", "As a security feature, it works on only one device. That's a deal."),
    ]

    def thread(n: int) -> dict[str, object]:
        return conversation(*(turns * n))

    def audit(conv: dict[str, object]) -> None:
        found = audit_findings(UnsupportedClaim, conv, policy=POLICY)  # type: ignore[arg-type]
        assert len(found) == len(conv["messages"]) // 2  # type: ignore[arg-type]

    assert_linear_steps(thread, audit, 8)
