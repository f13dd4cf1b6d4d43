"""promises.unrealistic: guarantees and timelines shorter than the policy's own facts."""

from __future__ import annotations

import pytest

from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.promises.unrealistic import UnrealisticPromise
from trustdesk.policy import Policy
from trustdesk.policy.loader import default_policy
from trustdesk.policy.schema import CheckSettings

HISTORY = conversation(("customer", "I was charged twice and I want the money back."))

# (draft, quote, the fact statement the fix must quote, or None for a guarantee)
MUST_FLAG = [
    (
        "I've refunded it now, and you'll have the money back within 24 hours.",
        "you'll have the money back within 24 hours",
        "Refunds reach your account within 5-10 business days of approval.",
    ),
    (
        "I've processed the refund and it will be back in your account within 24 hours.",
        "it will be back in your account within 24 hours",
        "Refunds reach your account within 5-10 business days of approval.",
    ),
    (
        "Your new card will be with you tomorrow.",
        "Your new card will be with you tomorrow",
        "A replacement card arrives within 3-7 business days.",
    ),
    (
        "You should see the refund on your card by Friday.",
        "You should see the refund on your card by Friday",
        "Refunds reach your account within 5-10 business days",
    ),
    (
        "We've fixed the cause, and I can guarantee this will never happen again.",
        "I can guarantee",
        None,
    ),
    ("Don't worry, it's guaranteed to arrive on Saturday.", "it's guaranteed", None),
    ("Your new card is 100% going to arrive tomorrow.", "is 100%", None),
    ("I promise this will be fixed by tonight.", "I promise this will", None),
    ("This won't happen again, you have my word.", "won't happen again", None),
    ("We'll definitely get this fixed.", "'ll definitely get this fixed", None),
]

MUST_NOT_FLAG = [
    "I can't guarantee the courier will arrive before noon, but I'll message you by 1pm.",
    "There's no guarantee it arrives before Friday, so I've also sent a backup.",
    "Refunds reach your account within 5-10 business days of approval.",
    "Your refund has been approved and will reach your account within 5-10 business days.",
    "I'll email you by 12:00 tomorrow to confirm the refund has been released.",
    "It will be dispatched today, and standard delivery takes 2-5 business days.",
    "Express delivery costs £9.99 and your parcel will arrive tomorrow.",
    # A polite, compliant reply.
    "I'm sorry for the double charge, Sam. I've refunded the second payment today; refunds "
    "reach your account within 5-10 business days of approval, so it will be with you by "
    "Friday 13 March at the latest. I'll check on it on Wednesday and message you.",
]


@pytest.mark.parametrize(("draft", "quote", "statement"), MUST_FLAG)
def test_flags_guarantees_and_short_timelines(
    draft: str, quote: str, statement: str | None
) -> None:
    findings = reply_findings(UnrealisticPromise, HISTORY, draft)
    assert quote in quotes(findings)
    assert all(f.suggestion for f in findings)
    if statement is not None:
        assert any(statement in (f.suggestion or "") for f in findings)


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_honest_and_realistic_promises_are_not_flagged(draft: str) -> None:
    assert reply_findings(UnrealisticPromise, HISTORY, draft) == []


def test_one_finding_per_guarantee_sentence() -> None:
    draft = "I guarantee this will never happen again."
    assert len(reply_findings(UnrealisticPromise, HISTORY, draft)) == 1


def test_without_timestamps_only_durations_are_compared() -> None:
    conv = conversation(
        ("customer", "Where's my refund?"),
        ("agent", "You'll have your refund within 2 days."),
        ("agent", "You'll have your refund by Friday."),
        timed=False,
    )
    assert [f.message_id for f in audit_findings(UnrealisticPromise, conv)] == ["m2"]


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(("customer", "I guarantee this will never happen again, I'll pay on time."))
    assert audit_findings(UnrealisticPromise, conv) == []


def _with_params(**params: object) -> Policy:
    policy = default_policy()
    checks = {**policy.checks, UnrealisticPromise.id: CheckSettings(params=params)}
    return policy.model_copy(update={"checks": checks})


def test_policy_params_turn_each_kind_off() -> None:
    guarantee = "I guarantee it will work."
    timeline = "You'll have the money back within 24 hours."
    off = _with_params(flag_guarantees=False)
    assert reply_findings(UnrealisticPromise, HISTORY, guarantee, policy=off) == []
    assert len(reply_findings(UnrealisticPromise, HISTORY, timeline, policy=off)) == 1
    off = _with_params(flag_timelines=False)
    assert reply_findings(UnrealisticPromise, HISTORY, timeline, policy=off) == []


def test_a_policy_without_facts_still_flags_guarantees() -> None:
    policy = default_policy().model_copy(update={"facts": []})
    assert (
        reply_findings(
            UnrealisticPromise, HISTORY, "You'll have it within 24 hours.", policy=policy
        )
        == []
    )
    assert (
        len(reply_findings(UnrealisticPromise, HISTORY, "It's guaranteed to work.", policy=policy))
        == 1
    )
