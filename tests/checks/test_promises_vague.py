"""promises.vague: promises with no time are flagged, with a concrete time as the fix."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scaling import assert_linear_steps
from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.promises.vague import VaguePromise
from trustdesk.errors import PolicyError
from trustdesk.policy import Policy
from trustdesk.policy.loader import default_policy
from trustdesk.policy.schema import CheckSettings

HISTORY = conversation(("customer", "My parcel still hasn't arrived and the tracking is stuck."))

MUST_FLAG = [
    ("Sorry about that. We will get back to you.", "We will get back to you"),
    (
        "I've raised it with the courier and someone will be in touch soon.",
        "someone will be in touch soon",
    ),
    ("We will endeavour to look into it further.", "We will endeavour to look into"),
    (
        "I'll let you know as soon as I hear from the courier.",
        "I'll let you know as soon as I hear",
    ),
    (
        "Leave it with me, I'll look into this and come back to you.",
        "I'll look into this and come back to you",
    ),
    (
        "Your complaint has been logged and will be reviewed in due course.",
        "and will be reviewed in due course",
    ),
    ("Thanks! An agent will be with you shortly.", "An agent will be with you shortly"),
    ("We'll do our best to get this sorted for you.", "We'll do our best to get this sorted"),
    # After the customer has done their part, a follow-up with no time is a vague promise.
    (
        "@sam_k Thanks for the photos. Our returns team will give them a look and reach out "
        "shortly. ^RT",
        "Our returns team will give them a look and reach out shortly",
    ),
    ("Got your DM, thanks! We'll follow up there.", "We'll follow up"),
    # Asking for patience is no step the promise waits on.
    ("Give us a moment, we'll get back to you shortly.", "we'll get back to you shortly"),
    ("I'll pass it on to billing and let you know.", "I'll pass it on to billing and let you know"),
    (
        "Thanks, Ana. You should hear back from our claims team soon.",
        "You should hear back from our claims team soon",
    ),
]

MUST_NOT_FLAG = [
    "I'll check with the warehouse and update you by 3pm today.",
    "Refunds reach your account within 5-10 business days of approval.",
    "I'll send you the returns label now.",
    "I've resent the invoice, so it should be in your inbox now.",
    "Once you send the photos, we'll look into it.",
    "We'll get back to you soon, and you'll hear from me by 4pm today either way.",
    "You'll hear back from our claims team within 48 hours.",
    # Offers that wait on the customer acting first.
    "Please DM us your order number and we'll look into it.",
    "@sam_k Could you send us a DM with the email on the account? We'll take a look. -Jo",
    "Mind sharing a screenshot of the error? We'll pass it on to the app team.",
    "Drop us a DM with your tracking number & we'll check on this for you.",
    "Share your details here: https://example.com/contact and we'll reach out.",
    "Our team will look into this if you send us a DM.",
    # Passing something on is done at once; only coming back to the customer needs a time.
    "Thanks for the feedback, we'll pass it on to the app team.",
    "We'll be happy to look into this. Which model is it, and which version is installed?",
    # Hopes and general statements, not promises to this customer.
    "We hope to see you on board again soon!",
    "We hope to welcome you back to the store.",
    "When an order is cancelled, you'll receive an email from us.",
    "We always try to reply as quickly as we can.",
    "Usually you'll hear back from the courier directly.",
    # A polite, compliant reply.
    "Thanks for your patience, Sam. I've checked with the warehouse: your parcel left this "
    "morning and should arrive by Thursday. I'll message you on Thursday afternoon to make "
    "sure it's with you.",
]


@pytest.mark.parametrize(("draft", "quote"), MUST_FLAG)
def test_flags_promises_without_a_time(draft: str, quote: str) -> None:
    findings = reply_findings(VaguePromise, HISTORY, draft)
    assert quotes(findings) == [quote]
    assert all(f.suggestion for f in findings)


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_concrete_or_immediate_promises_are_not_flagged(draft: str) -> None:
    assert reply_findings(VaguePromise, HISTORY, draft) == []


def test_the_fix_names_a_time_from_the_sla_and_business_hours() -> None:
    # The draft is written at 10:05 on Monday 2 March; 24 business hours (09:00-17:30) later
    # is 17:05 on Wednesday, offered as 17:00.
    [finding] = reply_findings(VaguePromise, HISTORY, "We will get back to you.")
    assert finding.suggestion is not None
    assert "We'll update you by 17:00 on Wednesday 4 March." in finding.suggestion


def test_a_promise_about_a_policy_topic_quotes_the_policy_timeline() -> None:
    [finding] = reply_findings(VaguePromise, HISTORY, "Your refund will be processed.")
    assert finding.suggestion is not None
    assert "Refunds reach your account within 5-10 business days of approval." in (
        finding.suggestion
    )


def test_without_timestamps_the_fix_gives_the_interval() -> None:
    conv = conversation(
        ("customer", "Any news on my claim?"),
        ("agent", "We will get back to you regarding your claim."),
        timed=False,
    )
    [finding] = audit_findings(VaguePromise, conv)
    assert finding.message_id == "m2"
    assert finding.suggestion is not None and "within 24 hours" in finding.suggestion


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(
        ("customer", "I will get back to you when I find the receipt."),
        ("agent", "Thanks, I'll check the order as soon as you send it."),
    )
    assert audit_findings(VaguePromise, conv) == []


def test_every_message_is_judged_in_an_audit() -> None:
    conv = conversation(
        ("customer", "Hello?"),
        ("agent", "We will get back to you."),
        ("customer", "When?"),
        ("bot", "An agent will be with you soon."),
    )
    assert [f.message_id for f in audit_findings(VaguePromise, conv)] == ["m2", "m4"]


def test_a_reply_split_in_parts_is_read_as_one() -> None:
    # The request in "1/2" makes the promise in "2/2" an offer; after the customer has sent
    # what was asked, the promise to follow up with no time is vague.
    conv = conversation(
        ("customer", "@shop my parcel was left in the rain and everything is soaked"),
        ("agent", "@kim_r So sorry! Please DM us your order number and postcode 1/2"),
        ("agent", "@kim_r and we'll look into it for you. 2/2 ^AB", timedelta(seconds=20)),
        ("customer", "@shop done, sent you a DM"),
        ("agent", "@kim_r Thanks Kim, we'll look into it and get back to you. ^AB"),
    )
    findings = audit_findings(VaguePromise, conv)
    assert [(f.message_id, f.quote) for f in findings] == [
        ("m5", "we'll look into it and get back to you")
    ]


def test_a_question_about_the_case_waits_on_the_customer_but_a_courtesy_one_does_not() -> None:
    asks = "We'll check this for you. What's the booking reference?"
    assert reply_findings(VaguePromise, HISTORY, asks) == []
    courtesy = "We'll check this and get back to you. Anything else we can help with?"
    assert quotes(reply_findings(VaguePromise, HISTORY, courtesy)) == [
        "We'll check this and get back to you"
    ]


@pytest.mark.parametrize(
    "part",
    [
        "We'll look into it and get back to you. ",
        "Could you DM us your order number? We'll take a look. ",
        "We try to reply fast. When an order is late, you'll get an email. ",
    ],
)
def test_work_grows_linearly_with_a_long_reply_and_a_long_burst(part: str) -> None:
    def one_reply(n: int) -> dict[str, object]:
        return conversation(("customer", "Where is my order?"), ("agent", part * n))

    def burst(n: int) -> dict[str, object]:
        parts = [("agent", part, timedelta(seconds=5)) for _ in range(n)]
        return conversation(("customer", "Where is my order?"), *parts)

    def audit(conv: dict[str, object]) -> None:
        audit_findings(VaguePromise, conv)

    assert_linear_steps(one_reply, audit, 50)
    assert_linear_steps(burst, audit, 20)


def _with_params(**params: object) -> Policy:
    policy = default_policy()
    checks = {**policy.checks, VaguePromise.id: CheckSettings(params=params)}
    return policy.model_copy(update={"checks": checks})


def test_policy_params_choose_which_promises_need_a_time() -> None:
    draft = "I'll send you a replacement card."
    assert reply_findings(VaguePromise, HISTORY, draft) == []
    policy = _with_params(kinds=["follow_up", "outcome", "action"])
    assert quotes(reply_findings(VaguePromise, HISTORY, draft, policy=policy)) == [
        "I'll send you a replacement card"
    ]
    hedged = "We will endeavour to fix it."
    assert len(reply_findings(VaguePromise, HISTORY, hedged)) == 1
    assert (
        reply_findings(VaguePromise, HISTORY, hedged, policy=_with_params(flag_hedged=False)) == []
    )


def test_bad_params_name_the_field() -> None:
    with pytest.raises(PolicyError, match=r"checks\.promises\.vague\.params\.kinds"):
        reply_findings(VaguePromise, HISTORY, "Hi", policy=_with_params(kinds=["someday"]))
