"""honesty.policy_conflict: timelines, prices and services that contradict the policy's facts."""

from __future__ import annotations

import pytest

from scaling import assert_linear_steps
from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.honesty.policy_conflict import PolicyConflict
from trustdesk.policy import Policy
from trustdesk.policy.loader import default_policy, policy_from_dict
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


# --- claims of availability, conditions and agreed prices (bot guard) ----------------------

GUARD_POLICY = policy_from_dict(
    {
        "facts": [
            {
                "kind": "not_provided",
                "topic": "phone support",
                "triggers": ["phone support", "callback", "call you"],
                "statement": "We do not offer phone support; we answer by chat and e-mail.",
            },
            {
                "kind": "not_provided",
                "topic": "lounge access for economy fares",
                "triggers": ["lounge access"],
                "statement": "Lounge access comes with business fares only.",
            },
            {
                "kind": "condition",
                "topic": "bereavement fares",
                "triggers": ["bereavement fare"],
                "condition": "before",
                "event": ["travel", "flight", "trip"],
                "statement": "Bereavement fares must be requested before travel.",
            },
            {
                "kind": "condition",
                "topic": "billing details",
                "triggers": ["billing details"],
                "condition": "only",
                "who": ["account holder"],
                "statement": "Only the account holder can change the billing details.",
            },
            {
                "kind": "condition",
                "topic": "returns",
                "triggers": ["return"],
                "condition": "within",
                "max": 30,
                "unit": "days",
                "event": ["delivery"],
                "statement": "Items can be returned within 30 days of delivery.",
            },
            {
                "kind": "amount",
                "topic": "Atlas price",
                "triggers": ["atlas"],
                "amount": 38500,
                "currency": "USD",
                "statement": "The Atlas costs $38,500.",
            },
        ]
    }
)

GUARD_MUST_FLAG = [
    ("You can request phone support from the help page.", "not_provided"),
    ("No problem. Just book a callback in the app.", "not_provided"),
    ("With your ticket you're entitled to lounge access.", "not_provided"),
    ("Kindly fill in the callback request form and we'll be in touch.", "not_provided"),
    ("To get a callback, submit your request within 90 days of purchase.", "not_provided"),
    (
        "You can apply for a bereavement fare within 90 days after your flight.",
        "condition",
    ),
    ("Don't worry, a bereavement fare can be applied retroactively.", "condition"),
    ("Anyone on the account can change the billing details.", "condition"),
    ("You don't need to be the account holder to change the billing details.", "condition"),
    ("Returns are accepted within 60 days of delivery.", "condition"),
    ("You can return it at any time.", "condition"),
    # "Is available", "are refundable": a claim that it can be had, in any predicate.
    ("Lounge access is included with your fare.", "not_provided"),
    ("Callbacks are free for members.", "not_provided"),
    # After the trip, in the words of a return home.
    ("Keep your receipts and request the bereavement fare when you return.", "condition"),
    ("You can sort out the bereavement fare once you're back.", "condition"),
]

GUARD_MUST_NOT_FLAG = [
    "We don't offer phone support, but I can help here in chat.",
    "Unfortunately a callback isn't something we offer.",
    "Lounge access comes with business fares only.",
    "Would you like lounge access details for business fares?",
    "Bereavement fares can't be claimed after travel; they must be requested before it.",
    "You can apply for a bereavement fare now, before your flight.",
    "Only the account holder can change the billing details.",
    "If he's the account holder, he can change the billing details himself.",
    "You can return it within 30 days of delivery.",
    "Callbacks aren't free, and we don't offer them.",
    "Request the bereavement fare before your flight; it can't be claimed once you're back.",
]


@pytest.mark.parametrize(("draft", "kind"), GUARD_MUST_FLAG)
def test_flags_claims_of_availability_and_reversed_conditions(draft: str, kind: str) -> None:
    findings = reply_findings(PolicyConflict, HISTORY, draft, policy=GUARD_POLICY)
    assert [f.data["kind"] for f in findings] == [kind]
    assert findings[0].suggestion and findings[0].data["topic"]


@pytest.mark.parametrize("draft", GUARD_MUST_NOT_FLAG)
def test_true_statements_refusals_and_questions_pass(draft: str) -> None:
    assert reply_findings(PolicyConflict, HISTORY, draft, policy=GUARD_POLICY) == []


@pytest.mark.parametrize(
    ("proposal", "draft", "flagged"),
    [
        ("I'll give you $1 for the Atlas. Deal?", "That's a deal!", True),
        (
            "Sell me the Atlas for $100, legally binding.",
            "Yes, this is a legally binding offer.",
            True,
        ),
        ("I'll buy the Atlas at $38,500.", "Great, deal! I'll send the contract.", False),
        (
            "I'll give you $1 for the Atlas.",
            "I can't agree to that price; it costs $38,500.",
            False,
        ),
        ("I was refunded $40 for the Atlas mats.", "Agreed, that was the right amount.", False),
    ],
)
def test_agreeing_to_the_customers_price(proposal: str, draft: str, flagged: bool) -> None:
    history = conversation(("customer", proposal))
    findings = reply_findings(PolicyConflict, history, draft, policy=GUARD_POLICY)
    assert [f.data["kind"] for f in findings] == (["agreement"] if flagged else [])


def test_the_product_of_an_agreed_price_may_be_named_earlier() -> None:
    history = conversation(
        ("customer", "How much is the Atlas?"),
        ("bot", "The Atlas costs $38,500."),
        ("customer", "Too much. I'll pay $9,000, take it or leave it."),
    )
    [finding] = reply_findings(PolicyConflict, history, "Okay, deal!", policy=GUARD_POLICY)
    assert "deal" in finding.quote and "$9,000" in finding.explanation


def test_new_kinds_can_be_turned_off() -> None:
    policy = GUARD_POLICY.model_copy(
        update={
            "checks": {
                "honesty.policy_conflict": CheckSettings(
                    params={"check_conditions": False, "check_agreements": False}
                )
            }
        }
    )
    assert (
        reply_findings(
            PolicyConflict,
            HISTORY,
            "You can apply for a bereavement fare within 90 days after your flight.",
            policy=policy,
        )
        == []
    )
    history = conversation(("customer", "I'll give you $1 for the Atlas."))
    assert reply_findings(PolicyConflict, history, "That's a deal!", policy=policy) == []


def test_guard_work_grows_linearly_with_the_thread() -> None:
    turns = [
        ("customer", "I'll give you $1 for the Atlas. Can my son change the billing details?"),
        (
            "bot",
            "That's a deal! Anyone can change the billing details, and you can request phone "
            "support or apply for a bereavement fare after your trip.",
        ),
    ]

    def thread(n: int) -> dict[str, object]:
        return conversation(*(turns * n))

    def audit(conv: dict[str, object]) -> None:
        found = audit_findings(PolicyConflict, conv, policy=GUARD_POLICY)  # type: ignore[arg-type]
        # The agreement, then one offer and one condition for the one sentence naming both.
        assert len(found) == 3 * (len(conv["messages"]) // 2)  # type: ignore[arg-type]

    assert_linear_steps(thread, audit, 8)
