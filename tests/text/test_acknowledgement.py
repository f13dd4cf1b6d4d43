"""The acknowledgement and delay-apology lexicons."""

from __future__ import annotations

import pytest

from trustdesk.text.acknowledgement import ACKNOWLEDGEMENT, DELAY_APOLOGY


@pytest.mark.parametrize(
    "text",
    [
        "I'm so sorry about this.",
        "Sorry to hear your parcel is late.",
        "Sorry, you should have been told.",
        "Please accept our apologies.",
        "I understand how frustrating this is.",
        "I can see why you're upset.",
        "That must be really stressful.",
        "How annoying!",
        "You're right to be disappointed.",
        "Thank you for your patience.",
        "We let you down here.",
        "I hear you.",
    ],
)
def test_acknowledgements(text: str) -> None:
    assert ACKNOWLEDGEMENT.scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "Your order arrives tomorrow.",
        "Sorry, I didn't understand that. Would you like an agent?",
        "It is difficult to give an exact date.",
        "How annoying is it to reset a password? Not at all: click the link.",
        "Thank you for your order.",
        "I understand.",
    ],
)
def test_not_acknowledgements(text: str) -> None:
    assert not ACKNOWLEDGEMENT.scan(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Sorry for the slow reply.", True),
        ("Thanks for waiting.", True),
        ("Apologies for keeping you waiting.", True),
        ("Your refund was approved.", False),
    ],
)
def test_delay_apology(text: str, found: bool) -> None:
    assert bool(DELAY_APOLOGY.scan(text)) is found
