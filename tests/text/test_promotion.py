"""Promotional content: offers are found, plan names and remedies are not."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

import pytest

from trustdesk.model import Message
from trustdesk.policy.schema import BusinessHours
from trustdesk.text.analysis import AnalysisContext, analyse
from trustdesk.text.promotion import first_per_sentence, promotional_hits

CONTEXT = AnalysisContext(tz=ZoneInfo("UTC"), business_hours=BusinessHours(end=time(17)))


def offers(text: str) -> list[str]:
    return [
        hit.text
        for hit in promotional_hits(analyse(Message(id="m", role="agent", text=text), CONTEXT))
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Have you considered our Premium plan?", "Have you considered our Premium plan"),
        ("You can upgrade to Pro for £8 a month.", "upgrade to Pro"),
        ("Get 20% off your next order with code SPRING.", "20% off"),
        ("Use promo code SPRING at checkout.", "promo code"),
        (
            "Would you like to add our Screen Protection plan?",
            "Would you like to add our Screen Protection plan",
        ),
        ("Sign up to our newsletter for tips.", "Sign up to our newsletter"),
        ("Why not try our Family bundle?", "Why not try our Family bundle"),
        ("Members save 20% on every order.", "Members save"),
        ("Start your free trial of Pro today.", "Start your free trial"),
    ],
)
def test_offers_are_found(text: str, found: str) -> None:
    assert found in offers(text)


@pytest.mark.parametrize(
    "text",
    [
        "You were charged for the Premium plan on 3 March.",
        "The price went up because the introductory discount ended on 8 April.",
        "I'm sorry for the delay; as an apology, here is 15% off your next order.",
        "Would you like to try restarting the router?",
        "I recommend clearing the app's cache.",
        "Our servers are upgrading overnight.",
    ],
)
def test_plain_service_text_is_not_an_offer(text: str) -> None:
    assert offers(text) == []


def test_one_offer_per_sentence_is_kept() -> None:
    analysis = analyse(
        Message(
            id="m",
            role="agent",
            text="Upgrade to Pro today for 20% off! Or check out our new range.",
        ),
        CONTEXT,
    )
    kept = first_per_sentence(analysis, promotional_hits(analysis))
    assert [hit.text for hit in kept] == ["Upgrade to Pro", "check out our new range"]
