"""Commitments: organisation-side promises, their kind, their time and when they are due."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from trustdesk.policy.schema import BusinessHours
from trustdesk.text.analysis import AnalysisContext, MessageAnalysis
from trustdesk.text.commitments import Commitment, find_commitments

LONDON = ZoneInfo("Europe/London")
CONTEXT = AnalysisContext(tz=LONDON, business_hours=BusinessHours(start="09:00", end="17:30"))
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def commitments(text: str, at: datetime | None = MONDAY) -> list[Commitment]:
    return MessageAnalysis(text, at, CONTEXT).commitments


# (text, [(commitment text, kind, time text or None, vague)])
PROMISES = [
    ("We will get back to you.", [("We will get back to you", "follow_up", None, True)]),
    ("I'll call you tomorrow.", [("I'll call you", "follow_up", "tomorrow", False)]),
    ("Someone will be in touch soon.", [("Someone will be in touch", "follow_up", "soon", True)]),
    ("I'll send the label by Friday.", [("I'll send the label", "action", "by Friday", False)]),
    (
        "We will endeavor to resolve this.",
        [("We will endeavor to resolve this", "action", None, True)],
    ),
    (
        "Your refund will be processed within 3 days.",
        [("Your refund will be processed", "outcome", "within 3 days", False)],
    ),
    (
        "You'll hear from us by Wednesday.",
        [("You'll hear from us", "follow_up", "by Wednesday", False)],
    ),
    (
        "Let me check and come back to you.",
        [("Let me check and come back to you", "follow_up", None, True)],
    ),
    (
        "Let me check with the warehouse and I'll get back to you by 3pm.",
        [
            (
                "Let me check with the warehouse and I'll get back to you",
                "follow_up",
                "by 3pm",
                False,
            )
        ],
    ),
    (
        "I'll call you today and send the label by Friday.",
        [
            ("I'll call you", "follow_up", "today", False),
            ("send the label", "action", "by Friday", False),
        ],
    ),
    (
        "Our billing team will contact you within 24 hours.",
        [("Our billing team will contact you", "follow_up", "within 24 hours", False)],
    ),
    (
        "We've received your message and will get back to you as soon as possible.",
        [("will get back to you", "follow_up", "as soon as possible", True)],
    ),
    (
        "Please expect a call from our engineer on Monday morning.",
        [("Please expect a call", "follow_up", "on Monday morning", False)],
    ),
    (
        "Your parcel should arrive by Thursday.",
        [("Your parcel should arrive", "outcome", "by Thursday", False)],
    ),
    ("It will be dispatched tomorrow.", [("It will be dispatched", "outcome", "tomorrow", False)]),
    (
        "I promise to call you back this afternoon.",
        [("I promise to call you back", "follow_up", "this afternoon", False)],
    ),
    (
        "Thanks! An agent will be with you soon.",
        [("An agent will be with you", "follow_up", "soon", True)],
    ),
    (
        "I've refunded it now, and you'll have the money back within 24 hours.",
        [("you'll have the money", "outcome", "within 24 hours", False)],
    ),
    (
        "Your complaint has been logged and will be reviewed in due course.",
        [("and will be reviewed", "outcome", "in due course", True)],
    ),
]

NOT_PROMISES = [
    "I won't be able to call you.",
    "We will not charge you for this.",
    "Shall I call you tomorrow? Would you like me to send a label?",
    "I'll be happy to help. I will need your order number.",
    "I've sent the label and refunded the delivery charge.",
    "You said you would call me back.",
    "",
]


@pytest.mark.parametrize(("text", "expected"), PROMISES)
def test_promises_are_found_with_their_time(
    text: str, expected: list[tuple[str, str, str | None, bool]]
) -> None:
    found = commitments(text)
    assert [(c.text, c.kind, c.time.text if c.time else None, c.vague) for c in found] == expected
    for commitment in found:
        assert text[commitment.start : commitment.end] == commitment.text
        assert commitment.sentence.contains(commitment.start, commitment.end)


@pytest.mark.parametrize("text", NOT_PROMISES)
def test_statements_that_promise_nothing(text: str) -> None:
    assert commitments(text) == []


def test_due_time_comes_from_the_time_expression() -> None:
    [commitment] = commitments("I'll email you an update by 5pm today.")
    assert commitment.due == datetime(2026, 3, 2, 17, 0, tzinfo=LONDON)
    assert commitment.extent == (0, len("I'll email you an update by 5pm today"))


def test_without_message_time_the_time_is_kept_but_not_due() -> None:
    [commitment] = commitments("I'll call you tomorrow.", at=None)
    assert commitment.time is not None and commitment.due is None and not commitment.vague


def test_hedged_promises_are_marked() -> None:
    assert commitments("We aim to reply within 24 hours.")[0].hedged
    assert commitments("Hopefully we'll have an update for you soon.")[0].hedged
    assert not commitments("We will reply within 24 hours.")[0].hedged


@pytest.mark.parametrize(
    "text",
    [
        "We try to upgrade as many loyal customers as we can.",
        "We hope to welcome you on board one day.",
        "When an order is cancelled, you'll receive an email with the reason.",
        "Whenever a delivery is late, we will refund the delivery charge.",
        "Usually, the courier will contact you to book a slot.",
        "Normally the courier will call you ahead of the delivery.",
    ],
)
def test_what_usually_happens_or_what_we_wish_is_general(text: str) -> None:
    [commitment] = commitments(text)
    assert commitment.general


@pytest.mark.parametrize(
    "text",
    [
        "We'll try to get the engineer out to you.",
        "When the part arrives, we'll call you.",
        "We usually reply within a day, but I'll chase this for you myself.",
        "Hopefully we'll have an update for you soon.",
    ],
)
def test_a_promise_to_this_customer_is_not_general(text: str) -> None:
    assert not commitments(text)[-1].general


def test_a_look_and_a_reach_out_are_one_follow_up() -> None:
    [commitment] = commitments("Our team will give it a look and reach out shortly.")
    assert commitment.text == "Our team will give it a look and reach out"
    assert commitment.kind == "follow_up" and commitment.vague


def test_each_promise_takes_the_time_in_its_own_part_of_the_sentence() -> None:
    first, second = commitments("I'll ring the courier now, and I'll update you by Friday.")
    assert first.time is None or first.time.text != "by Friday"
    assert second.time is not None and second.time.text == "by Friday"


def test_concrete_time_wins_over_a_vague_one() -> None:
    [commitment] = commitments("We'll get back to you as soon as possible, by 3pm at the latest.")
    assert commitment.time is not None and commitment.time.text == "by 3pm"


def test_something_done_at_once_is_not_vague() -> None:
    [commitment] = commitments("I've resent the invoice, so it should be in your inbox now.")
    assert commitment.immediate and not commitment.vague and commitment.time is None


def test_find_commitments_is_what_the_cached_property_returns() -> None:
    analysis = MessageAnalysis("I'll call you tomorrow.", MONDAY, CONTEXT)
    assert find_commitments(analysis) == analysis.commitments


def test_long_text_is_handled() -> None:
    text = "We'll get back to you soon. I'll call you at 3pm. " * 2000
    assert len(commitments(text)) == 4000


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Hopefully. We'll call you.", False),
        ("Hopefully, and then we'll call you.", True),
        ("I hope! We'll call you.", False),
        ("fingers crossed we'll call you", True),
        ("i hopes we'll call you", False),
    ],
)
def test_hope_hedges_what_follows_it_in_its_sentence(text: str, hedged: bool) -> None:
    assert commitments(text)[-1].hedged is hedged


def test_a_long_sentence_of_promises_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Searching back through the sentence for "hopefully" before each promise was quadratic
    # (80,000 characters of "I will call you and ": 3.9 s): the hope words are found once.
    from trustdesk.text import commitment_grammar

    scans = 0
    hope = commitment_grammar.HOPE

    class Counting:
        def finditer(self, text: str) -> object:
            nonlocal scans
            scans += 1
            return hope.finditer(text)

    monkeypatch.setattr(commitment_grammar, "HOPE", Counting())
    found = commitments("hopefully I will call you and " * 2000)
    assert len(found) == 2000 and all(c.hedged for c in found)
    assert scans == 1
