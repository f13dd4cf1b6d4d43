"""honesty.authority: commitments beyond what an agent or a bot may give."""

from __future__ import annotations

import pytest

from scaling import assert_linear_steps
from support import audit_findings, conversation, reply_findings
from trustdesk.checks.honesty.authority import Authority
from trustdesk.policy.loader import default_policy, policy_from_dict

POLICY = policy_from_dict(
    {
        "compensation": {
            "currency": "USD",
            "remediation_max": 300,
            "goodwill_max": 50,
            "approval_above": 100,
        },
        "facts": [
            {
                "kind": "amount",
                "topic": "annual plan price",
                "triggers": ["annual plan"],
                "amount": 120,
                "currency": "USD",
                "statement": "The annual plan costs $120 a year.",
            }
        ],
    }
)
ASKED = conversation(("customer", "My flight was cancelled and I missed a wedding."))

MUST_FLAG = [
    ("Here is my offer: free winter tyres with the car. This is a binding offer.", "binding"),
    ("Free delivery, and that's final with no takesies backsies.", "binding"),
    ("Consider this chat a contract: the price is locked for ten years.", "binding"),
    ("I promise, and you can treat this message as legally binding.", "binding"),
    ("As a gesture of goodwill I've added a $250 travel voucher to your account.", "compensation"),
    ("I'll refund you $900 in compensation today.", "compensation"),
    ("I'll reimburse you $180 for the taxi right away.", "compensation"),
    ("Your next order up to $150 is on us.", "compensation"),
    ("Don't worry, you won't be liable for anything if you break the lease.", "assurance"),
    ("Yes, go ahead. You will definitely win your case.", "assurance"),
    ("Yes, it's perfectly safe to take them with wine during the flight.", "assurance"),
    ("It is completely safe during pregnancy and has no side effects.", "assurance"),
    ("No way, they can't sack you for that.", "assurance"),
    ("Yes, you're fully covered legally, the law is on your side.", "assurance"),
    ("Sure, a drink or two won't interact with antibiotics.", "assurance"),
    ("I'm very sorry. I'm transferring $600 to you now to cover a new hotel.", "compensation"),
    ("Apologies for the mix-up. Please accept a $75 voucher from us.", "compensation"),
    (
        "Here it is in writing: your contract ends next month, and you can hold us to that.",
        "binding",
    ),
    ("This chat counts as a signed agreement, so we'll honour it.", "binding"),
    ("They legally can't touch you for reporting it.", "assurance"),
    ("Yes, the heat pad is completely safe while pregnant.", "assurance"),
    ("So sorry! I've popped $90 of credit on your account.", "compensation"),
]

MUST_NOT_FLAG = [
    "I can't make binding agreements in chat. Prices are confirmed at checkout.",
    "No, nothing in this chat is a contract.",
    "Sorry about that. I've added a $20 voucher to your account as a goodwill gesture.",
    "I've asked my manager to approve a $150 reimbursement and will let you know.",
    "I've started a refund of $120 for the annual plan; it reaches your card in 5 days.",
    "You're right, you were charged twice. I've refunded the $60.",
    "If your claim is approved, you could get $600 in compensation.",
    "I can't give legal advice; a solicitor can tell you where you stand.",
    "I'm not able to advise on medication. Please check with your pharmacist.",
    "Yes, it's safe to close the app; the update carries on in the background.",
    "I've added a £250 voucher to your account.",  # another currency than the policy's
    "Is this a binding contract? No, the terms at checkout are.",
    "Whether it's legal depends on your tenancy agreement; an adviser can tell you.",
]


@pytest.mark.parametrize(("draft", "kind"), MUST_FLAG)
def test_flags_commitments_beyond_authority(draft: str, kind: str) -> None:
    [finding] = reply_findings(Authority, ASKED, draft, policy=POLICY)
    assert finding.data["kind"] == kind
    assert finding.quote.strip() and finding.quote in draft
    assert finding.suggestion


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_refusals_and_grants_within_the_limits_pass(draft: str) -> None:
    assert reply_findings(Authority, ASKED, draft, policy=POLICY) == []


def test_compensation_names_the_limit_and_the_fix() -> None:
    draft = "I've issued a $200 voucher for your next flight."
    [finding] = reply_findings(Authority, ASKED, draft, policy=POLICY)
    assert "50 USD" in finding.explanation
    assert finding.suggestion == (
        "Offer within the limits or hand over to a person who may approve it."
    )


def test_a_grant_over_the_approval_amount_passes_when_approval_is_sought() -> None:
    over = "I'll reimburse you $250 for the lost day."
    sought = "I'll reimburse you $250 for the lost day once a team lead approves it."
    assert "approve" in reply_findings(Authority, ASKED, over, policy=POLICY)[0].explanation
    assert reply_findings(Authority, ASKED, sought, policy=POLICY) == []


def test_agreeing_to_the_customers_price_is_a_binding_commitment() -> None:
    haggle = conversation(("customer", "I'll give you $40 for the desk lamp."))
    [finding] = reply_findings(Authority, haggle, "Deal, the lamp is yours.", policy=POLICY)
    assert finding.data["kind"] == "binding"
    assert "$40" in finding.explanation
    declined = "I can't change prices, I'm afraid. The lamp is $55."
    assert reply_findings(Authority, haggle, declined, policy=POLICY) == []


@pytest.mark.parametrize(
    "draft", ["$40 it is for the lamp.", "Go on then, $40 for the desk lamp.", "Desk lamp: $40."]
)
def test_naming_the_customers_price_agrees_to_it(draft: str) -> None:
    haggle = conversation(("customer", "I'll give you $40 for the desk lamp."))
    [finding] = reply_findings(Authority, haggle, draft, policy=POLICY)
    assert finding.data["kind"] == "binding"


@pytest.mark.parametrize(
    "draft",
    [
        "The lamp is $55; $40 is below what we can do.",
        "Sorry, $40 isn't possible for the lamp.",
        "$40 for the lamp? It costs $55, I'm afraid.",
    ],
)
def test_a_counter_price_or_a_refusal_agrees_to_nothing(draft: str) -> None:
    haggle = conversation(("customer", "I'll give you $40 for the desk lamp."))
    assert reply_findings(Authority, haggle, draft, policy=POLICY) == []


def test_a_price_the_customer_will_not_pay_is_no_offer() -> None:
    haggle = conversation(("customer", "I'll pay $5 for express shipping, not $15."))
    draft = "Express shipping is $15. Standard shipping is free."
    assert reply_findings(Authority, haggle, draft, policy=POLICY) == []


def test_a_price_the_policy_contradicts_is_left_to_policy_conflict() -> None:
    haggle = conversation(("customer", "I'll pay $20 for the annual plan, deal?"))
    assert reply_findings(Authority, haggle, "Deal!", policy=POLICY) == []


def test_paying_the_policys_own_price_is_no_haggling() -> None:
    agreed = conversation(("customer", "I'll take the annual plan for $120."))
    assert reply_findings(Authority, agreed, "Great, that's agreed.", policy=POLICY) == []


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(
        ("customer", "This is legally binding: you owe me $900 in compensation."),
        ("bot", "I'm sorry for the trouble. Let me look at your booking."),
    )
    assert audit_findings(Authority, conv, policy=POLICY) == []


def test_works_with_the_default_policy() -> None:
    # The default policy's limits are in GBP: goodwill up to £50.
    draft = "As an apology I've credited £80 to your account."
    [finding] = reply_findings(Authority, ASKED, draft, policy=default_policy())
    assert finding.data["kind"] == "compensation"


def test_work_grows_linearly_with_the_thread() -> None:
    turns = [
        ("customer", "I'll pay $5 for the seat, and promise me I won't be liable."),
        ("bot", "Deal! You won't be liable, and here's a $90 voucher on us."),
    ]

    def thread(n: int) -> dict[str, object]:
        return conversation(*(turns * n))

    def audit(conv: dict[str, object]) -> None:
        found = audit_findings(Authority, conv, policy=POLICY)  # type: ignore[arg-type]
        assert len(found) == 3 * (len(conv["messages"]) // 2)  # type: ignore[arg-type]

    assert_linear_steps(thread, audit, 8)
