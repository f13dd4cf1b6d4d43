"""respect.rude: blame, condescension, sarcasm, dismissal, shouting and profanity."""

from __future__ import annotations

import pytest

from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.respect.rude import RudeReply
from trustdesk.model import Severity
from trustdesk.policy import Policy

HISTORY = conversation(
    ("customer", "The router still drops every evening and I followed your steps twice."),
)

MUST_FLAG = [
    (
        "You should have read the instructions before plugging it in.",
        "You should have read",
        "blame",
    ),
    ("Honestly, that's your fault for skipping the update.", "that's your fault", "blame"),
    ("You obviously didn't restart it like I asked.", "You obviously didn't", "blame"),
    (
        "As I already explained, the light has to be green.",
        "As I already explained",
        "condescension",
    ),
    ("It's really not that hard to reset a router.", "It's really not that hard", "condescension"),
    ("Obviously, you need to plug it in first.", "Obviously, you", "condescension"),
    ("Just read the manual, it's all there.", "Just read the manual", "condescension"),
    ("Did you even read my last message?", "Did you even read", "condescension"),
    ("Good luck with that.", "Good luck with that", "sarcasm"),
    ("Wow, great job unplugging the wrong cable.", "Wow, great job", "sarcasm"),
    ("Well, thanks for nothing then.", "thanks for nothing", "sarcasm"),
    ("Whatever. Try again tomorrow.", "Whatever", "dismissal"),
    ("That's not my problem, talk to your provider.", "not my problem", "dismissal"),
    ("It drops sometimes, deal with it.", "deal with it", "dismissal"),
    ("Please calm down. Outages happen.", "Please calm down", "dismissal"),
    ("Okay, calm down, I'm checking.", "Okay, calm down", "dismissal"),
    ("You need to calm down before we go on.", "You need to calm down", "dismissal"),
    (
        "PLEASE READ THE INSTRUCTIONS before you write to us.",
        "PLEASE READ THE INSTRUCTIONS",
        "shouting",
    ),
    (
        "Tap Help > Refunds, and PLEASE STOP SENDING US the same message.",
        "PLEASE STOP SENDING US",
        "shouting",
    ),
    ("This damn router again? Restart it.", "damn", "profanity"),
    ("You're so clueless about networks.", "You're so clueless", "profanity"),
    ("What a stupid question.", "What a stupid question", "profanity"),
]

MUST_NOT_FLAG = [
    "I'm sorry the connection keeps dropping, and thank you for trying the steps twice. I've "
    "booked an engineer for Thursday between 8am and 12pm; you'll get an SMS the day before.",
    "It's not your fault at all: the evening drops come from a fault on our side.",
    "Simply click the link in the e-mail and the router will update itself.",
    "All you need to do is hold the reset button for ten seconds.",
    "We'll deal with it today and update you by 5pm.",
    "Whatever works best for you, morning or afternoon, we can do.",
    "Please enter the PIN from the SMS, then check the UK VAT ID on the invoice (PDF).",
    "The warning should go away after the restart.",
    "Once things calm down after the sale, your order will ship.",
    "I'm sorry you were told to calm down; that was wrong of us.",
    "There's no such thing as a stupid question, so ask away!",
    "I don't think it's your fault; the update failed on our server.",
    "You should have received an e-mail with the tracking link this morning.",
    "Obviously this is frustrating, and I'm sorry. Let's fix it now.",
    "What do you want me to do first: refund the fee or send a new router?",
    "You were supposed to receive the router yesterday, so I've chased the courier.",
    "If you typed it wrong, no problem: just try again.",
    # Capitals that name a button or a menu item on screen are not shouting.
    "Go to Settings &gt; Account &gt; Billing &gt; I NEED MORE HELP and pick a time for a call.",
    "Open the app, then Help > Orders > WHERE IS MY ORDER, and we'll take it from there.",
    'On the sign-in page, tap "RESET MY PASSWORD" and follow the e-mail.',
]


@pytest.mark.parametrize(("draft", "quote", "kind"), MUST_FLAG)
def test_flags_rude_phrasing(draft: str, quote: str, kind: str) -> None:
    findings = reply_findings(RudeReply, HISTORY, draft)
    assert quotes(findings) == [quote]
    assert findings[0].data["kind"] == kind
    assert findings[0].severity is Severity.WARN
    assert findings[0].suggestion


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_polite_replies_are_not_flagged(draft: str) -> None:
    assert reply_findings(RudeReply, HISTORY, draft) == []


def test_two_kinds_in_one_reply() -> None:
    draft = "As I already explained, it's your fault. Good luck with that."
    findings = reply_findings(RudeReply, HISTORY, draft)
    assert [f.data["kind"] for f in findings] == ["condescension", "blame", "sarcasm"]


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(("customer", "THIS IS RIDICULOUS, you people are useless. Whatever."))
    assert audit_findings(RudeReply, conv) == []


def test_audit_without_timestamps() -> None:
    conv = conversation(
        ("customer", "It broke again."),
        ("bot", "Have you tried turning it off and on?"),
        ("agent", "Like I said, it's not rocket science."),
        timed=False,
    )
    assert [(f.message_id, f.quote) for f in audit_findings(RudeReply, conv)] == [
        ("m3", "Like I said"),
        ("m3", "not rocket science"),
    ]


def test_policy_params() -> None:
    policy = Policy.model_validate(
        {
            "checks": {
                "respect.rude": {
                    "params": {
                        "allowed_capitals": ["ACME", "ROUTER", "PRO"],
                        "ignore": ["sarcasm"],
                        "shouting_min_words": 2,
                    }
                }
            }
        }
    )
    assert (
        reply_findings(RudeReply, HISTORY, "Your ACME ROUTER PRO is on its way.", policy=policy)
        == []
    )
    assert reply_findings(RudeReply, HISTORY, "Good luck with that.", policy=policy) == []
    assert quotes(reply_findings(RudeReply, HISTORY, "DO NOT unplug it.", policy=policy)) == [
        "DO NOT"
    ]
    assert reply_findings(RudeReply, HISTORY, "DO NOT unplug it.") == []


def test_unknown_category_is_a_policy_error() -> None:
    from trustdesk.errors import PolicyError

    policy = Policy.model_validate({"checks": {"respect.rude": {"params": {"ignore": ["meh"]}}}})
    with pytest.raises(PolicyError):
        reply_findings(RudeReply, HISTORY, "Hello", policy=policy)


@pytest.mark.parametrize(
    "draft",
    [
        "",
        "!!!",
        "A " * 50_000,
        "WHAT " * 20_000,
        "what part of " * 5_000 + "don't you understand",
        "you " + "so " * 20_000 + "kind",
    ],
)
def test_odd_input_does_not_crash(draft: str) -> None:
    reply_findings(RudeReply, HISTORY, draft)
