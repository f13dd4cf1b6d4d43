"""Upset and complaint detection: feelings, problem reports, and their evidence."""

from __future__ import annotations

import pytest

from trustdesk.text.sentiment import score


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("This is unacceptable.", "unacceptable"),
        ("I'm so disappointed with the service.", "so disappointed"),
        ("This is the third time I've asked.", "third time"),
        ("I've been waiting for 3 weeks.", "waiting for 3 weeks"),
        ("Still no reply from anyone.", "Still no"),
        ("I'm fed up with this.", "fed up"),
        ("I will cancel my account if this isn't fixed.", "I will cancel"),
    ],
)
def test_upset_with_evidence(text: str, cue: str) -> None:
    sentiment = score(text)
    assert sentiment.upset
    assert sentiment.complaint
    assert sentiment.evidence is not None and sentiment.evidence.text == cue
    assert text[sentiment.evidence.start : sentiment.evidence.end] == cue


@pytest.mark.parametrize("text", ["WHERE IS MY ORDER I PAID FOR IT", "Where is my order?!!"])
def test_agitated_form_is_upset(text: str) -> None:
    assert score(text).upset


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("My parcel never arrived.", "never arrived"),
        ("The app doesn't work on my phone.", "doesn't work"),
        ("I was charged twice for one order.", "charged twice"),
        ("You sent the wrong size.", "wrong size"),
    ],
)
def test_calm_problem_reports_are_complaints_not_upset(text: str, problem: str) -> None:
    sentiment = score(text)
    assert sentiment.complaint
    assert not sentiment.upset
    assert [hit.text for hit in sentiment.problems] == [problem]


@pytest.mark.parametrize(
    "text",
    [
        "Thank you so much!!",
        "Could you tell me when my order will arrive?",
        "What happens if my parcel arrives damaged?",
        "I'm waiting for a delivery tomorrow.",
        "",
    ],
)
def test_neither_upset_nor_complaining(text: str) -> None:
    sentiment = score(text)
    assert not sentiment.upset
    assert not sentiment.complaint


def test_very_long_text_is_scored_on_its_start() -> None:
    assert score("Great service. " * 20_000).compound > 0
