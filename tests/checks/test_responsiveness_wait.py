"""responsiveness.wait: waits past the SLA (in business hours) are flagged on the customer
message that waited; prompt replies, closings and untimed messages are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from support import START, audit_findings, conversation, on, quotes, reply_findings
from trustdesk.checks.responsiveness.wait import LongWait, business_duration, plain_duration
from trustdesk.policy import Policy, default_policy

CHECK = LongWait
# START is Monday 2 March 2026, 10:00 UTC (= London); hours are Mon-Fri 09:00-17:30.
FRIDAY_1630 = datetime(2026, 3, 6, 16, 30, tzinfo=UTC)

MUST_FLAG = [
    # (turns, message id, quote, waited business hours)
    (
        [
            ("customer", "Hello, I was charged twice this month. Could you refund one payment?"),
            ("agent", "I've refunded the duplicate payment.", timedelta(days=1, hours=5)),
        ],
        "m1",
        "Hello, I was charged twice this month.",
        13.5,
    ),
    (
        [
            ("customer", "My card has been blocked and I can't pay for anything.", FRIDAY_1630),
            ("agent", "I've unblocked your card.", timedelta(days=2, hours=23)),
        ],
        "m1",
        "My card has been blocked and I can't pay for anything.",
        7.5,
    ),
    (
        [
            ("customer", "Why has my bill gone up?"),
            (
                "agent",
                "I'm checking with billing and will update you by tomorrow.",
                timedelta(hours=1),
            ),
            ("agent", "It was the annual price change.", timedelta(days=7)),
        ],
        "m1",
        "Why has my bill gone up?",
        42.5,
    ),
    (
        [
            ("customer", "The heating has stopped working."),
            ("agent", "I've booked an engineer for Wednesday.", timedelta(minutes=20)),
            (
                "customer",
                "Can the engineer come earlier? We have a newborn at home.",
                timedelta(hours=23),
            ),
            ("agent", "The engineer can come tomorrow at 8am.", timedelta(days=6)),
        ],
        "m3",
        "Can the engineer come earlier?",
        34.0,
    ),
]

MUST_NOT_FLAG = [
    [
        ("customer", "Hi, where is my order 55120?"),
        ("agent", "Thanks for your patience. It arrives tomorrow.", timedelta(minutes=70)),
    ],
    [
        ("customer", "Can I change the delivery address?", FRIDAY_1630),
        ("agent", "Yes, I've changed it.", timedelta(days=2, hours=17, minutes=45)),
    ],
    [
        ("customer", "Is the blue kettle back in stock?"),
        ("agent", "Not yet; we expect it on 16 March.", timedelta(hours=2)),
        ("customer", "Great, thanks!", timedelta(minutes=5)),
    ],
    [
        ("customer", "I'd like to know if my warranty covers a cracked screen."),
        (
            "bot",
            "Thanks! We've received your message and will reply within 4 working hours.",
            timedelta(seconds=10),
        ),
        ("agent", "Unfortunately accidental damage is not covered.", timedelta(hours=3)),
    ],
    [
        ("customer", "Can you send me my February invoice?"),
        ("agent", "Of course, I've e-mailed it to you.", timedelta(minutes=5)),
        ("customer", "Got it, thank you very much.", timedelta(minutes=15)),
        ("agent", "You're welcome, have a lovely day!", timedelta(minutes=1)),
    ],
]


@pytest.mark.parametrize(("turns", "message_id", "quote", "hours"), MUST_FLAG)
def test_wait_past_sla_is_flagged(
    turns: list[tuple[str, str, object]], message_id: str, quote: str, hours: float
) -> None:
    findings = audit_findings(CHECK, conversation(*turns))  # type: ignore[arg-type]
    assert quotes(on(findings, message_id)) == [quote]
    finding = on(findings, message_id)[0]
    assert finding.data["waited_seconds"] == pytest.approx(hours * 3600, abs=60)
    assert finding.suggestion
    assert "waited" in finding.explanation


@pytest.mark.parametrize("turns", MUST_NOT_FLAG)
def test_replies_within_sla_are_not_flagged(turns: list[tuple[str, str, object]]) -> None:
    assert audit_findings(CHECK, conversation(*turns)) == []  # type: ignore[arg-type]


def test_explanation_says_how_long_in_plain_words() -> None:
    conv = conversation(
        ("customer", "My parcel is missing."),
        ("agent", "I've opened a claim.", timedelta(days=2, hours=3)),
    )
    [finding] = audit_findings(CHECK, conv)
    assert finding.explanation == (
        "The customer waited 2 days 3 hours (20 business hours) for a reply; the policy "
        "promises a first reply within 4 business hours."
    )
    assert finding.data["sla_seconds"] == 4 * 3600


def test_wall_clock_time_when_business_hours_are_off() -> None:
    policy = default_policy().model_copy(
        update={"sla": default_policy().sla.model_copy(update={"business_hours_only": False})}
    )
    conv = conversation(
        ("customer", "Can I change my order?", FRIDAY_1630),
        ("agent", "Yes, done.", timedelta(days=2, hours=17)),
    )
    [finding] = audit_findings(CHECK, conv, policy=policy)
    assert finding.data["waited_seconds"] == (2 * 24 + 17) * 3600
    assert finding.explanation.endswith("the policy promises a first reply within 4 hours.")


def test_wait_still_running_at_the_audit_clock() -> None:
    conv = conversation(("customer", "Where can I find my tax invoice?"))
    [finding] = audit_findings(CHECK, conv, now=START + timedelta(hours=6))
    assert finding.data["replied"] is False
    assert finding.explanation.startswith("The customer has been waiting 6 hours")
    assert audit_findings(CHECK, conv, now=START + timedelta(hours=3)) == []


def test_promised_update_that_never_came() -> None:
    conv = conversation(
        ("customer", "Has my application been received?"),
        ("agent", "I'll check and let you know.", timedelta(minutes=30)),
        ("customer", "Thank you!", timedelta(minutes=5)),
    )
    [finding] = audit_findings(CHECK, conv, now=START + timedelta(days=4, hours=7))
    assert finding.message_id == "m1"
    assert "the promised update" in finding.explanation


def test_one_finding_per_customer_message() -> None:
    conv = conversation(
        ("customer", "My router doesn't work."),
        ("agent", "Let me check.", timedelta(days=1)),
        ("agent", "Fixed it.", timedelta(days=6)),
    )
    findings = audit_findings(CHECK, conv)
    assert [f.message_id for f in findings] == ["m1"]


def test_notes_are_not_replies() -> None:
    conv = conversation(
        ("customer", "Is a cracked screen covered?"),
        ("note", "Asked the warranty team.", timedelta(hours=1)),
        ("agent", "It isn't covered, sorry.", timedelta(days=1)),
    )
    assert [f.message_id for f in audit_findings(CHECK, conv)] == ["m1"]


def test_no_timestamps_no_finding() -> None:
    conv = conversation(
        ("customer", "Where is my order?"), ("agent", "It arrives tomorrow."), timed=False
    )
    assert audit_findings(CHECK, conv, now=START + timedelta(days=30)) == []


def test_reply_out_of_order_in_time_is_not_a_wait() -> None:
    conv = conversation(
        ("customer", "Where is my order?"),
        ("agent", "It arrives tomorrow.", START - timedelta(days=3)),
    )
    assert audit_findings(CHECK, conv) == []


def test_draft_past_sla_without_apology_is_flagged() -> None:
    history = conversation(("customer", "My card was declined, why?"))
    findings = reply_findings(
        CHECK, history, "Your card is active now. Try again.", now=START + timedelta(days=3)
    )
    [finding] = findings
    assert finding.message_id == "draft"
    assert finding.quote == "Your card is active now."
    assert finding.data["waiting_message_id"] == "m1"
    assert "apolog" in (finding.suggestion or "")


@pytest.mark.parametrize(
    "draft",
    [
        "Sorry for the slow reply. Your card is active now.",
        "Thank you for your patience: your card is active now.",
        "Apologies for keeping you waiting. Your card is active now.",
    ],
)
def test_draft_past_sla_with_apology_passes(draft: str) -> None:
    history = conversation(("customer", "My card was declined, why?"))
    assert reply_findings(CHECK, history, draft, now=START + timedelta(days=3)) == []


def test_prompt_draft_passes() -> None:
    history = conversation(("customer", "My card was declined, why?"))
    assert (
        reply_findings(CHECK, history, "Your card is active now.", now=START + timedelta(hours=1))
        == []
    )


def test_policy_sla_and_grace() -> None:
    conv = conversation(
        ("customer", "Can I pay in instalments?"),
        ("agent", "Yes, in three payments.", timedelta(hours=5)),
    )
    assert len(audit_findings(CHECK, conv)) == 1
    relaxed = default_policy().model_copy(
        update={
            "sla": default_policy().sla.model_copy(update={"first_response": timedelta(hours=6)})
        }
    )
    assert audit_findings(CHECK, conv, policy=relaxed) == []
    grace = Policy.model_validate({"checks": {CHECK.id: {"params": {"grace_minutes": 90}}}})
    assert audit_findings(CHECK, conv, policy=grace) == []


def test_customer_messages_are_judged_not_replies() -> None:
    conv = conversation(
        ("agent", "Hello! How can we help?"), ("agent", "Still there?", timedelta(days=3))
    )
    assert audit_findings(CHECK, conv) == []


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=20), "less than a minute"),
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(days=2, minutes=5), "2 days"),
        (timedelta(days=1, hours=2, minutes=30), "1 day 2 hours"),
    ],
)
def test_plain_duration(delta: timedelta, words: str) -> None:
    assert plain_duration(delta) == words


def test_business_duration() -> None:
    assert business_duration(timedelta(minutes=30)) == "30 business minutes"
    assert business_duration(timedelta(hours=1)) == "1 business hour"
    assert business_duration(timedelta(hours=17, minutes=30)) == "17.5 business hours"


@pytest.mark.parametrize("text", ["", "x" * 100_000, "🙂" * 50])
def test_odd_input_does_not_crash(text: str) -> None:
    conv = conversation(("customer", text), ("agent", text, timedelta(days=400)))
    audit_findings(CHECK, conv)
    reply_findings(CHECK, conv, text, now=START + timedelta(days=900))
