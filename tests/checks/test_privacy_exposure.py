"""privacy.exposure: secrets and other customers' contacts in replies; masked data is fine."""

from __future__ import annotations

import pytest

from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.privacy.exposure import SecretExposure
from trustdesk.model import Severity
from trustdesk.policy import Policy

HISTORY = conversation(
    (
        "customer",
        "Hi, I was charged twice. My card is 4242 4242 4242 4242 and my email is "
        "sam.jones@example.com, phone 020 7946 0958. My password is Tr0ub4dor&3 "
        "if you need it.",
    ),
)

MUST_FLAG = [
    (
        "I can see two charges on card 4242 4242 4242 4242; I've refunded one.",
        "4242 4242 4242 4242",
        "card",
        Severity.BLOCK,
    ),
    (
        "Your refund went to GB82 WEST 1234 5698 7654 32 today.",
        "GB82 WEST 1234 5698 7654 32",
        "iban",
        Severity.BLOCK,
    ),
    ("I checked the account under SSN 460-89-9847.", "460-89-9847", "national_id", Severity.BLOCK),
    (
        "I logged in with your password Tr0ub4dor&3 and fixed it.",
        "Tr0ub4dor&3",
        "password",
        Severity.BLOCK,
    ),
    ("Your new one-time code is 482913.", "482913", "otp", Severity.BLOCK),
    ("The CVV 123 you gave us did not match.", "123", "cvv", Severity.BLOCK),
    (
        "I've sent the invoice to priya.k@example.org as requested.",
        "priya.k@example.org",
        "email",
        Severity.WARN,
    ),
    (
        "Our courier will call you on 0161 496 0123 tomorrow.",
        "0161 496 0123",
        "phone",
        Severity.WARN,
    ),
    (
        "@ben_t The engineer will ring 0161 496 0124 first: "
        "https://help.example.com/articles/115005706806 ^AB",
        "0161 496 0124",
        "phone",
        Severity.WARN,
    ),
]

MUST_NOT_FLAG = [
    "Thanks for your patience. I've refunded the duplicate charge to the card ending 4242; it "
    "will arrive within 5-10 business days.",
    "I've sent the confirmation to sam.jones@example.com.",
    "Our courier will call you on +44 20 7946 0958 before delivery.",
    "If anything else comes up, write to support@shop.example or call us free on 0800 123 4567.",
    "Your order number is 58213-7781 and the parcel weighs 2.5 kg.",
    "Please never share your password; I've sent you a reset link instead.",
    # Digits in a link or a handle are an address, not a phone number.
    "@ben_t These steps should help: "
    "https://help.example.com/hc/en-us/articles/115005706806-Resetting-your-router ^AB",
    "@12025550143 We've replied in DM, see you there! -Jo",
    # A number or address given as the organisation's own.
    "Please call us on +44 20 7946 0000 from your phone and we'll unblock it straight away.",
    "Our helpline is 0161 496 0999, open 8am to 8pm.",
    "You can also e-mail our complaints team at jo.baker@shop.example.",
]


@pytest.mark.parametrize(("draft", "quote", "kind", "severity"), MUST_FLAG)
def test_flags_exposed_data(draft: str, quote: str, kind: str, severity: Severity) -> None:
    findings = reply_findings(SecretExposure, HISTORY, draft)
    assert quotes(findings) == [quote]
    assert findings[0].data["kind"] == kind
    assert findings[0].severity is severity
    assert findings[0].suggestion


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_masked_and_own_data_is_not_flagged(draft: str) -> None:
    assert reply_findings(SecretExposure, HISTORY, draft) == []


def test_suggestion_masks_the_number() -> None:
    [finding] = reply_findings(SecretExposure, HISTORY, "Card 4242 4242 4242 4242 is blocked.")
    assert finding.suggestion == 'Mask it: write "the card ending 4242".'
    [finding] = reply_findings(SecretExposure, HISTORY, "I wrote to priya.k@example.org.")
    assert "p•••@example.org" in (finding.suggestion or "")


def test_card_the_customer_never_gave_says_so() -> None:
    [finding] = reply_findings(SecretExposure, HISTORY, "Is 4000 0566 5566 5556 your card?")
    assert "another customer" in finding.explanation


def test_contacts_from_the_customer_record_are_the_customers() -> None:
    conv = conversation(
        ("customer", "Where is my parcel?"),
        customer={"id": "cust-88", "segment": {"email": "lee@example.net"}},
    )
    conv["meta"] = {"crm": {"phone": "+1 212 555 0147"}}
    assert (
        reply_findings(
            SecretExposure, conv, "I've updated lee@example.net and +1 212-555-0147 on the order."
        )
        == []
    )


def test_customer_messages_are_not_judged() -> None:
    assert audit_findings(SecretExposure, HISTORY) == []


def test_audit_judges_every_org_message() -> None:
    conv = conversation(
        ("customer", "Can you check my account?"),
        ("agent", "Sure. Is your account number GB82 WEST 1234 5698 7654 32?"),
        ("note", "Customer e-mail on file: ada@example.com"),
        ("agent", "I've sent the details to ada@example.com."),
        timed=False,
    )
    findings = audit_findings(SecretExposure, conv)
    assert [(f.message_id, f.quote) for f in findings] == [("m2", "GB82 WEST 1234 5698 7654 32")]


def test_policy_own_details_are_never_flagged() -> None:
    policy = Policy.model_validate(
        {
            "checks": {
                "privacy.exposure": {
                    "params": {
                        "own_details": [
                            "@shop.example",
                            "+44 161 496 0000",
                            "GB33 BUKB 2020 1555 5555 55",
                        ],
                    }
                }
            }
        }
    )
    draft = (
        "Pay by transfer to GB33 BUKB 2020 1555 5555 55, e-mail orders@shop.example or "
        "jo.smith@shop.example, or call +44 161 496 0000."
    )
    assert reply_findings(SecretExposure, HISTORY, draft, policy=policy) == []
    assert len(reply_findings(SecretExposure, HISTORY, draft)) == 3


def test_contact_checks_can_be_switched_off() -> None:
    policy = Policy.model_validate(
        {"checks": {"privacy.exposure": {"params": {"check_contact_details": False}}}}
    )
    assert (
        reply_findings(SecretExposure, HISTORY, "I wrote to priya.k@example.org.", policy=policy)
        == []
    )


def test_no_timestamps() -> None:
    conv = conversation(("customer", "Hello"), timed=False)
    assert quotes(
        audit_findings(
            SecretExposure,
            {
                **conv,
                "messages": [
                    *conv["messages"],
                    {"id": "m2", "role": "bot", "text": "Your PIN is 4321."},
                ],
            },
        )
    ) == ["4321"]


@pytest.mark.parametrize(
    "draft",
    [
        "",
        "@" * 5000,
        "4242 " * 20_000,
        "a@b.co " * 3000,
        "\u202e\u0000☃ 4242\u00a04242\u00a04242\u00a04242",
    ],
)
def test_odd_input_does_not_crash(draft: str) -> None:
    reply_findings(SecretExposure, HISTORY, draft)
