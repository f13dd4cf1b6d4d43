"""conduct.must_disclose: a reply that triggers a policy rule without its disclosure is
flagged on the trigger; a reply that discloses, or does not trigger, is not."""

from __future__ import annotations

import pytest

from growth import WORK_RATIO, growth
from scaling import assert_linear_steps, assert_linear_time
from support import audit_findings, conversation, reply_findings
from trustdesk.checks.conduct.must_disclose import MustDisclose
from trustdesk.engine import Engine
from trustdesk.engine.limits import Limits
from trustdesk.errors import PolicyError
from trustdesk.model import Conversation, Principle, Severity
from trustdesk.policy import policy_from_dict

HISTORY = conversation(("customer", "The basic plan keeps timing out. What can I do?"))

# Against the default policy: (draft, trigger quoted, rule id)
MUST_FLAG = [
    (
        "I can upgrade you to Premium today and the limits go away.",
        "upgrade you to Premium",
        "upgrade-price",
    ),
    ("Shall I switch you to our Pro plan?", "switch you to our Pro", "upgrade-price"),
    (
        "I've started cancelling your subscription as you asked.",
        "cancelling your subscription",
        "cancellation-fee",
    ),
    (
        "Sure, I can arrange cancellation of the contract today.",
        "cancellation of the contract",
        "cancellation-fee",
    ),
    (
        "Yes! I can upgrade your account to Premium today.",
        "upgrade your account to Premium",
        "upgrade-price",
    ),
    ("Done, I've cancelled your membership.", "cancelled your membership", "cancellation-fee"),
]

MUST_NOT_FLAG = [
    # The polite, compliant reply.
    "I'm sorry about the timeouts. I've reset your workspace and they should stop now; tell me "
    "if they come back.",
    "I can upgrade you to Premium, which costs £12 a month, and the limits go away.",
    "Shall I switch you to our Pro plan? It is $15 per month.",
    "I'm cancelling your subscription now; there is no cancellation fee.",
    "Cancelling your plan is free of charge, and I've done it for you.",
    "Premium has higher limits, if you ever want to compare plans.",
]


@pytest.mark.parametrize(("draft", "quote", "rule"), MUST_FLAG)
def test_flags_missing_disclosure(draft: str, quote: str, rule: str) -> None:
    [finding] = reply_findings(MustDisclose, HISTORY, draft)
    assert finding.quote == quote
    assert finding.data["rule"] == rule
    assert finding.principle is Principle.TRANSPARENCY
    assert finding.explanation and finding.suggestion


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_disclosed_or_untriggered_replies_are_not_flagged(draft: str) -> None:
    assert reply_findings(MustDisclose, HISTORY, draft) == []


POLICY = {
    "must_disclose": [
        {
            "id": "restocking-fee",
            "when": [{"phrase": "return label"}, {"pattern": r"\bsend (it|them) back\b"}],
            "mention": [{"phrase": "restocking fee"}, {"pattern": r"\bno (extra )?charge\b"}],
            "reason": "Returns of opened items carry a restocking fee.",
            "suggestion": "Say that a 10% restocking fee applies to opened items.",
            "severity": "block",
        }
    ],
}


def test_rule_reason_suggestion_and_severity_come_from_the_policy() -> None:
    policy = policy_from_dict(POLICY)
    draft = "Just send it back with the return label I've e-mailed."
    [finding] = reply_findings(MustDisclose, HISTORY, draft, policy=policy)
    assert finding.quote == "send it back"  # the earliest trigger
    assert finding.explanation == "Returns of opened items carry a restocking fee."
    assert finding.suggestion == "Say that a 10% restocking fee applies to opened items."
    assert finding.severity is Severity.BLOCK


def test_mention_anywhere_in_the_reply_satisfies_the_rule() -> None:
    policy = policy_from_dict(POLICY)
    draft = "A restocking fee of 10% applies. Here is your return label."
    assert reply_findings(MustDisclose, HISTORY, draft, policy=policy) == []


def test_mention_in_an_earlier_message_counts_only_with_lookback() -> None:
    history = conversation(
        ("customer", "Is there a better plan?"),
        ("agent", "Premium costs £12 a month and has no limits."),
        ("customer", "OK, sounds good."),
    )
    draft = "Great, I'll upgrade you to Premium now."
    assert len(reply_findings(MustDisclose, history, draft)) == 1
    policy = policy_from_dict(
        {
            **_default_rules(),
            "checks": {"conduct.must_disclose": {"params": {"lookback_messages": 1}}},
        }
    )
    assert reply_findings(MustDisclose, history, draft, policy=policy) == []


def test_bad_params_fail_when_the_engine_is_built() -> None:
    policy = policy_from_dict(
        {
            "checks": {"conduct.must_disclose": {"params": {"lookback_messages": -1}}},
        }
    )
    with pytest.raises(PolicyError, match=r"checks\.conduct\.must_disclose\.params\.lookback"):
        reply_findings(MustDisclose, HISTORY, "Hello", policy=policy)


def test_customer_and_note_messages_are_not_judged() -> None:
    conv = conversation(
        ("customer", "Can you upgrade me to Premium? And then I'll cancel the subscription."),
        ("note", "Offer to upgrade them to Premium next week."),
    )
    assert audit_findings(MustDisclose, conv) == []


def test_audit_without_timestamps() -> None:
    conv = conversation(
        ("customer", "Too slow."), ("bot", "Let me move you to Premium!"), timed=False
    )
    [finding] = audit_findings(MustDisclose, conv)
    assert (finding.message_id, finding.quote) == ("m2", "move you to Premium")


def test_no_rules_and_odd_text_are_safe() -> None:
    def replies(n: int) -> dict[str, object]:
        return conversation(("agent", ""), ("agent", "upgrade you to premium " * n))

    def audit(conv: dict[str, object]) -> None:
        assert [f.message_id for f in audit_findings(MustDisclose, conv)] == ["m2"]

    assert_linear_steps(replies, audit, 500)
    assert_linear_time(replies, audit, 1000)
    assert audit_findings(MustDisclose, replies(5000), policy=policy_from_dict({})) == []

    def run(repeats: int) -> object:
        text = "upgrade you to premium " * repeats
        return Engine(checks=[MustDisclose]).audit(conversation(("agent", ""), ("agent", text)))

    assert growth(run, 500) < WORK_RATIO


def test_looking_back_takes_linear_work() -> None:
    # Each reply reads only the few replies before it, however long the history.
    policy = policy_from_dict(
        {
            **_default_rules(),
            "checks": {"conduct.must_disclose": {"params": {"lookback_messages": 3}}},
        }
    )
    engine = Engine(policy, checks=[MustDisclose], limits=Limits(max_messages=10_000))

    def analysed(replies: int) -> Conversation:
        turns = [("agent", f"I can upgrade you to Premium today, ref {n}.") for n in range(replies)]
        conv = Conversation.parse(conversation(("customer", "Too slow."), *turns))
        assert len(engine.audit(conv).findings) == replies
        return conv

    assert growth(engine.audit, 500, analysed) < WORK_RATIO


def _default_rules() -> dict[str, object]:
    from trustdesk.policy import default_policy

    return {
        "must_disclose": [r.model_dump(exclude_none=True) for r in default_policy().must_disclose]
    }
