"""Redaction: secrets replaced by markers, spans moved onto the redacted text, copies scrubbed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trustdesk.desk.redaction import Scrubber, redact, redact_secrets

TEXT = "Card 4111 1111 1111 1111 and my PIN is 4321. Password: Kiwi#Storm77. Help?"


def test_each_secret_becomes_its_marker() -> None:
    redacted = redact_secrets(TEXT)
    assert redacted.text == (
        "Card [card number removed] and my PIN is [PIN removed]. "
        "Password: [password removed]. Help?"
    )
    assert redacted.kinds == ["card", "pin", "password"]


def test_spans_move_onto_the_redacted_text() -> None:
    redaction = redact(TEXT)
    help_at = TEXT.index("Help?")
    start = redaction.position(help_at, end=False)
    assert redaction.text[start : start + 5] == "Help?"
    # A span that starts or ends inside a secret takes in the whole marker.
    card = TEXT.index("1111")
    start = redaction.position(0, end=False)
    end = redaction.position(card + 2, end=True)
    assert redaction.text[start:end] == "Card [card number removed]"
    start = redaction.position(TEXT.index("Storm"), end=False)
    assert redaction.text[start:].startswith("[password removed]")


def test_a_text_without_secrets_is_unchanged() -> None:
    redaction = redact("Where is order 5512?")
    assert (redaction.text, redaction.kinds, redaction.cuts) == ("Where is order 5512?", [], ())
    assert redaction.position(6, end=False) == 6


def test_the_scrubber_removes_copies_as_written_and_normalised() -> None:
    scrubber = Scrubber(redact(TEXT).cuts)
    assert scrubber.text("you typed Kiwi#Storm77 twice") == "you typed [password removed] twice"
    assert scrubber.text("card 4111111111111111") == "card [card number removed]"
    # Only whole values: a longer word holding one is someone else's.
    assert scrubber.text("xKiwi#Storm77x") == "xKiwi#Storm77x"
    assert scrubber.value({"a": ["Kiwi#Storm77", 3], "b": None}) == {
        "a": ["[password removed]", 3],
        "b": None,
    }


_PIECES = st.sampled_from(
    [
        "Card 4111 1111 1111 1111",
        " pass Sunflower2024",
        " sort code 20-00-00 account 55779911",
        " why?",
        " order 5512",
        "CVV 123",
        " ",
        "é",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=8).map(". ".join), st.data())
def test_any_span_maps_to_a_span_of_the_redacted_text(text: str, data: st.DataObject) -> None:
    redaction = redact(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    new_start = redaction.position(start, end=False)
    new_end = redaction.position(end, end=True)
    assert 0 <= new_start <= len(redaction.text) and 0 <= new_end <= len(redaction.text)
    assert new_start <= max(new_start, new_end)
    quote = redaction.text[new_start:new_end]
    for cut in redaction.cuts:
        assert cut.item.text not in quote
    if not any(c.start < end and start < c.end for c in redaction.cuts):
        assert quote == text[start:end]
