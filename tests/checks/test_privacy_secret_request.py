"""privacy.secret_request: asking for a secret is flagged; safe verification is not."""

from __future__ import annotations

import pytest

from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.privacy.secret_request import SecretRequest
from trustdesk.model import Severity
from trustdesk.policy import Policy

HISTORY = conversation(
    ("customer", "I can't log in to my account and I was charged twice for order 58213."),
)

MUST_FLAG = [
    ("Can you send me your password so I can check?", "Can you send me your password", "password"),
    (
        "To verify, please confirm the 3 digits on the back of your card.",
        "please confirm the 3 digits on the back of your card",
        "cvv",
    ),
    ("Thanks! What's the code we just texted you?", "What's the code we just texted you", "otp"),
    (
        "Reply with your full card number and I'll refund it.",
        "Reply with your full card number",
        "card",
    ),
    (
        "I'll need your card number and expiry date to process the refund.",
        "I'll need your card number",
        "card",
    ),
    ("Could you please tell me your PIN?", "Could you please tell me your PIN", "pin"),
    ("Please provide your CVV so we can retry the payment.", "Please provide your CVV", "cvv"),
    (
        "For security, can you share the one-time code you received?",
        "can you share the one-time code",
        "otp",
    ),
    ("What is your social security number?", "What is your social security number", "national_id"),
    (
        "Hi Sam, send me your login details and I'll have a look.",
        "send me your login details",
        "password",
    ),
    ("May I have the verification code from the SMS?", "May I have the verification code", "otp"),
    ("Please confirm the security code on your card.", "Please confirm the security code", "cvv"),
    (
        "To verify it's you, please reply with the 6-digit code we just sent to your phone.",
        "please reply with the 6-digit code we just sent to your phone",
        "otp",
    ),
    (
        "Please send your full name, address and card number so I can update it.",
        "Please send your full name, address and card number",
        "card",
    ),
    (
        "Please type your password here and I'll reset the lock.",
        "Please type your password",
        "password",
    ),
]

MUST_NOT_FLAG = [
    "Thanks for your patience. I've refunded the duplicate charge on order 58213; it will reach "
    "your card within 5-10 business days.",
    "Could you confirm the last 4 digits of the card you paid with?",
    "Can you tell me the email address on the account?",
    "We will never ask for your password, PIN or the code we text you.",
    "Please never share your one-time code with anyone, including us.",
    "Don't send your card number over chat; I've sent you a secure payment link instead.",
    "I've sent you a password reset link: open it and choose a new password.",
    "Please enter the code we sent you on the verification screen in the app.",
    "Please sign in to the app and confirm your PIN there; I can't see it from here.",
    "Can you confirm your password was changed successfully?",
    "Could you send me a screenshot of the error message you see after entering your password?",
    "Please pay through the secure payment link, where you can enter your card number safely.",
    "What card did you use for the order?",
    "Could you let me know the last four digits of your SSN?",
]


@pytest.mark.parametrize(("draft", "quote", "secret"), MUST_FLAG)
def test_flags_requests_for_secrets(draft: str, quote: str, secret: str) -> None:
    findings = reply_findings(SecretRequest, HISTORY, draft)
    assert quotes(findings) == [quote]
    assert findings[0].severity is Severity.BLOCK
    assert findings[0].data["secret"] == secret
    assert findings[0].suggestion


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_safe_replies_are_not_flagged(draft: str) -> None:
    assert reply_findings(SecretRequest, HISTORY, draft) == []


def test_suggestion_offers_the_safe_alternative() -> None:
    [finding] = reply_findings(SecretRequest, HISTORY, "Can you send me your password?")
    assert "reset link" in (finding.suggestion or "")
    [finding] = reply_findings(SecretRequest, HISTORY, "Please send your full card number.")
    assert "last four digits" in (finding.suggestion or "")


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(("customer", "Can you send me your password? Joke. What is your PIN?"))
    assert audit_findings(SecretRequest, conv) == []


def test_bot_messages_are_judged_in_audit() -> None:
    conv = conversation(
        ("customer", "I need to reset my card PIN."),
        ("bot", "Sure! What is your current PIN?"),
        ("agent", "I've sent a reset link to the e-mail on your account."),
        timed=False,
    )
    findings = audit_findings(SecretRequest, conv)
    assert [(f.message_id, f.quote) for f in findings] == [("m2", "What is your current PIN")]


def test_policy_adds_secrets_and_safe_places() -> None:
    policy = Policy.model_validate(
        {
            "checks": {
                "privacy.secret_request": {
                    "params": {
                        "extra_secrets": ["memorable word"],
                        "extra_safe_places": ["in the Acme Wallet"],
                    }
                }
            }
        }
    )
    flagged = reply_findings(
        SecretRequest, HISTORY, "Please tell me your memorable word.", policy=policy
    )
    assert quotes(flagged) == ["Please tell me your memorable word"]
    assert (
        reply_findings(
            SecretRequest,
            HISTORY,
            "Please enter your PIN in the Acme Wallet to confirm.",
            policy=policy,
        )
        == []
    )


def test_severity_override_from_policy() -> None:
    policy = Policy.model_validate({"checks": {"privacy.secret_request": {"severity": "warn"}}})
    [finding] = reply_findings(SecretRequest, HISTORY, "What's your password?", policy=policy)
    assert finding.severity is Severity.WARN


@pytest.mark.parametrize(
    "draft",
    [
        "",
        "?",
        "password " * 20_000,
        "Can you " * 10_000,
        "What's your " + "full " * 5_000 + "card number?",
    ],
)
def test_odd_input_does_not_crash(draft: str) -> None:
    reply_findings(SecretRequest, HISTORY, draft)
