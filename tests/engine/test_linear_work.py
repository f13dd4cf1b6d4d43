"""Every check and text analysis does work linear (or n log n) in messages and characters.

Work is counted in Python steps (tests/growth.py), never timed: for each hostile shape the
work at 4n must stay well under 16 times the work at n. The histories are analysed before the
count and each check is counted alone, so what is counted is that check's own work over the
conversation, where a loop over earlier messages per message would show; the long messages
count the text analysis too.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from growth import WORK_RATIO, growth
from trustdesk.checks.registry import available_checks
from trustdesk.engine import Engine
from trustdesk.model import Conversation
from trustdesk.text.analysis import forget_recent_analyses

ENGINE = Engine()
START = datetime(2026, 3, 2, 10, tzinfo=UTC)
NOW = START + timedelta(days=30)

# What customers write, and what agents reply, reaching every check's word lists.
CUSTOMER = [
    "Hi, when will my refund arrive? Also, can I change my delivery address?",
    "This is unacceptable. My order is two weeks late.",
    "Any update?? This is the third time I ask.",
    "No thanks, I'm not interested in the upgrade.",
    "Do you have the blue one in stock?",
    "Can I get a refund instead of store credit, not a voucher?",
    "¿Dónde está mi pedido? Lo necesito para el viernes.",
    "My password is Kiwi#Storm77 and my card is 4111 1111 1111 1111.",
    "That fixed it, thanks! But now the app crashes.",
    "Why was I charged twice? What airline is flight BA1234 with?",
    "Please don't send me marketing emails.",
    "never mind, found it",
]
AGENT = [
    "Sorry about that. We will get back to you.",
    "I've refunded it now, and you'll have the money back within 24 hours.",
    "No problem, you can return it within 60 days for a full refund.",
    "Pro includes priority support. Act now, this offer ends tonight!",
    "We only have 2 left in stock, so you'll want to be quick.",
    "Thanks. Have you considered our Premium plan? It has priority support.",
    "I've issued store credit of £49.99 instead of a refund.",
    "Can you send me your password so I can check?",
    "I can see two charges on card 4242 4242 4242 4242; I've refunded one.",
    "You should have read the instructions before plugging it in.",
    "Once the DNS update is live, your site will load again. I've escalated it to L2.",
    "Sorry, that's just our policy. Please calm down.",
    "I can upgrade you to Premium today and the limits go away.",
    "Sign up to our newsletter for 10% off your next order!",
    "Let me check with the courier and I'll update you by Friday 3pm.",
    "Would you like me to replace it instead? Yes, it ships on 3 March 2026.",
]

# Who writes each message of a history of n messages.
SHAPES = {
    "alternating": lambda i: "customer" if i % 2 == 0 else "agent",
    "customer only": lambda i: "customer",
    "agent only": lambda i: "agent" if i else "customer",
    "in pairs": lambda i: "customer" if i % 4 < 2 else "agent",
}


def _history(shape: str, size: int) -> Conversation:
    who = SHAPES[shape]
    messages = []
    for i in range(size):
        role = who(i)
        texts = CUSTOMER if role == "customer" else AGENT
        # Alternating and paired messages say one thing each; a run of one side says all of
        # its phrases in every message, so each check's triggers come as densely as can be.
        said = " ".join(texts) if shape.endswith("only") else texts[i % len(texts)]
        messages.append(
            {
                "id": f"m{i}",
                "role": role,
                # Distinct texts, so no cache serves a repeat.
                "text": f"{said} (ref {i})",
                "at": (START + timedelta(minutes=7 * i)).isoformat(),
            }
        )
    return Conversation.parse({"id": "c", "messages": messages})


@functools.cache
def _analysed(shape: str, size: int) -> Conversation:
    """A history with every message analysed (outside the count), shared by the tests."""
    conversation = _history(shape, size)
    ENGINE.audit(conversation)
    return conversation


CHECKS = available_checks()


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("check", CHECKS)
def test_an_audit_of_a_long_history_takes_linear_work(check: str, shape: str) -> None:
    engine = Engine(checks=[CHECKS[check]])
    assert growth(engine.audit, 100, functools.partial(_analysed, shape)) < WORK_RATIO


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("check", CHECKS)
def test_a_draft_after_a_long_history_takes_linear_work(check: str, shape: str) -> None:
    engine = Engine(checks=[CHECKS[check]])

    def run(conversation: Conversation) -> Any:
        return engine.check_reply(conversation, AGENT[0], now=NOW)

    assert growth(run, 100, functools.partial(_analysed, shape)) < WORK_RATIO


# Long messages: repeated phrases, and the shapes that defeat naive scanning.
TEXTS = {
    "customer phrases": " ".join(CUSTOMER) + " ",
    "agent phrases": " ".join(AGENT) + " ",
    "question marks": "?",
    "short questions": "why? ",
    "many sentences": "Ok. ",
    "abbreviations": "Dr. ",
    "no spaces": "x",
    "dates": "on 3 March 2026 by 5pm ",
    "numbers": "1 ",
    "repeated words": "refund order ",
    "capitals": "WHY IS THIS LATE ",
    "acronyms": "DNS TTL ",
    "declines": "No thanks. ",
    # One endless sentence: what is compared within a sentence must not pair everything.
    "claims": "your refund takes 24 hours and express delivery costs £3 and ",
    "promises": "hopefully we will call you tomorrow and ",
    "deflections": "That's just our policy. ",
    "services": "we offer phone support and not ",
}


def _long(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def _three(text: str) -> dict[str, Any]:
    turns = [("customer", text), ("agent", text), ("customer", text)]
    messages = [
        {"id": f"m{i}", "role": role, "text": body, "at": (START + timedelta(hours=i)).isoformat()}
        for i, (role, body) in enumerate(turns)
    ]
    return {"id": "c", "messages": messages}


HISTORY = {"id": "c", "messages": [{"id": "m1", "role": "customer", "text": CUSTOMER[0]}]}


@pytest.mark.parametrize("kind", TEXTS)
def test_a_long_message_takes_linear_work(kind: str) -> None:
    # The analysis counted too: sentences, words, questions, times, hits of every word list.
    def run(chars: int) -> Any:
        forget_recent_analyses()
        return ENGINE.audit(_three(_long(TEXTS[kind], chars)))

    assert growth(run, 2_000) < WORK_RATIO


@pytest.mark.parametrize("kind", TEXTS)
def test_a_long_draft_takes_linear_work(kind: str) -> None:
    def run(chars: int) -> Any:
        forget_recent_analyses()
        return ENGINE.check_reply(HISTORY, _long(TEXTS[kind], chars), now=NOW)

    assert growth(run, 2_000) < WORK_RATIO


@functools.cache
def _analysed_message(kind: str, chars: int) -> Conversation:
    conversation = Conversation.parse(_three(_long(TEXTS[kind], chars)))
    ENGINE.audit(conversation)
    return conversation


def _analysed_draft(kind: str) -> Any:
    def prepare(chars: int) -> str:
        draft = _long(TEXTS[kind], chars)
        ENGINE.check_reply(HISTORY, draft, now=NOW)  # the draft's analysis is kept for a while
        return draft

    return prepare


@pytest.mark.parametrize("kind", TEXTS)
@pytest.mark.parametrize("check", CHECKS)
def test_a_check_on_a_long_message_takes_linear_work(check: str, kind: str) -> None:
    # Each check alone, on analysed text: what it compares within a message.
    engine = Engine(checks=[CHECKS[check]])
    assert growth(engine.audit, 2_000, functools.partial(_analysed_message, kind)) < WORK_RATIO

    def run(draft: str) -> Any:
        return engine.check_reply(HISTORY, draft, now=NOW)

    assert growth(run, 2_000, _analysed_draft(kind)) < WORK_RATIO
