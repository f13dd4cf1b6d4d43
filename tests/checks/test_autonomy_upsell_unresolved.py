"""autonomy.upsell_unresolved: offers while the customer's problem is open are flagged; offers
after a fix, offers the customer asked about and apology discounts are not."""

from __future__ import annotations

import pytest

from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.autonomy.upsell_unresolved import UpsellUnresolved
from trustdesk.policy import Policy

CRASH = conversation(
    ("customer", "The app keeps crashing when I open my photos."),
    ("agent", "Sorry about that! Which phone are you using?"),
    ("customer", "An iPhone 13, latest update."),
)

MUST_FLAG = [
    (
        "Thanks. Have you considered our Premium plan? It has priority support.",
        "Have you considered our Premium plan",
    ),
    ("I'll pass this to our developers. Upgrade to Pro today for 20% off!", "Upgrade to Pro"),
    ("Our Gold members get 24/7 phone support, by the way.", "Our Gold members get"),
    (
        "While we look into it, you might like our Device Protection plan.",
        "you might like our Device Protection plan",
    ),
    (
        "Thanks! Sign up to our newsletter for tips and 10% off your next order.",
        "Sign up to our newsletter",
    ),
]

MUST_NOT_FLAG = [
    # A polite, compliant reply that works on the problem.
    "Thanks, that helps. I've asked our developers to look at the crash and I'll update you "
    "by 5pm tomorrow. In the meantime, opening photos from the Files app works.",
    # Fixed earlier in the same reply, then the offer.
    "I've fixed the bug on our side and the app should be working now. By the way, have you "
    "considered upgrading to Pro?",
    # A discount as an apology is a remedy.
    "I'm sorry for the trouble: as an apology, here is 15% off your next order.",
    # A plan named, not offered.
    "I can see you're on the Premium plan, so the fix will reach you first.",
]


@pytest.mark.parametrize(("draft", "quote"), MUST_FLAG)
def test_flags_offers_while_the_problem_is_open(draft: str, quote: str) -> None:
    findings = reply_findings(UpsellUnresolved, CRASH, draft)
    assert quote in quotes(findings)
    assert all(f.suggestion for f in findings)
    assert "The app keeps crashing" in findings[0].explanation
    assert findings[0].data["problem_in"] == "m1"


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_no_offer_or_no_open_problem_is_not_flagged(draft: str) -> None:
    assert reply_findings(UpsellUnresolved, CRASH, draft) == []


def test_offer_after_customer_confirms_the_fix_is_fine() -> None:
    conv = conversation(
        ("customer", "I was charged twice for order #1234."),
        ("agent", "Sorry! I'm looking into it now."),
        ("customer", "Great, that's sorted then, thanks!"),
    )
    draft = "You're welcome! If you ever need more storage, our Pro plan is 20% off this month."
    assert reply_findings(UpsellUnresolved, conv, draft) == []


def test_org_saying_it_is_done_closes_the_problem() -> None:
    conv = conversation(
        ("customer", "My card was charged twice for the same coffee."),
        ("agent", "I've reversed the second charge; it drops off your statement in 2-3 days."),
    )
    draft = "While I have you, would you like to hear about our Premium card?"
    assert reply_findings(UpsellUnresolved, conv, draft) == []


def test_problem_reported_again_reopens_it() -> None:
    conv = conversation(
        ("customer", "My printer won't connect to the wifi."),
        ("agent", "Please restart it while holding the wifi button."),
        ("customer", "That worked, thanks!"),
        ("customer", "Actually it's still not working after the update!!"),
    )
    findings = reply_findings(UpsellUnresolved, conv, "Upgrade to Premium Care for faster fixes.")
    assert quotes(findings) == ["Upgrade to Premium"]


def test_customer_asking_about_plans_is_answered_not_upsold() -> None:
    conv = conversation(("customer", "Would upgrading to Pro fix the sync problem?"))
    draft = "It would help: Pro syncs every 5 minutes. You can upgrade to Pro in Settings."
    assert reply_findings(UpsellUnresolved, conv, draft) == []


def test_policy_can_flag_offers_even_when_asked() -> None:
    policy = Policy.model_validate(
        {"checks": {"autonomy.upsell_unresolved": {"params": {"allow_when_asked": False}}}}
    )
    conv = conversation(("customer", "Would upgrading to Pro fix the sync problem?"))
    draft = "It might. You can upgrade to Pro in Settings."
    assert quotes(reply_findings(UpsellUnresolved, conv, draft, policy=policy)) == [
        "upgrade to Pro"
    ]


def test_no_problem_no_finding() -> None:
    conv = conversation(("customer", "How do I change my delivery address?"))
    draft = "Under Orders > Edit. By the way, our Plus members get free delivery."
    assert reply_findings(UpsellUnresolved, conv, draft) == []


def test_customer_messages_are_not_judged_and_timestamps_are_optional() -> None:
    conv = conversation(
        ("customer", "My order is late. Have you considered upgrading to Pro delivery?"),
        ("agent", "Sorry! Have you considered our Premium plan?"),
        timed=False,
    )
    findings = audit_findings(UpsellUnresolved, conv)
    assert [f.message_id for f in findings] == ["m2"]
