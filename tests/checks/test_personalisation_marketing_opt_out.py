"""personalisation.marketing_opt_out: promotions to a customer who opted out are flagged;
answers to their own questions, apology vouchers and opted-in customers are not."""

from __future__ import annotations

from typing import Any

import pytest

from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.personalisation.marketing_opt_out import MarketingOptOut
from trustdesk.policy import Policy

OPTED_OUT = {"preferences": {"marketing": False}}


def history(
    customer: dict[str, Any] | None = OPTED_OUT, text: str = "Has my refund gone through?"
) -> dict[str, Any]:
    return conversation(("customer", text), customer=customer)


MUST_FLAG = [
    (
        "Yes, it was processed today. Sign up to our newsletter for 10% off your next order!",
        "Sign up to our newsletter",
    ),
    ("Yes, it went through. P.S. Members save 20% on every order.", "Members save"),
    (
        "It did! Take a look at our new spring collection when you get a chance.",
        "Take a look at our new spring collection",
    ),
    (
        "Yes. By the way, with our Pro plan you can export to Excel too.",
        "with our Pro plan you can",
    ),
    ("Yes! Use promo code SPRING for free delivery on your next order.", "promo code"),
]

MUST_NOT_FLAG = [
    # A polite, compliant answer.
    "Yes, your refund of £24.99 was processed this morning and should reach your card within "
    "5-10 business days. Is there anything else I can help with?",
    # A remedy, not marketing.
    "I'm sorry it took so long; here is 10% off your next order as an apology.",
    # A plan named as a fact, not offered.
    "Yes, the refund for your Premium plan went through this morning.",
]


@pytest.mark.parametrize(("draft", "quote"), MUST_FLAG)
def test_flags_promotions_to_an_opted_out_customer(draft: str, quote: str) -> None:
    findings = reply_findings(MarketingOptOut, history(), draft)
    assert quotes(findings) == [quote]
    assert "opted out" in findings[0].explanation
    assert findings[0].suggestion


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_no_promotion_is_not_flagged(draft: str) -> None:
    assert reply_findings(MarketingOptOut, history(), draft) == []


@pytest.mark.parametrize("customer", [None, {"preferences": {"marketing": True}}])
def test_customers_who_did_not_opt_out_may_get_offers(customer: dict[str, Any] | None) -> None:
    draft = "Yes! Sign up to our newsletter for 10% off your next order."
    assert reply_findings(MarketingOptOut, history(customer), draft) == []


def test_answering_the_customers_own_question_about_deals_is_not_marketing() -> None:
    conv = history(text="Do you have any discounts for students?")
    draft = "Yes, students get 15% off with a valid student email address."
    assert reply_findings(MarketingOptOut, conv, draft) == []


def test_policy_can_flag_even_answers_to_questions() -> None:
    policy = Policy.model_validate(
        {"checks": {"personalisation.marketing_opt_out": {"params": {"allow_when_asked": False}}}}
    )
    conv = history(text="Do you have any discounts for students?")
    draft = "Yes, students get 15% off with a valid student email address."
    assert quotes(reply_findings(MarketingOptOut, conv, draft, policy=policy)) == ["15% off"]


def test_customer_messages_are_not_judged_and_timestamps_are_optional() -> None:
    conv = conversation(
        ("customer", "Sign up to our newsletter, said the flyer. Please stop sending them."),
        ("bot", "Thanks! Check out our new range while you wait."),
        customer=OPTED_OUT,
        timed=False,
    )
    findings = audit_findings(MarketingOptOut, conv)
    assert [f.message_id for f in findings] == ["m2"]
