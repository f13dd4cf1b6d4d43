"""Conversation state: open problems, refusals of offers and questions about offers."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from trustdesk.model import Message
from trustdesk.policy.schema import BusinessHours
from trustdesk.text.analysis import AnalysisContext, MessageAnalysis, analyse
from trustdesk.text.resolution import ConversationState, conversation_state

CONTEXT = AnalysisContext(tz=ZoneInfo("UTC"), business_hours=BusinessHours(end=time(17)))


def state(*turns: tuple[str, str]) -> ConversationState:
    messages = [Message(id=f"m{i}", role=role, text=text) for i, (role, text) in enumerate(turns)]

    def read(message: Message) -> MessageAnalysis:
        return analyse(message, CONTEXT)

    return conversation_state(messages, read)


def test_a_fault_opens_a_problem_until_the_customer_confirms_the_fix() -> None:
    s = state(
        ("customer", "Hi. The app keeps crashing when I open photos."),
        ("agent", "Please update to version 3.2."),
        ("customer", "That fixed it, thanks!"),
        ("agent", "Great!"),
    )
    assert s.open_problem[0] is None
    problem = s.open_problem[1]
    assert problem is not None and problem.text == "The app keeps crashing when I open photos."
    assert s.open_problem[2] is not None
    assert s.open_problem[3] is None


def test_an_org_message_saying_it_is_done_closes_the_problem_from_that_point() -> None:
    s = state(
        ("customer", "I was charged twice."),
        ("agent", "Sorry! I've refunded the second charge. Anything else?"),
    )
    assert s.problem_open(1, 0) is not None
    assert s.problem_open(1, 40) is None
    assert s.resolved_at[1] == 7


def test_still_not_working_reopens_and_fixed_then_new_fault_stays_open() -> None:
    s = state(
        ("customer", "My printer won't connect."),
        ("customer", "That worked, thanks!"),
        ("customer", "That fixed it! But now the app crashes when I print."),
        ("agent", "Sorry to hear that."),
    )
    assert s.open_problem[2] is None
    assert s.open_problem[3] is not None


def test_polite_words_are_not_problems() -> None:
    s = state(("customer", "No problem, thanks for the update."), ("agent", "You're welcome."))
    assert s.open_problem[1] is None


def test_no_thanks_after_an_offer_is_a_refusal_until_the_customer_asks_again() -> None:
    s = state(
        ("agent", "Would you like to try Premium free for 30 days?"),
        ("customer", "No thanks."),
        ("agent", "Okay."),
        ("customer", "Actually, how much is Premium?"),
        ("agent", "It's £12 a month."),
    )
    refusal = s.declined[2]
    assert refusal is not None and refusal.text == "No thanks"
    assert s.declined[4] is None
    assert s.asked[4] is not None


def test_no_without_an_offer_is_not_a_refusal() -> None:
    s = state(
        ("agent", "Anything else I can help with?"),
        ("customer", "No, that's all."),
        ("agent", "Have a good day."),
    )
    assert s.declined[2] is None


def test_a_refusal_that_names_the_offer_counts_without_an_earlier_offer() -> None:
    s = state(("customer", "I don't want to upgrade, I just want it fixed."), ("agent", "Sure."))
    assert s.declined[1] is not None


def test_empty_and_note_only_conversations() -> None:
    assert state().open_problem == ()
    s = state(("note", "Customer is angry, refund failed."), ("system", "error"))
    assert s.open_problem == (None, None)


def test_the_state_after_the_last_message_is_what_an_event_after_it_would_find() -> None:
    ended_fixed = (
        ("customer", "My printer won't connect."),
        ("agent", "Try turning it off and on."),
        ("customer", "That worked, thanks!"),
    )
    ended_open = (*ended_fixed, ("customer", "Now the app crashes when I print."))
    for turns in ((), ended_fixed, ended_open, (("agent", "Hello!"),)):
        after = state(*turns, ("system", "closed")).open_problem[-1]
        assert state(*turns).open_after == after
    assert state(*ended_fixed).open_after is None
    assert state(*ended_open).open_after is not None
