"""promises.broken: a due time that passed with no word from us, judged at the audit clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from support import START, audit_findings, conversation, reply_findings
from trustdesk.checks.promises.broken import BrokenPromise
from trustdesk.policy import Policy
from trustdesk.policy.loader import default_policy
from trustdesk.policy.schema import CheckSettings

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
THREE_PM = "2026-03-02T15:00:00+00:00"

MUST_FLAG = [
    # (turns, due time of the broken promise)
    (
        [
            ("customer", "Where is my parcel? Order 62001."),
            ("agent", "It left yesterday. I'll email you the tracking details by 3pm today."),
            ("customer", "Still waiting for that tracking email.", DAY),
        ],
        THREE_PM,
    ),
    (
        [
            ("customer", "There's a payment I didn't make."),
            ("agent", "I've raised it with our fraud team. I'll update you by 12:00 tomorrow."),
            ("customer", "It's past 12. Any news?", DAY + 3 * HOUR),
            ("agent", "Sorry for the delay: the payment has been reversed.", 2 * HOUR),
        ],
        "2026-03-03T12:00:00+00:00",
    ),
    (
        [
            ("customer", "When will my cushions arrive?"),
            ("agent", "They left this morning. Your parcel will be delivered by Wednesday."),
            ("customer", "It's Thursday and nothing has arrived. What's going on?", 3 * DAY),
        ],
        "2026-03-04T17:30:00+00:00",
    ),
    (
        [
            ("customer", "The form link doesn't work."),
            ("agent", "Sorry! I'll send you a new link by 3pm."),
            ("note", "Asked IT for a new form link.", HOUR),
            ("customer", "Hello? No link yet.", DAY),
        ],
        THREE_PM,
    ),
]

MUST_NOT_FLAG = [
    # Kept: a reply from us came before the due time.
    [
        ("customer", "Where is my parcel?"),
        ("agent", "I'll email you the tracking details by 3pm today."),
        ("agent", "Here is your tracking number: TRK-20931.", 4 * HOUR),
        ("customer", "Got it, thanks!", DAY),
    ],
    # Not due yet when the conversation ends.
    [
        ("customer", "Can you check my order?"),
        ("agent", "Of course. I'll update you by 5pm tomorrow."),
        ("customer", "Thanks."),
    ],
    # An outcome that nobody complained about.
    [
        ("customer", "The lamp arrived broken."),
        ("agent", "I've sent a replacement and it should arrive by Thursday."),
        ("customer", "It came yesterday and it's perfect, thanks!", 4 * DAY),
    ],
    # A vague promise cannot be broken (promises.vague reports it).
    [
        ("customer", "Any news?"),
        ("agent", "We will get back to you soon."),
        ("customer", "Still nothing.", 3 * DAY),
    ],
    # A polite, compliant conversation.
    [
        ("customer", "My refund hasn't arrived yet."),
        (
            "agent",
            "I'm sorry for the wait. I've asked our payments team to check, and I'll "
            "message you by 4pm today with what they say.",
        ),
        (
            "agent",
            "Thanks for waiting: the refund was sent on Friday and should reach your "
            "account by Wednesday. I'll check again on Wednesday afternoon.",
            3 * HOUR,
        ),
        ("customer", "Thank you!", 10 * timedelta(minutes=1)),
    ],
]


@pytest.mark.parametrize(("turns", "due"), MUST_FLAG)
def test_flags_the_promise_that_passed_its_time(turns: list, due: str) -> None:  # type: ignore[type-arg]
    findings = audit_findings(BrokenPromise, conversation(*turns))
    assert [f.message_id for f in findings] == ["m2"]
    assert findings[0].data["due"] == due
    assert findings[0].suggestion
    assert findings[0].quote in turns[1][1]


@pytest.mark.parametrize("turns", MUST_NOT_FLAG)
def test_kept_pending_and_vague_promises_are_not_broken(turns: list) -> None:  # type: ignore[type-arg]
    assert audit_findings(BrokenPromise, conversation(*turns)) == []


def test_the_audit_clock_decides_whether_it_is_due_yet() -> None:
    conv = conversation(
        ("customer", "When will I hear?"), ("agent", "You'll hear from us by Wednesday.")
    )
    assert audit_findings(BrokenPromise, conv) == []
    thursday = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    assert [f.message_id for f in audit_findings(BrokenPromise, conv, now=thursday)] == ["m2"]


def test_reply_mode_is_silent_even_with_an_overdue_promise() -> None:
    history = conversation(
        ("customer", "Where is my label?"),
        ("agent", "I'll email the label by 3pm today."),
        ("customer", "Still no label.", DAY),
    )
    assert reply_findings(BrokenPromise, history, "Sorry, here it is.") == []


def test_without_timestamps_nothing_is_judged() -> None:
    conv = conversation(
        ("customer", "Where is my label?"),
        ("agent", "I'll email the label by 3pm today."),
        ("customer", "Still no label."),
        timed=False,
    )
    assert audit_findings(BrokenPromise, conv, now=START + 5 * DAY) == []


def test_customer_promises_are_not_judged() -> None:
    conv = conversation(
        ("customer", "I'll send you the photos by 3pm today."),
        ("agent", "Thanks."),
        ("customer", "Here they are.", DAY),
    )
    assert audit_findings(BrokenPromise, conv) == []


def _with_grace(minutes: float) -> Policy:
    policy = default_policy()
    settings = CheckSettings(params={"grace_minutes": minutes})
    return policy.model_copy(update={"checks": {**policy.checks, BrokenPromise.id: settings}})


def test_grace_minutes_tolerate_a_slightly_late_reply() -> None:
    conv = conversation(
        ("customer", "Any news on my order?"),
        ("agent", "I'll update you by 3pm today."),
        ("agent", "Update: it shipped.", datetime(2026, 3, 2, 15, 5, tzinfo=UTC)),
        ("customer", "Thanks", DAY),
    )
    assert audit_findings(BrokenPromise, conv) == []
    assert len(audit_findings(BrokenPromise, conv, policy=_with_grace(0))) == 1
