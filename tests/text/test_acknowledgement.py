"""The acknowledgement and delay-apology lexicons."""

from __future__ import annotations

import pytest

from trustdesk.text.acknowledgement import ACKNOWLEDGEMENT, DELAY_APOLOGY, acknowledgements


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
        "That's not what we like to hear! Which model is it?",
        "We hate to hear this. Send us a DM.",
        "We don't like hearing that, Sam.",
        "Oh no! Let's get this sorted.",
        "We're concerned to hear this.",
        "Sad to see this, we'll take a look.",
        "That's no good at all.",
        "We never want you to feel this way.",
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
        "We can see that a colleague is already looking into this.",
        "We take food quality seriously. Which store was it?",
        "Hmm, that's odd. Have you tried restarting?",
        "We want you to have a great trip!",
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


@pytest.mark.parametrize(
    "text", ["We’re sorry about this.", "That’s not what we like to hear.", "I’m so sorry."]
)
def test_typographic_apostrophes(text: str) -> None:
    found = acknowledgements(text)
    assert found
    assert found[0].start < found[0].end <= len(text)
