"""Finding questions and requests, and what kind of answer a question wants."""

from __future__ import annotations

import pytest

from scaling import assert_linear_steps, assert_linear_time
from trustdesk.text.questions import (
    QuestionKind,
    asks_something,
    content_key,
    find_questions,
    is_declarative,
    is_objection,
    is_question,
    is_request,
    question_kind,
    without_handles,
)
from trustdesk.text.sentences import split_sentences


def questions(text: str) -> list[str]:
    return [span.text for span in find_questions(split_sentences(text))]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Where is my parcel?", ["Where is my parcel?"]),
        ("hi, where is my parcel? it was due monday", ["where is my parcel?"]),
        ("When will my refund arrive", ["When will my refund arrive"]),
        ("Is it possible to change my address", ["Is it possible to change my address"]),
        (
            "I'd like to know when my refund will arrive.",
            ["I'd like to know when my refund will arrive."],
        ),
        ("Hi team, can you confirm the price? Thanks.", ["can you confirm the price?"]),
        (
            "My card was declined. Why? And can I use another one?",
            ["Why?", "And can I use another one?"],
        ),
        # The @handles a social message opens with are not part of what is asked.
        ("@acme @jo_b when does the sale end?", ["when does the sale end?"]),
        ("@acme hi there, is the Leeds store open?", ["is the Leeds store open?"]),
        # A lower-case question after a full stop the splitter kept starts after it.
        (
            "that's far too slow, you took the money at once. why does it take so long?",
            ["why does it take so long?"],
        ),
    ],
)
def test_finds_questions_with_and_without_question_marks(text: str, found: list[str]) -> None:
    assert questions(text) == found


def test_spans_point_into_the_text() -> None:
    text = "Hello there, when does the store open? I need a gift."
    [span] = find_questions(split_sentences(text))
    assert text[span.start : span.end] == span.text == "when does the store open?"


@pytest.mark.parametrize(
    "text",
    [
        "How are you?",
        "Are you kidding me?!",
        "Seriously?",
        "Hello?",
        "Can you help me?",
        "14 business days??",
        "What kind of service is this?",
        "Have a nice day",
        "When I ordered it, it was fine.",
        "Thanks for your help.",
        "",
        # One word echoed back: disbelief or a prompt, not a question to judge a reply on.
        "Flexibility?",
        "@acme Monday?",
        # A short fragment closed by a full stop answers something.
        "Was my brother.",
        "Could you please assist?",
        "lol what?",
        "Wait, what?",
    ],
)
def test_not_questions(text: str) -> None:
    assert not is_question(text)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When will my refund arrive?", QuestionKind.TIME),
        ("How long does delivery take?", QuestionKind.TIME),
        ("Can you tell me when it ships?", QuestionKind.TIME),
        ("How much is express delivery?", QuestionKind.AMOUNT),
        ("Why can't I log in?", QuestionKind.FAULT),
        ("WHY IS THE FOOTBALL NOT SHOWING?", QuestionKind.FAULT),
        ("Why does the app keep crashing?", QuestionKind.FAULT),
        ("What will it cost to upgrade?", QuestionKind.AMOUNT),
        ("Why was I charged twice?", QuestionKind.REASON),
        ("I'd like to know why my card was declined.", QuestionKind.REASON),
        ("Where is my parcel?", QuestionKind.PLACE),
        ("How do I reset my password?", QuestionKind.METHOD),
        ("Can I return it without a receipt?", QuestionKind.YES_NO),
        ("You can refund me, right?", QuestionKind.YES_NO),
        ("Any news on the refund?", QuestionKind.YES_NO),
        ("What is my order number?", QuestionKind.OPEN),
        ("Can you tell me which colours it comes in?", QuestionKind.OPEN),
    ],
)
def test_question_kind(question: str, kind: QuestionKind) -> None:
    assert question_kind(question) is kind


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Refunds", "refund"),
        ("refunded", "refund"),
        ("cancelled", "cancel"),
        ("cancel", "cancel"),
        ("shipped", "ship"),
        ("the", None),
        ("please", None),
        ("42", None),
        ("ok", None),
    ],
)
def test_content_key(word: str, key: str | None) -> None:
    assert content_key(word) == key


@pytest.mark.parametrize(
    ("word", "key"),
    [("dogs", "dog"), ("fees", "fee"), ("bags", "bag"), ("owns", None), ("needs", None)],
)
def test_content_key_meets_short_plurals(word: str, key: str | None) -> None:
    assert content_key(word) == key


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Please call me at 713 853 3848 on Thursday.", True),
        ("Let me know if Friday works.", True),
        ("Could you forward this to Jim?", True),
        ("We could meet on Friday at 11.", True),
        ("Send me the report when it's ready.", True),
        ("I'll call them tomorrow.", False),
        ("We look forward to seeing you next week!", False),
        ("To ensure delivery to your inbox, please add us to your contacts.", False),
        ("The meeting went well.", False),
    ],
)
def test_requests(sentence: str, expected: bool) -> None:
    assert is_request(sentence) is expected


def test_asks_something_is_a_question_or_a_request() -> None:
    assert asks_something("When is the call?")
    assert asks_something("Please review the draft.")
    assert not asks_something("The draft is attached.")


def _ask_everything(text: str) -> None:
    find_questions(split_sentences(text))
    question_kind(text)
    is_request(text)


# Long runs of what the patterns key on: question marks, question words, clauses before one.
@pytest.mark.parametrize(("unit", "tail"), [("?", ""), ("why ", ""), ("and, ", "why?")])
def test_long_input_stays_linear(unit: str, tail: str) -> None:
    assert_linear_steps(lambda n: unit * n + tail, _ask_everything, 500)
    assert_linear_time(lambda n: unit * n + tail, _ask_everything, 1000)


def test_one_word_questions_that_ask_stay_questions() -> None:
    assert is_question("Why?")
    assert is_question("U positive?")


def test_handles_are_taken_off_both_ends() -> None:
    assert without_handles("@acme @jo no refund, @acme?") == "no refund?"
    assert without_handles("when is it open?") == "when is it open?"


@pytest.mark.parametrize(
    ("question", "declarative"),
    [
        ("I get nothing at all for preordering?", True),
        ("So the voucher only works online?", True),
        ("Can I use the voucher online?", False),
        ("When does the voucher expire?", False),
        ("The voucher works online, doesn't it?", False),
    ],
)
def test_statements_said_with_a_question_mark(question: str, declarative: bool) -> None:
    assert is_declarative(question) is declarative


@pytest.mark.parametrize(
    ("question", "objection"),
    [
        ("You advertise free returns but charge me for the label?", True),
        ("I paid for next-day delivery but it took a week?", True),
        ("Can I pay by card but collect in store?", False),
        ("I get nothing at all for preordering?", False),
    ],
)
def test_objections(question: str, objection: bool) -> None:
    assert is_objection(question) is objection
