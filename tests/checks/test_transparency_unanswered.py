"""transparency.unanswered: questions no reply takes up are flagged; answered, deferred,
rhetorical and self-answered ones are not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from support import audit_findings, conversation, on, quotes, reply_findings
from trustdesk.checks.transparency.unanswered import UnansweredQuestion
from trustdesk.policy import Policy

CHECK = UnansweredQuestion

# (customer message, agent reply, the question left unanswered)
MUST_FLAG = [
    (
        "Hi, when will my refund arrive? Also, can I change my delivery address?",
        "I've updated your delivery address to 12 High Street.",
        "when will my refund arrive?",
    ),
    (
        "My order 27764 is due on Monday. Can I move it to Tuesday? And how much is express "
        "delivery?",
        "Yes, I've moved it to Tuesday 17 March.",
        "And how much is express delivery?",
    ),
    (
        "Why was my account suspended?",
        "Thanks for contacting us. Is there anything else I can help you with today?",
        "Why was my account suspended?",
    ),
    (
        "I can't log in to the website. What's going on? Also, will my subscription still renew "
        "on Thursday as normal?",
        "We are aware of a problem with the website and our engineers are working on it. We will "
        "get back to you as soon as we have more information.",
        "Also, will my subscription still renew on Thursday as normal?",
    ),
    (
        "where is my parcel? it was due monday",
        "Thanks for your message, have a lovely day.",
        "where is my parcel?",
    ),
    (
        "Do you deliver to Jersey?",
        "Our summer sale starts on Friday with 20% off garden furniture.",
        "Do you deliver to Jersey?",
    ),
]

# (customer message, agent reply) pairs where the reply addresses every question.
MUST_NOT_FLAG = [
    (
        "When will my refund arrive?",
        "I'm sorry for the wait. Your refund was approved today and reaches your account within "
        "5-10 business days.",
    ),
    ("How much is express delivery?", "Express delivery costs £9.99."),
    (
        "Why was I charged twice?",
        "The second charge was a temporary authorisation hold, so it will drop off within 3 days.",
    ),
    (
        "Can I return the jacket without a receipt?",
        "Yes, you can return it with your order confirmation e-mail within 30 days.",
    ),
    ("Where is my parcel?", "It's with the courier and will be delivered tomorrow."),
    (
        "How do I reset my password?",
        "Go to Settings > Security and choose 'Reset password'; we'll e-mail you a link.",
    ),
    ("Is the blue kettle back in stock?", "Not yet; we expect it back on 16 March."),
    (
        "Is my order covered by the warranty?",
        "Good question. Let me check with the warranty team and I'll come back to you by 3pm.",
    ),
    (
        "Can you resend the invoice for order 70456?",
        "Sorry about that. I've resent it to your e-mail address just now.",
    ),
    (
        "Hi, how are you? I'd like to cancel my membership.",
        "Your membership is cancelled and you won't be charged again.",
    ),
    (
        "Are you kidding me?! The parcel is soaked.",
        "I'm so sorry. I've arranged a replacement that will arrive on Wednesday.",
    ),
    (
        "Thank you for the quick reply, that's everything I needed.",
        "You're welcome, have a lovely day!",
    ),
]


@pytest.mark.parametrize(("asked", "reply", "question"), MUST_FLAG)
def test_unaddressed_question_is_flagged_on_the_customer_message(
    asked: str, reply: str, question: str
) -> None:
    findings = audit_findings(CHECK, conversation(("customer", asked), ("agent", reply)))
    assert question in quotes(on(findings, "m1"))
    assert all(f.suggestion for f in findings)
    assert all(f.explanation for f in findings)


@pytest.mark.parametrize(("asked", "reply"), MUST_NOT_FLAG)
def test_addressed_questions_are_not_flagged(asked: str, reply: str) -> None:
    assert audit_findings(CHECK, conversation(("customer", asked), ("agent", reply))) == []


def test_a_later_reply_can_answer_the_question() -> None:
    conv = conversation(
        ("customer", "Why does a refund take 14 business days?"),
        ("agent", "That's just our policy, I'm afraid."),
        ("customer", "that's not an answer."),
        ("agent", "It takes a few days because your bank has to post the money to your card."),
    )
    assert audit_findings(CHECK, conv) == []


def test_question_answered_by_the_customer_is_not_flagged() -> None:
    conv = conversation(
        ("customer", "Where is my parcel?"),
        ("customer", "Never mind, it just arrived!"),
        ("agent", "Great news, enjoy your order."),
    )
    assert audit_findings(CHECK, conv) == []


def test_question_nobody_replied_to_yet_is_left_to_the_wait_check() -> None:
    assert audit_findings(CHECK, conversation(("customer", "When will my refund arrive?"))) == []


def test_disbelief_echo_is_not_a_question() -> None:
    conv = conversation(
        ("customer", "14 business days?? that's far too long."),
        ("agent", "I understand. Refunds reach your account within 5-10 business days."),
    )
    assert audit_findings(CHECK, conv) == []


def test_messages_in_other_languages_are_left_alone() -> None:
    conv = conversation(
        (
            "customer",
            "Hola, hice un pedido el viernes y todavía no me ha llegado. ¿Sabéis cuándo llegará?",
        ),
        ("agent", "Hola Carmen, su pedido salió ayer y llegará el martes."),
    )
    assert audit_findings(CHECK, conv) == []


def test_agent_questions_are_not_judged() -> None:
    conv = conversation(
        ("customer", "My card was declined."),
        ("agent", "Which card did you use, the Visa or the Mastercard?"),
    )
    assert audit_findings(CHECK, conv) == []


def test_no_timestamps_needed() -> None:
    conv = conversation(
        ("customer", "Why was my order cancelled?"),
        ("agent", "Is there anything else I can do for you?"),
        timed=False,
    )
    assert quotes(audit_findings(CHECK, conv)) == ["Why was my order cancelled?"]


def test_reply_mode_flags_the_draft_and_quotes_the_question() -> None:
    history = conversation(
        (
            "customer",
            "Hi, my order 55120 hasn't arrived. Where is it? "
            "And can I get a refund for the delivery fee?",
        )
    )
    findings = reply_findings(
        CHECK, history, "Your order is with the courier and will be delivered tomorrow before 6pm."
    )
    assert len(findings) == 1
    finding = findings[0]
    assert finding.message_id == "draft"
    assert (
        finding.quote == "Your order is with the courier and will be delivered tomorrow before 6pm."
    )
    assert finding.data["question_message_id"] == "m1"
    assert finding.data["question"] == "And can I get a refund for the delivery fee?"
    assert "can I get a refund for the delivery fee?" in finding.explanation


def test_reply_mode_only_looks_at_questions_since_the_last_reply() -> None:
    history = conversation(
        ("customer", "Why was I charged twice?"),
        ("agent", "Is there anything else?"),
        ("customer", "Can you send me the receipt?"),
    )
    findings = reply_findings(CHECK, history, "Of course, I've e-mailed it to you just now.")
    assert findings == []


def test_reply_mode_accepts_an_honest_i_dont_know_yet() -> None:
    history = conversation(("customer", "When will the outage be fixed?"))
    draft = "I don't know yet, but I'll check with the engineers and update you by 2pm."
    assert reply_findings(CHECK, history, draft) == []


def test_policy_can_switch_off_reply_checking() -> None:
    policy = Policy.model_validate({"checks": {CHECK.id: {"params": {"check_replies": False}}}})
    history = conversation(("customer", "Why was my account suspended?"))
    assert reply_findings(CHECK, history, "Have a nice day.", policy=policy) == []


def test_policy_can_require_more_overlap() -> None:
    conv = conversation(
        ("customer", "What colour options does the Aero kettle come in?"),
        ("agent", "The Aero kettle is one of our best sellers."),
    )
    assert audit_findings(CHECK, conv) == []  # two subject words taken up
    policy = Policy.model_validate(
        {"checks": {CHECK.id: {"params": {"min_shared_words": 3, "min_overlap": 0.9}}}}
    )
    assert quotes(audit_findings(CHECK, conv, policy=policy)) == [
        "What colour options does the Aero kettle come in?"
    ]


@pytest.mark.parametrize(
    "text", ["", "   ", "?" * 500, "why " * 20_000, "¿¡" * 1000, "When?\n\n\nWhy?" * 200]
)
def test_odd_input_does_not_crash(text: str) -> None:
    conv = conversation(
        ("customer", text), ("agent", text or "ok"), ("customer", text), gap=timedelta(hours=1)
    )
    audit_findings(CHECK, conv)
    reply_findings(CHECK, conv, text)
