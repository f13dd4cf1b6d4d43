"""autonomy.pressure: urgency, scarcity, social proof and fear are flagged, and so is pushing
again after a "no"; honest deadlines and stock levels the customer asked about are not."""

from __future__ import annotations

import pytest

from growth import WORK_RATIO, growth
from support import audit_findings, conversation, on, quotes, reply_findings
from trustdesk.checks.autonomy.pressure import PressureTactics
from trustdesk.engine import Engine
from trustdesk.model import Conversation
from trustdesk.policy import Policy

QUESTION = conversation(("customer", "Hi, I'm thinking about the Pro plan. What does it include?"))

MUST_FLAG = [
    ("Pro includes priority support. Act now, this offer ends tonight!", "Act now", "urgency"),
    ("We only have 2 left in stock, so you'll want to be quick.", "only have 2 left", "scarcity"),
    (
        "Thousands of customers already switched to Pro this year.",
        "Thousands of customers already switched",
        "social_proof",
    ),
    (
        "You'll lose your saved projects unless you upgrade today.",
        "You'll lose your saved projects unless you upgrade",
        "fear",
    ),
    ("Prices go up tomorrow, so it's worth buying the Pro plan now.", "Prices go up", "deadline"),
    ("The 30% discount expires at midnight.", "discount expires", "urgency"),
    ("Pro is our most popular plan and it's on sale this week.", "most popular", "demand"),
    ("12 people are viewing this plan right now.", "12 people are viewing", "social_proof"),
    ("Limited-time offer: 3 months of Pro for £1.", "Limited-time", "urgency"),
    ("Don't miss out: sign up today while you can.", "Don't miss out", "urgency"),
]

MUST_NOT_FLAG = [
    # A polite, compliant answer.
    "Pro includes offline mode, priority support and 200 GB of storage for £8 a month. "
    "Take your time, and let me know if you have any questions.",
    # Honest deadlines the customer needs.
    "Your return window closes on 3 April, so please post the item back before then.",
    "The reset link expires in 1 hour for security reasons, so please use it soon.",
    "Your warranty claim needs to reach us by 14 May; after that we can't accept it.",
    "Due to high demand, our replies are taking up to 48 hours this week.",
    "If you delete the app you'll lose the settings stored on this phone.",
    # Factual notices and calls to action that do not rush anyone.
    "Prices for the Standard plan went up on 1 March, as we emailed you in January.",
    "You can upgrade now in Settings > Plan whenever you like.",
    "You just need one step left to finish: confirm your email address.",
]


@pytest.mark.parametrize(("draft", "quote", "kind"), MUST_FLAG)
def test_flags_pressure_tactics(draft: str, quote: str, kind: str) -> None:
    findings = reply_findings(PressureTactics, QUESTION, draft)
    assert any(quote in f.quote for f in findings), quotes(findings)
    assert findings[0].data["kind"] == kind
    assert all(f.suggestion for f in findings)


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_honest_replies_are_not_flagged(draft: str) -> None:
    assert reply_findings(PressureTactics, QUESTION, draft) == []


def test_stock_levels_answering_the_customer_are_information() -> None:
    asked = conversation(("customer", "Do you still have the blue kettle in stock?"))
    assert reply_findings(PressureTactics, asked, "Yes, we have 2 left in stock in blue.") == []


def test_stock_levels_with_a_push_are_pressure_even_when_asked() -> None:
    asked = conversation(("customer", "Is the trail shoe available in size 9?"))
    draft = "We only have 1 left in size 9, so hurry and order now before it's gone!"
    findings = reply_findings(PressureTactics, asked, draft)
    assert quotes(findings) == [
        "only have 1 left in size 9, so hurry and order now before it's gone"
    ]


def test_unsolicited_stock_levels_are_scarcity() -> None:
    conv = conversation(("customer", "How long does delivery take?"))
    findings = reply_findings(PressureTactics, conv, "Two days. Only 3 left, by the way!")
    assert quotes(findings) == ["Only 3 left"]


def test_offer_after_a_no_is_a_repush_with_a_stronger_explanation() -> None:
    conv = conversation(
        ("customer", "Can you help me change my password?"),
        ("agent", "Sure, here's the link. Would you like to try Premium free for 30 days?"),
        ("customer", "No thanks."),
    )
    findings = reply_findings(
        PressureTactics, conv, "Are you sure? Premium members get priority support."
    )
    assert [f.data["kind"] for f in findings] == ["repush", "repush"]
    assert quotes(findings) == ["Are you sure", "Premium members get"]
    assert "already said no" in findings[0].explanation
    assert '"No thanks"' in findings[0].explanation
    assert findings[0].data["declined_in"] == "m3"


def test_asking_again_is_fine_when_nobody_said_no() -> None:
    conv = conversation(("customer", "Can I add gift wrap to my order?"))
    assert reply_findings(PressureTactics, conv, "Of course. Shall I add it for you?") == []


def test_customer_asking_about_offers_again_lifts_the_no() -> None:
    conv = conversation(
        ("agent", "Would you like to try Premium free for 30 days?"),
        ("customer", "No thanks."),
        ("customer", "Actually, how much is Premium after the trial?"),
    )
    draft = "Premium is £12 a month after the trial; our Premium plan includes priority support."
    assert reply_findings(PressureTactics, conv, draft) == []


def test_audit_flags_each_pressuring_message_and_not_the_customer() -> None:
    conv = conversation(
        ("customer", "Hurry up, only 2 days left before my trip!"),
        ("agent", "Flash sale: 40% off all luggage, today only."),
        ("agent", "Your order ships tomorrow."),
    )
    findings = audit_findings(PressureTactics, conv)
    assert [f.message_id for f in findings] == ["m2"]
    assert on(findings, "m1") == []


def test_works_without_timestamps() -> None:
    conv = conversation(("customer", "Any deals?"), timed=False)
    findings = audit_findings(
        PressureTactics,
        {
            **conv,
            "messages": [
                *conv["messages"],
                {"id": "m2", "role": "bot", "text": "Hurry, only 3 left!"},
            ],
        },
    )
    assert [f.message_id for f in findings] == ["m2"]


def test_policy_can_turn_off_repush_and_stock_answers() -> None:
    policy = Policy.model_validate(
        {
            "checks": {
                "autonomy.pressure": {
                    "params": {"flag_repush": False, "allow_stock_answers": False}
                }
            }
        }
    )
    conv = conversation(
        ("agent", "Would you like to add our Screen Protection plan?"),
        ("customer", "No, I'm fine thanks. Do you have the case in stock?"),
    )
    draft = "Yes, we have 2 left in stock. Shall I add the protection plan after all?"
    findings = reply_findings(PressureTactics, conv, draft, policy=policy)
    assert [f.data["kind"] for f in findings] == ["scarcity"]


@pytest.mark.parametrize("text", ["", " ", "!!!", "only " * 20_000, "é" * 50_000, "9" * 10_000])
def test_odd_input_never_crashes(text: str) -> None:
    conv = conversation(("customer", "no thanks"), ("agent", text))
    audit_findings(PressureTactics, conv)


def test_many_stock_replies_take_linear_work() -> None:
    # A reply about stock looks back for the customer's latest message only.
    engine = Engine(checks=[PressureTactics])

    def analysed(replies: int) -> Conversation:
        turns = [("agent", f"We only have {n} left in stock, be quick.") for n in range(replies)]
        conv = Conversation.parse(conversation(("customer", "Do you have it in blue?"), *turns))
        engine.audit(conv)
        return conv

    assert growth(engine.audit, 100, analysed) < WORK_RATIO
