"""responsiveness.chasing: a customer who has to chase is flagged on the chasing phrase; a
draft answering a chase must acknowledge the wait."""

from __future__ import annotations

from datetime import timedelta

import pytest

from support import audit_findings, conversation, on, quotes, reply_findings
from trustdesk.checks.responsiveness.chasing import CustomerChasing
from trustdesk.policy import Policy

CHECK = CustomerChasing
OPENING = ("customer", "Hi, my refund for order 80147 hasn't arrived yet.")
HOLDING = ("agent", "I'm checking with the returns team and will update you by tomorrow.")

# Follow-up customer messages (after OPENING and HOLDING) and the chasing phrase quoted.
MUST_FLAG = [
    ("Any update?", "Any update"),
    ("Hello?? Is anyone there?", "Hello??"),
    ("Still waiting to hear from you.", "Still waiting"),
    ("This is the third time I'm asking about this refund.", "This is the third time I'm asking"),
    ("I asked yesterday and nobody answered.", "I asked yesterday and nobody answered"),
    (
        "I've been waiting for days and I still haven't heard back from you!",
        "I've been waiting for days",
    ),
    ("You said you'd update me by 5pm yesterday and I've heard nothing.", "You said you'd"),
    ("Just following up on this, thanks.", "Just following up"),
    ("still no refund in my account.", "still no"),
    ("Are you still there?", "Are you still there"),
]

MUST_NOT_FLAG = [
    "Thanks, that's great.",
    "Ok, I'll wait for your e-mail tomorrow.",
    "I still have the receipt if you need it.",
    "Can you also check my other order, 80152?",
    "This is the third time your courier has failed to deliver my sofa.",
]


@pytest.mark.parametrize(("text", "quote"), MUST_FLAG)
def test_chase_is_flagged_on_the_phrase(text: str, quote: str) -> None:
    conv = conversation(OPENING, HOLDING, ("customer", text, timedelta(days=1)))
    findings = on(audit_findings(CHECK, conv), "m3")
    assert quotes(findings) == [quote]
    assert findings[0].suggestion


@pytest.mark.parametrize("text", MUST_NOT_FLAG)
def test_ordinary_follow_ups_are_not_chases(text: str) -> None:
    conv = conversation(OPENING, HOLDING, ("customer", text, timedelta(hours=1)))
    assert audit_findings(CHECK, conv) == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "I've emailed three times about my broken washing machine and still no reply.",
            "I've emailed three times",
        ),
        ("Still waiting for the engineer who was supposed to come this morning.", "Still waiting"),
        ("This is my fourth message about this. Nobody has replied.", "fourth message"),
    ],
)
def test_explicit_chase_counts_in_the_first_message(text: str, quote: str) -> None:
    assert quotes(audit_findings(CHECK, conversation(("customer", text)))) == [quote]


@pytest.mark.parametrize(
    "text",
    [
        "Any update on when the spring sale starts?",
        "Just following up on my order from Friday: can I add a second item?",
    ],
)
def test_weak_phrases_in_an_opening_message_are_status_questions(text: str) -> None:
    assert audit_findings(CHECK, conversation(("customer", text))) == []


def test_policy_can_count_weak_phrases_in_first_messages() -> None:
    policy = Policy.model_validate(
        {"checks": {CHECK.id: {"params": {"weak_chases_in_first_message": True}}}}
    )
    conv = conversation(("customer", "Any update on my refund?"))
    assert quotes(audit_findings(CHECK, conv, policy=policy)) == ["Any update"]


def test_agent_messages_are_not_judged() -> None:
    conv = conversation(OPENING, ("agent", "Any update from your bank? Still waiting on you."))
    assert audit_findings(CHECK, conv) == []


def test_no_timestamps_needed() -> None:
    conv = conversation(OPENING, HOLDING, ("customer", "Any news?"), timed=False)
    assert quotes(audit_findings(CHECK, conv)) == ["Any news"]


def test_other_languages_are_left_alone() -> None:
    conv = conversation(
        ("customer", "Hallo, mein Paket ist noch nicht da."),
        ("customer", "Hallo?? Gibt es schon Neuigkeiten zu meiner Bestellung?"),
    )
    assert audit_findings(CHECK, conv) == []


def test_draft_answering_a_chase_must_acknowledge_the_wait() -> None:
    history = conversation(OPENING, HOLDING, ("customer", "Any update??", timedelta(days=1)))
    [finding] = reply_findings(
        CHECK, history, "The refund was approved this morning. It reaches you in 5 days."
    )
    assert finding.message_id == "draft"
    assert finding.quote == "The refund was approved this morning."
    assert finding.data == {"chase_message_id": "m3", "chase": "Any update"}
    assert finding.suggestion


@pytest.mark.parametrize(
    "draft",
    [
        "Sorry for the wait: the refund was approved this morning.",
        "Thank you for your patience. The refund was approved this morning.",
        "I apologise for the delay. The refund was approved this morning.",
    ],
)
def test_draft_that_acknowledges_the_wait_passes(draft: str) -> None:
    history = conversation(OPENING, HOLDING, ("customer", "Any update??", timedelta(days=1)))
    assert reply_findings(CHECK, history, draft) == []


def test_draft_after_an_answered_chase_is_not_judged_again() -> None:
    history = conversation(
        OPENING,
        HOLDING,
        ("customer", "Any update??"),
        ("agent", "Sorry for the wait, still checking."),
        ("customer", "Ok, can you also check order 80152?"),
    )
    assert reply_findings(CHECK, history, "Order 80152 shipped today.") == []


def test_policy_can_switch_off_draft_checks() -> None:
    policy = Policy.model_validate({"checks": {CHECK.id: {"params": {"check_replies": False}}}})
    history = conversation(OPENING, HOLDING, ("customer", "Any update??"))
    assert reply_findings(CHECK, history, "It was approved.", policy=policy) == []


@pytest.mark.parametrize("text", ["", "?" * 10_000, "hello" + "?" * 5000, "still " * 20_000])
def test_odd_input_does_not_crash(text: str) -> None:
    conv = conversation(("customer", text), ("customer", text))
    audit_findings(CHECK, conv)
    reply_findings(CHECK, conv, text)
