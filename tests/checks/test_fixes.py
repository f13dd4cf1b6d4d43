"""One-click fixes: applying a fix removes its finding and keeps the rest of the reply."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustdesk.checks.fixes import Edit, edit_for, fix_data, has_fix
from trustdesk.engine import Engine
from trustdesk.model import Conversation, Message, Role
from trustdesk.policy import default_policy

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
ENGINE = Engine(default_policy())
CUSTOMER = (
    "I can't log in to my account and I was charged twice. This is ridiculous, I've waited "
    "for days!!"
)


def _conversation() -> Conversation:
    return Conversation(
        id="c1", messages=[Message(id="m1", role=Role.CUSTOMER, text=CUSTOMER, at=NOW)]
    )


@pytest.mark.parametrize(
    ("draft", "check", "kept"),
    [
        (
            "I'm sorry about the double charge. Could you send me your password so I can check?",
            "privacy.secret_request",
            "I'm sorry about the double charge.",
        ),
        (
            "I'm sorry for the trouble. Please reply with your full card number.",
            "privacy.secret_request",
            "I'm sorry for the trouble.",
        ),
        (
            "I'm sorry for the wait. We will get back to you soon.",
            "promises.vague",
            "I'm sorry for the wait.",
        ),
        (
            "Please log out and back in, then try again.",
            "empathy.missing",
            "Please log out and back in, then try again.",
        ),
    ],
)
def test_applying_the_fix_clears_the_finding(draft: str, check: str, kept: str) -> None:
    verdict = ENGINE.check_reply(_conversation(), draft, now=NOW)
    finding = next(f for f in verdict.findings if f.check == check)
    edit = edit_for(draft, finding.start, finding.end, finding.data)
    assert edit is not None
    fixed = edit.apply(draft)
    assert kept in fixed
    after = ENGINE.check_reply(_conversation(), fixed, now=NOW)
    assert check not in {f.check for f in after.findings}, fixed


def test_a_finding_without_a_fix_offers_no_edit() -> None:
    assert edit_for("We guarantee it.", 0, 16, {"kind": "guarantee"}) is None
    assert not has_fix({"fix": {"replace": "everything", "text": "x"}})
    assert not has_fix({"fix": {"replace": "span", "text": "  "}})


def test_prepend_is_not_applied_twice() -> None:
    data = fix_data("I'm sorry about this.", "prepend")
    first = edit_for("Try again.", 0, 10, data)
    assert first is not None
    text = first.apply("Try again.")
    assert text == "I'm sorry about this. Try again."
    assert edit_for(text, 0, 10, data) is None


def test_a_span_outside_the_text_is_refused() -> None:
    assert edit_for("short", 3, 40, fix_data("x", "span")) is None


@given(
    text=st.text(max_size=200),
    start=st.integers(0, 220),
    length=st.integers(0, 40),
    scope=st.sampled_from(["sentence", "span", "prepend"]),
)
def test_edits_stay_inside_the_text(text: str, start: int, length: int, scope: str) -> None:
    edit = edit_for(text, start, start + length, {"fix": {"replace": scope, "text": "Fixed."}})
    if edit is None:
        return
    assert isinstance(edit, Edit)
    assert 0 <= edit.start <= edit.end <= len(text)
    assert "Fixed." in edit.apply(text)
