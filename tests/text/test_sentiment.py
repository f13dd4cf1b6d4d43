"""Upset and complaint detection: feelings, problem reports, and their evidence."""

from __future__ import annotations

import pytest

from trustdesk.text.sentiment import score


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("This is unacceptable.", "unacceptable"),
        ("I'm so disappointed with the service.", "so disappointed"),
        ("I'm fed up with this.", "fed up"),
        ("I will cancel my account if this isn't fixed.", "I will cancel"),
        ("Ugh, logged out of the app again.", "Ugh"),
        ("wtf is going on with my bill", "wtf"),
        ("Thanks a lot for ruining my weekend.", "Thanks a lot for ruining"),
        ("Third outage this month #fail", "#fail"),
        ("No signal all day 😡", "😡"),
        ("My screen cracked after a week 😭", "😭"),
        ("The courier conveniently forgot to mention the fee.", "conveniently forgot"),
        ("What a mess, nobody knows where my bag is.", "What a mess"),
        ("I'm so anxious, the rent payment has vanished.", "anxious"),
        ("Do you even care about your customers?", "Do you even care"),
    ],
)
def test_upset_with_evidence(text: str, cue: str) -> None:
    sentiment = score(text)
    assert sentiment.upset
    assert sentiment.complaint
    [hit] = [hit for hit in sentiment.cues if hit.text == cue]
    assert text[hit.start : hit.end] == cue
    assert sentiment.evidence is not None


@pytest.mark.parametrize(
    "text",
    [
        "WHERE IS MY ORDER I PAID FOR IT",
        "My order never arrived?!!",
        "The app still doesn't work!!",
        "You sent the WRONG size, again.",
        "@ShopHelp @Courier it is NOT in my porch",
    ],
)
def test_agitated_form_is_upset(text: str) -> None:
    assert score(text).upset


@pytest.mark.parametrize(
    "text",
    [
        # Capitals that are not a raised voice: handles, acronyms, pleas, notices.
        "@SHOPHELP @UKPOST my parcel is at the depot",
        "Is PSN down for the UK? My PS4 says NW 31201",
        "HELP PLEASE, how do I change my address?",
        "WARNING: DO NOT CLICK the link in the text you got from this number",
        # Marks of excitement or surprise, not of a complaint.
        "Can't wait for the new menu!!!",
        "Wait, the flight is on time?!",
        "Thank you so much!!!",
    ],
)
def test_capitals_and_marks_that_are_not_anger(text: str) -> None:
    assert not score(text).upset


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("This is the third time I've asked.", "third time"),
        ("I've been waiting for 3 weeks.", "waiting for 3 weeks"),
        ("Still no reply from anyone.", "Still no"),
        ("Someone hacked my account and changed the password.", "hacked"),
    ],
)
def test_waiting_and_bad_events_are_complaints_not_feelings(text: str, problem: str) -> None:
    # A calm report of waiting or of something bad (which the tone model scores as very
    # negative) is a complaint; a feeling needs a sign of one.
    sentiment = score(text)
    assert sentiment.complaint
    assert not sentiment.upset
    assert [hit.text for hit in sentiment.problems] == [problem]


@pytest.mark.parametrize(
    "text",
    [
        "lol 😭 this ad is so good",
        "Bloody brilliant service at the Leeds store today",
        "I'm afraid I can't find my tracking number.",
        "I feel bad asking again, but is there an update?",
        "It is sad that sellers can list fakes here.",
    ],
)
def test_words_that_only_look_like_feelings(text: str) -> None:
    assert not score(text).upset


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("All sorted now, you're the best!", True),
        ("Fab service today, exchanged with no fuss 😁", True),
        ("Thanks in advance, my parcel is still missing.", False),
        ("Thanks.", False),
    ],
)
def test_content(text: str, content: bool) -> None:
    assert score(text).content is content


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
