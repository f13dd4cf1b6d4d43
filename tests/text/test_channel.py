"""Reading a social-channel message: its body between @handles and a sign-off, part markers,
and the hand-offs to a private message."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling import assert_linear_steps
from trustdesk.text.channel import HANDOFF, read


@pytest.mark.parametrize(
    ("text", "body", "part", "sign_off"),
    [
        (
            "@AmazonHelp Please share your details here and I'll get back to you. 2/2 ^HD",
            "Please share your details here and I'll get back to you.",
            (2, 2),
            "^HD",
        ),
        (
            "@117132 Hi Jin, we have replied via DM, see you there! - Anwar",
            "Hi Jin, we have replied via DM, see you there!",
            None,
            "- Anwar",
        ),
        (
            "@a @b Sorry about that. Can you DM us? /NQ https://t.co/ldFdZRiNAt",
            "Sorry about that. Can you DM us?",
            None,
            "/NQ",
        ),
        (
            "@a I don't think I used 500 1/n https://t.co/5zLCc8KH6c",
            "I don't think I used 500",
            (1, None),
            None,
        ),
        (
            "@a therefore, we cannot confirm any information. ^Monica 2/2",
            "therefore, we cannot confirm any information.",
            (2, 2),
            "^Monica",
        ),
        (
            "@a Hey Claudia, happy to help *RudyRobledo",
            "Hey Claudia, happy to help",
            None,
            "*RudyRobledo",
        ),
        (
            "Still waiting on @AmericanAir to compensate",
            "Still waiting on @AmericanAir to compensate",
            None,
            None,
        ),
        ("I'd rate you 1/5", "I'd rate you 1/5", None, None),
        ("The lines are open 24/7", "The lines are open 24/7", None, None),
        ("@a", "", None, None),
        ("", "", None, None),
    ],
)
def test_the_body_part_and_sign_off(
    text: str, body: str, part: tuple[int, int | None] | None, sign_off: str | None
) -> None:
    found = read(text)
    assert found.body.text == body
    assert found.body.text == text[found.body.start : found.body.end]
    assert found.part == part
    assert found.sign_off == sign_off


def test_handles_hashtags_and_links_are_found_with_their_offsets() -> None:
    text = "@Brand still down #fail see https://example.com/status"
    found = read(text)
    assert [s.text for s in found.handles] == ["@Brand"]
    assert [s.text for s in found.hashtags] == ["#fail"]
    assert [s.text for s in found.links] == ["https://example.com/status"]


def test_a_first_part_is_continued_and_a_second_continues() -> None:
    assert read("@a The first half 1/2").continued
    assert not read("@a The first half 1/2").continues
    assert read("@a the second half 2/2 ^J").continues
    assert not read("@a the second half 2/2 ^J").continued


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Please DM us your email address so we can follow up.", "dm"),
        ("We've replied via DM, please follow up there.", "dm"),
        ("Send us a DM with your order number.", "dm"),
        ("We'd recommend reaching out to the chat team here.", "referral"),
        ("Learn more here: https://example.com", "referral"),
    ],
)
def test_hand_offs(text: str, label: str) -> None:
    assert label in {hit.label for hit in HANDOFF.scan(text)}


@pytest.mark.parametrize("text", ["Thanks, that fixed it.", "My order is late."])
def test_not_hand_offs(text: str) -> None:
    assert not HANDOFF.scan(text)


@given(st.text(max_size=300))
def test_the_body_is_a_slice_of_the_text(text: str) -> None:
    found = read(text)
    assert 0 <= found.body.start <= found.body.end <= len(text)
    assert found.body.text == text[found.body.start : found.body.end]


@pytest.mark.parametrize("unit", ["@a ", " ", "1/2 ", "^A ", "- Jo ", "x", "#t @u https://x "])
def test_reading_is_linear(unit: str) -> None:
    assert_linear_steps(lambda n: unit * n, read, 2_000)
