"""autonomy.no_consent: a different solution put in place without the customer's agreement is
flagged; what the customer asked for, agreed to, or was only offered is not."""

from __future__ import annotations

import pytest

from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.autonomy.no_consent import NoConsent
from trustdesk.policy import Policy

REFUND = conversation(("customer", "I'd like a refund for the blender, it stopped working."))

MUST_FLAG = [
    (
        "I've issued store credit of £49.99 instead of a refund.",
        "I've issued store credit of £49.99 instead",
        "instead",
    ),
    (
        "I went ahead and switched your plan to Basic, which is cheaper.",
        "I went ahead and switched your plan to Basic",
        "plan",
    ),
    (
        "The BL-200 is out of stock, so I've sent you the BL-300 instead.",
        "I've sent you the BL-300 instead",
        "instead",
    ),
    (
        "I've replaced it with a different model that has the same motor.",
        "I've replaced it with a different",
        "replace",
    ),
    (
        "I cancelled your order and placed a new one for the newer model.",
        "I cancelled your order and placed a new one",
        "cancel",
    ),
    (
        "We've swapped your order for the grey version, which is in stock.",
        "We've swapped your order for the grey",
        "swap",
    ),
    ("I've added a £50 gift card to your account.", "I've added a £50 gift card", "credit"),
    (
        "I've rebooked your repair visit to next Friday.",
        "I've rebooked your repair",
        "rebook",
    ),
    # "As requested" does not cover a substitute the reply marks itself.
    (
        "As requested, I've issued store credit instead of the refund.",
        "I've issued store credit instead",
        "instead",
    ),
]

MUST_NOT_FLAG = [
    # A polite, compliant reply that does what was asked.
    "I'm sorry it stopped working. I've issued a full refund of £49.99 to your card; it will "
    "reach you within 5-10 business days.",
    # Proposals are fine: the customer decides.
    "Would you like store credit of £55 instead of the £49.99 refund?",
    "I can switch you to a different model, or refund you. Which would you prefer?",
    # Goodwill on top of what was asked.
    "I've refunded the £49.99, and I've also added 500 points as an apology.",
    # The reply says the customer asked for it (perhaps by phone or e-mail).
    "@jo_k We've switched your account to paperless billing, as requested. ^MB",
    "Per your request, I've cancelled your subscription; you won't be charged again.",
]


@pytest.mark.parametrize(("draft", "quote", "kind"), MUST_FLAG)
def test_flags_substitution_without_agreement(draft: str, quote: str, kind: str) -> None:
    findings = reply_findings(NoConsent, REFUND, draft)
    assert quotes(findings) == [quote]
    assert findings[0].data["kind"] == kind
    assert findings[0].suggestion is not None
    assert findings[0].suggestion.startswith("Ask first")


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_requested_or_proposed_is_not_flagged(draft: str) -> None:
    assert reply_findings(NoConsent, REFUND, draft) == []


def test_agreement_after_the_proposal_is_consent() -> None:
    conv = conversation(
        ("customer", "I want a refund for the blender."),
        (
            "agent",
            "I can offer store credit of £55 instead of a £49.99 refund. Would you prefer that?",
        ),
        ("customer", "Yes please, that works."),
    )
    draft = "Done: I've issued £55 store credit instead of the refund."
    assert reply_findings(NoConsent, conv, draft) == []


def test_a_no_to_the_proposal_is_not_consent() -> None:
    conv = conversation(
        ("customer", "I want a refund for the blender."),
        ("agent", "Would you prefer store credit instead?"),
        ("customer", "No, I'd rather have my money back."),
    )
    draft = "I've issued £55 store credit instead of the refund."
    assert quotes(reply_findings(NoConsent, conv, draft)) == [
        "I've issued £55 store credit instead"
    ]


def test_a_polite_preference_for_the_original_is_not_consent() -> None:
    conv = conversation(
        ("customer", "I want a refund for the blender."),
        ("agent", "Would you prefer store credit instead?"),
        ("customer", "Great offer, but I'd rather have the refund please."),
    )
    draft = "I've issued £55 store credit instead of the refund."
    assert len(reply_findings(NoConsent, conv, draft)) == 1


def test_what_the_customer_asked_for_is_not_a_substitution() -> None:
    conv = conversation(("customer", "Can you switch me to the annual plan?"))
    draft = "Of course. I've switched your plan to annual billing from 1 May."
    assert reply_findings(NoConsent, conv, draft) == []


def test_moving_the_customer_back_restores_what_they_had() -> None:
    conv = conversation(("customer", "I was charged for Premium but I never agreed to an upgrade."))
    assert reply_findings(NoConsent, conv, "I've moved you back to the basic plan.") == []


def test_goodwill_the_customer_refused_is_a_substitution() -> None:
    conv = conversation(("customer", "I want my money back, not a voucher."))
    draft = "I understand. I've sent you a £30 voucher as a goodwill gesture."
    assert quotes(reply_findings(NoConsent, conv, draft)) == ["I've sent you a £30 voucher"]


def test_a_rebooking_is_the_remedy_unless_something_else_was_asked_for() -> None:
    cancelled = conversation(("customer", "@airline my 9am flight is cancelled, now what??"))
    draft = "@jo_k So sorry! We've rebooked you on the 6pm flight tomorrow, same seat. *RT"
    assert reply_findings(NoConsent, cancelled, draft) == []
    wanted_refund = conversation(
        ("customer", "@airline my 9am flight is cancelled, I just want a refund")
    )
    assert quotes(reply_findings(NoConsent, wanted_refund, draft)) == [
        "We've rebooked you on the 6pm"
    ]


def test_agreement_outside_the_lookback_does_not_count() -> None:
    policy = Policy.model_validate(
        {"checks": {"autonomy.no_consent": {"params": {"lookback_messages": 1}}}}
    )
    conv = conversation(
        ("customer", "My flight was cancelled. Can I get a refund?"),
        ("agent", "I can rebook you on the 18:40 flight tomorrow, or refund the ticket."),
        ("customer", "The 18:40 is fine, please go ahead."),
        ("agent", "Thanks, one moment while I check the seats."),
    )
    draft = "I've rebooked you on the 18:40 flight."
    assert reply_findings(NoConsent, conv, draft) == []
    assert quotes(reply_findings(NoConsent, conv, draft, policy=policy)) == [
        "I've rebooked you on the 18"
    ]


def test_customer_messages_are_not_judged_and_timestamps_are_optional() -> None:
    conv = conversation(
        ("customer", "I went ahead and switched your plan to Basic, said my friend."),
        ("agent", "I went ahead and cancelled your subscription."),
        timed=False,
    )
    findings = audit_findings(NoConsent, conv)
    assert [f.message_id for f in findings] == ["m2"]


def test_credit_amount_written_with_of_is_a_substitution() -> None:
    conv = conversation(
        (
            "customer",
            "My order was missing the oat milk, £4.20. Could I get that refunded to my card?",
        ),
        ("agent", "Sorry about that. I've added £4.20 of store credit to your account instead."),
    )
    assert quotes(audit_findings(NoConsent, conv)) == ["I've added £4.20 of store credit"]
