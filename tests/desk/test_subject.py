"""A ticket's subject is its first sentence with content, never a bare greeting or half a word."""

from __future__ import annotations

import pytest

from trustdesk.desk.subject import MAX_CHARS, shorten, subject_of


@pytest.mark.parametrize(
    ("opening", "subject"),
    [
        (
            "Hi,\nI was charged twice for my March invoice.",
            "I was charged twice for my March invoice.",
        ),
        (
            "Buenos dias:\nNo puedo entrar en mi cuenta desde ayer.",
            "No puedo entrar en mi cuenta desde ayer.",
        ),
        ("Hello team! My parcel never arrived.", "My parcel never arrived."),
        ("Dear Sir or Madam, I am writing about a refund.", "I am writing about a refund."),
        (
            "Hi Anna,\n\nI hope you are well.\nThe app crashes when I upload a photo.",
            "The app crashes when I upload a photo.",
        ),
        ("hey there\ncan't log in after the update", "Can't log in after the update"),
        ("@brand @someone my order is stuck in transit", "My order is stuck in transit"),
        ("Bonjour, ma commande est arrivée cassée.", "Ma commande est arrivée cassée."),
        ("Good morning. Thanks in advance.\nWhere is my refund?", "Where is my refund?"),
        # A request that opens with what looks like a greeting word is left whole.
        (
            "Higher charges appeared on my bill this month.",
            "Higher charges appeared on my bill this month.",
        ),
    ],
)
def test_the_first_sentence_with_content_names_the_ticket(opening: str, subject: str) -> None:
    assert subject_of(opening) == subject


def test_the_helpdesks_subject_wins_when_there_is_one() -> None:
    assert subject_of("Hi,\nsomething", "Refund for order 1182") == "Refund for order 1182"
    assert subject_of("Hi,\nmy card was declined", "   ") == "My card was declined"


def test_a_greeting_alone_is_its_own_subject() -> None:
    assert subject_of("Hi,") == "Hi,"
    assert subject_of("Hola!\n\nThanks.") == "Hola! Thanks."
    assert subject_of("  ") == ""


def test_a_long_sentence_is_cut_at_a_word() -> None:
    text = (
        "I ordered the blue winter jacket in size medium three weeks ago and the tracking page "
        "still says the parcel is waiting at the depot"
    )
    cut = subject_of(text)
    assert len(cut) <= MAX_CHARS
    assert cut.endswith("…")
    head = cut[:-1]
    assert text.startswith(head)
    # The character after the cut is a space: no word was split.
    assert text[len(head)] == " "


def test_shorten_keeps_one_line() -> None:
    assert shorten("two\n  lines") == "two lines"
