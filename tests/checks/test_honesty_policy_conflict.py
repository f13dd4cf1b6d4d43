"""honesty.policy_conflict: timelines, prices and services that contradict the policy's facts."""

from __future__ import annotations

import pytest

from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.honesty.policy_conflict import PolicyConflict
from trustdesk.policy import Policy
from trustdesk.policy.loader import default_policy
from trustdesk.policy.schema import CheckSettings

HISTORY = conversation(("customer", "I have a few questions about my order."))

# (draft, quote, the fact statement the fix must quote)
MUST_FLAG = [
    (
        "No problem, you can return it within 60 days for a full refund.",
        "within 60 days",
        "Items can be returned within 30 days of delivery.",
    ),
    (
        "You have 14 days to return unwanted items.",
        "14 days",
        "Items can be returned within 30 days of delivery.",
    ),
    (
        "Refunds can take up to 14 business days to reach your account.",
        "up to 14 business days",
        "Refunds reach your account within 5-10 business days",
    ),
    (
        "Refunds usually take around three weeks to show up.",
        "around three weeks",
        "Refunds reach your account within 5-10 business days",
    ),
    (
        "Standard delivery can take up to 10 working days at the moment.",
        "up to 10 working days",
        "Standard delivery takes 2-5 business days after dispatch.",
    ),
    (
        "Express delivery is £6.99 and arrives the next working day.",
        "£6.99",
        "Express delivery costs £9.99.",
    ),
    ("Next-day delivery is only £3.95.", "£3.95", "Express delivery costs £9.99."),
    (
        "The Premium plan is £10 a month and includes free delivery.",
        "£10",
        "The Premium plan costs £12 a month.",
    ),
    (
        "Sure, I'll ring you this afternoon to go through the options.",
        "I'll ring you",
        "We do not offer phone support",
    ),
    (
        "Would you like me to arrange a callback from our specialist team?",
        "Would you like me to arrange a callback",
        "We do not offer phone support",
    ),
    (
        "No problem, I can give you a cash refund in any of our stores.",
        "I can give you a cash refund",
        "we cannot refund in cash",
    ),
]

MUST_NOT_FLAG = [
    "Refunds reach your account within 5-10 business days of approval.",
    "Standard delivery takes 3-5 business days after dispatch.",
    "You have 30 days from delivery, so please post it back by 29 April.",
    "Express delivery costs £9.99 and arrives the next business day.",
    "For £12 a month you get free next-day delivery on every order.",
    "I've refunded the missing £15 to your card today.",
    "I'm sorry, we don't offer phone support, but I can help you right here.",
    "I can't call you, but I can answer by e-mail today.",
    "It has taken three weeks so far, which is far too long, and I'm sorry.",
    "If it hasn't arrived in 10 days, let me know.",
    "An engineer will text you 30 minutes before they arrive.",
    # A too-short promise is promises.unrealistic's finding, not this check's.
    "You'll have the money back within 24 hours.",
    # A polite, compliant reply.
    "Thanks for asking, Jo. You can return it within 30 days of delivery, and once it's "
    "back, refunds reach your account within 5-10 business days of approval. Express "
    "delivery costs £9.99 if you'd like the replacement sooner.",
]


@pytest.mark.parametrize(("draft", "quote", "statement"), MUST_FLAG)
def test_flags_claims_that_contradict_a_fact(draft: str, quote: str, statement: str) -> None:
    findings = reply_findings(PolicyConflict, HISTORY, draft)
    assert quotes(findings) == [quote]
    assert statement in (findings[0].suggestion or "")


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_claims_that_agree_with_the_policy_are_not_flagged(draft: str) -> None:
    assert reply_findings(PolicyConflict, HISTORY, draft) == []


def test_a_question_is_not_a_claim() -> None:
    assert reply_findings(PolicyConflict, HISTORY, "Did the refund take 3 weeks?") == []


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(
        (
            "customer",
            "Your website says returns are accepted within 90 days "
            "and express delivery is £2. Can you call me?",
        )
    )
    assert audit_findings(PolicyConflict, conv) == []


def test_works_without_timestamps() -> None:
    conv = conversation(
        ("customer", "How long for a refund?"),
        ("agent", "Refunds take up to 20 business days."),
        timed=False,
    )
    assert [f.message_id for f in audit_findings(PolicyConflict, conv)] == ["m2"]


def _with_params(**params: object) -> Policy:
    policy = default_policy()
    checks = {**policy.checks, PolicyConflict.id: CheckSettings(params=params)}
    return policy.model_copy(update={"checks": checks})


def test_policy_params_turn_each_kind_off() -> None:
    cases = {
        "check_durations": "Refunds take up to 20 business days.",
        "check_amounts": "Express delivery is £6.99.",
        "check_not_provided": "I'll call you back this afternoon.",
    }
    for param, draft in cases.items():
        assert len(reply_findings(PolicyConflict, HISTORY, draft)) == 1
        assert (
            reply_findings(PolicyConflict, HISTORY, draft, policy=_with_params(**{param: False}))
            == []
        )


def test_the_policy_facts_are_the_reference() -> None:
    policy = default_policy().model_copy(update={"facts": []})
    assert (
        reply_findings(PolicyConflict, HISTORY, "Express delivery is £6.99.", policy=policy) == []
    )
