"""respect.jargon: jargon, unexplained acronyms and hard-to-read replies are flagged; plain,
explained or customer-introduced terms are not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling import assert_linear_steps, assert_linear_time
from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.respect.jargon import Jargon
from trustdesk.errors import PolicyError
from trustdesk.policy import default_policy, policy_from_dict

HISTORY = conversation(("customer", "My website has been down since yesterday, please help!"))

HARD_REPLY = (
    "Following a comprehensive investigation of the circumstances surrounding your "
    "reimbursement application, we have determined that the transaction is ineligible for "
    "reimbursement pursuant to the applicable terms and conditions, notwithstanding the "
    "documentation subsequently provided in relation to the aforementioned purchase. "
    "Consequently, the organisation is unable to facilitate additional remuneration at this "
    "point in time."
)
HARDEST_SENTENCE = HARD_REPLY.split(". ")[0] + "."

# (draft, quoted term, words the suggestion must offer or None)
MUST_FLAG = [
    ("I've escalated this to L2 and they will look at it tomorrow.", "L2", "our specialist team"),
    ("The change has to propagate before the site is back.", "propagate", "take effect everywhere"),
    ("Once the DNS update is live, your site will load again.", "DNS", None),
    ("The issue is in our backend; engineers are on it.", "backend", "our systems"),
    ("Your bank raised a chargeback, so the order was cancelled.", "chargeback", None),
    ("We'll refund you pro rata for the unused days.", "pro rata", None),
    ("We need to finish KYC before the account opens.", "KYC", "identity checks"),
    ("This is outside our SLA, sorry about that.", "SLA", None),
    ("A hotfix is going out tonight.", "hotfix", "a quick fix"),
    ("Please quote your ticket ID when you reply.", "ticket ID", "reference number"),
    ("I logged it with the MDM team and they will update the PSR.", "MDM", None),
]

MUST_NOT_FLAG = [
    # The polite, compliant reply.
    "Thank you for your patience. I've fixed the setting and your website should work again "
    "within the hour. If it doesn't, reply here and I'll look again straight away.",
    # Terms explained where they are used.
    "The DNS (the system that turns names into addresses) needs up to a day to update.",
    "We need to complete Know Your Customer (KYC) checks before we can open the account.",
    "The payment shows as an authorisation hold, which means the money is held but not taken.",
    "A chargeback, meaning your bank reversed the payment, closed the order.",
    # Everyday capitals, emphasis and references.
    "Please do NOT share your PIN with anyone. We will never ask for it.",
    "Your order ABC-123 ships with DHL today; the PDF invoice is attached.",
    "I'm SO sorry, that's NOT the service we want you to have.",
    "Short reply: it's fixed now.",
    # The channel's own marks: an agent's initials, handles and links are not words to read.
    "@dana_k Thanks for waiting, your seat is confirmed. *RJM",
    "@dana_k On behalf of *RJM, you're very welcome! ^KLT",
]


@pytest.mark.parametrize(("draft", "quote", "plain"), MUST_FLAG)
def test_flags_jargon(draft: str, quote: str, plain: str | None) -> None:
    findings = reply_findings(Jargon, HISTORY, draft)
    assert quote in quotes(findings)
    finding = next(f for f in findings if f.quote == quote)
    assert finding.suggestion
    if plain is not None:
        assert plain in finding.suggestion
    assert quote in finding.explanation


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_plain_or_explained_text_is_not_flagged(draft: str) -> None:
    assert reply_findings(Jargon, HISTORY, draft) == []


def test_one_finding_per_distinct_term() -> None:
    draft = "Your DNS is fine. I checked the DNS twice and the other DNS settings too."
    findings = reply_findings(Jargon, HISTORY, draft)
    assert quotes(findings) == ["DNS"]
    assert findings[0].start == draft.index("DNS")


def test_term_explained_once_is_not_flagged_again() -> None:
    draft = "DNS (the address book of the internet) is updated. The DNS change is live."
    assert reply_findings(Jargon, HISTORY, draft) == []


def test_term_the_customer_used_first_is_not_flagged() -> None:
    history = conversation(("customer", "I changed the DNS yesterday, is it the problem?"))
    assert reply_findings(Jargon, history, "Yes, the DNS change is still spreading.") == []


def test_an_acronym_the_customer_wrote_in_any_case_is_not_flagged() -> None:
    history = conversation(("customer", "my nrc app keeps logging me out"))
    assert reply_findings(Jargon, history, "Sorry! Try signing out of the NRC app first.") == []


def test_a_link_is_not_read_as_a_hard_sentence() -> None:
    link = (
        "https://help.example.com/hc/en-us/articles/360024008433/"
        "Troubleshooting-connection-problems-for-international-customers-and-organisations"
    )
    draft = (
        f"@dana_k Hi there, you can find all the details about setting this up here: {link} "
        "Let us know if you have any other questions, we're always happy to help you out!"
    )
    assert reply_findings(Jargon, HISTORY, draft) == []


def test_hard_reply_flags_its_hardest_sentence() -> None:
    findings = reply_findings(Jargon, HISTORY, HARD_REPLY)
    [finding] = [f for f in findings if f.data["kind"] == "readability"]
    assert finding.quote == HARDEST_SENTENCE
    assert finding.data["reading_ease"] < 30
    assert finding.suggestion is not None
    assert '"under" for "pursuant to"' in finding.suggestion


def test_short_replies_are_not_scored_for_readability() -> None:
    draft = "Notwithstanding the aforementioned documentation, reimbursement is ineligible."
    findings = reply_findings(Jargon, HISTORY, draft)
    assert all(f.data["kind"] != "readability" for f in findings)


def test_policy_jargon_terms_are_used() -> None:
    policy = policy_from_dict({"jargon": ["flux capacitor", "ZX pipeline"]})
    draft = "The flux capacitor failed, so the ZX  Pipeline stalled."
    found = quotes(reply_findings(Jargon, HISTORY, draft, policy=policy))
    assert "flux capacitor" in found
    assert "ZX  Pipeline" in found


def test_params_override_from_policy() -> None:
    policy = policy_from_dict(
        {
            "jargon": [],
            "checks": {
                "respect.jargon": {
                    "params": {
                        "builtin_jargon": False,
                        "unknown_acronyms": False,
                        "check_readability": False,
                    }
                }
            },
        }
    )
    draft = "Escalated to L2 about the DNS and KYC; the MDM team is on it. " + HARD_REPLY
    assert reply_findings(Jargon, HISTORY, draft, policy=policy) == []


def test_allowed_terms_are_not_flagged() -> None:
    policy = policy_from_dict(
        {
            "checks": {"respect.jargon": {"params": {"allowed": ["API", "MDM"]}}},
        }
    )
    draft = "The API is back, and the MDM team confirmed it."
    assert reply_findings(Jargon, HISTORY, draft, policy=policy) == []


def test_readability_threshold_override() -> None:
    policy = policy_from_dict(
        {
            "checks": {"respect.jargon": {"params": {"min_reading_ease": -100}}},
        }
    )
    findings = reply_findings(Jargon, HISTORY, HARD_REPLY, policy=policy)
    assert all(f.data["kind"] != "readability" for f in findings)


def test_bad_params_fail_when_the_engine_is_built() -> None:
    policy = policy_from_dict({"checks": {"respect.jargon": {"params": {"min_wrods": 3}}}})
    with pytest.raises(PolicyError, match=r"checks\.respect\.jargon\.params\.min_wrods"):
        reply_findings(Jargon, HISTORY, "Hello", policy=policy)


def test_customer_and_notes_are_not_judged() -> None:
    conv = conversation(
        ("customer", "Is the DNS propagating? My backend says the SLA is gone."),
        ("note", "Escalated to L2 per the escalation matrix; check KYC."),
    )
    assert audit_findings(Jargon, conv) == []


def test_audit_without_timestamps() -> None:
    conv = conversation(
        ("customer", "Why is my site down?"),
        ("agent", "The DNS change has to propagate."),
        timed=False,
    )
    findings = audit_findings(Jargon, conv)
    assert [(f.message_id, f.quote) for f in findings] == [("m2", "DNS"), ("m2", "propagate")]


def test_default_policy_terms_have_plain_words() -> None:
    draft = "Your cache may still show the old page."
    [finding] = reply_findings(Jargon, HISTORY, draft, policy=default_policy())
    assert finding.suggestion is not None and "stored copy" in finding.suggestion


@pytest.mark.parametrize("text", ["", " ", "🙂" * 500, "\u0000\ufeff(KYC)"])
def test_odd_text_is_safe(text: str) -> None:
    audit_findings(Jargon, conversation(("agent", text), timed=False))


# (what repeats, how often it repeats in a long run)
@pytest.mark.parametrize(
    ("unit", "longest"), [("A", 100_000), ("DNS ", 20_000), ("DNS. ", 20_000), ("word ", 20_000)]
)
def test_long_text_stays_linear(unit: str, longest: int) -> None:
    def reply(n: int) -> dict[str, object]:
        return conversation(("agent", unit * n), timed=False)

    def audit(conv: dict[str, object]) -> None:
        audit_findings(Jargon, conv)

    assert_linear_steps(reply, audit, longest // 64)
    assert_linear_time(reply, audit, longest // 16)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
    | st.lists(
        st.sampled_from(
            [
                "DNS",
                "KYC",
                "NOC",
                "(",
                ")",
                "the",
                "pro",
                "rata",
                "—",
                ".",
                " ",
                "\n",
                "which means",
                "L2",
                "A",
                "ABCs",
            ]
        ),
        max_size=60,
    ).map(" ".join)
)
def test_any_text_gives_verifiable_findings(text: str) -> None:
    conv = conversation(("customer", "Hi"), ("agent", text), timed=False)
    for finding in audit_findings(Jargon, conv):
        assert finding.quote == text[finding.start : finding.end]
        assert finding.quote.strip()
