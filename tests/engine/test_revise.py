"""The guard's decision on a bot's draft: allow, revise (mechanical fixes, checked again) or
block, and the pure revision logic under it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustdesk.engine import Engine, GuardDecision, check_reply, engine_for, guard
from trustdesk.engine.revise import guard as guard_draft
from trustdesk.engine.revise import hand_over_sentence, revise
from trustdesk.model import Decision, Finding, Principle, Severity, Verdict
from trustdesk.policy import Policy
from trustdesk.policy.loader import default_policy

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday morning
CONVERSATION = {
    "id": "c1",
    "messages": [
        {
            "id": "m1",
            "role": "customer",
            "at": "2026-03-02T09:55:00Z",
            "text": "My refund has not arrived and I can't log in to my account.",
        }
    ],
}
# The default policy's update interval is 24 business hours: from Monday 10:00, Wednesday.
UPDATE = "We'll update you by 17:00 on Wednesday 4 March."

MUST_REVISE = [
    (
        "Thanks for your patience. We will get back to you soon.",
        f"Thanks for your patience. {UPDATE}",
        ["promises.vague"],
    ),
    (
        "Sorry about that. Please send me your password so I can check the account.",
        "Sorry about that. For your security, please never share your password with anyone, "
        "us included; you can reset it safely from the sign-in page.",
        ["privacy.secret_request"],
    ),
    (
        "Sorry about that. Can you send your full card number? We'll look into it.",
        "Sorry about that. Could you tell us the last four digits of the card? Please never "
        "send the full number. We'll look into it.",
        ["privacy.secret_request"],
    ),
    (
        "Sorry about that. Our service is designed to work with only one device, as a "
        "security feature.",
        "Sorry about that. I'll check this with a colleague and update you by 17:00 on "
        "Wednesday 4 March.",
        ["honesty.unsupported_claim"],
    ),
    (
        "Sorry about that. Your refund will arrive within 24 hours.",
        "Sorry about that. Refunds reach your account within 5-10 business days of approval.",
        ["promises.unrealistic"],
    ),
]

MUST_BLOCK = [
    ("That's a stupid question. Read the manual.", "respect.rude"),
]

MUST_ALLOW = [
    "Sorry for the trouble. Your refund is on its way and should reach you within 5-10 "
    "business days. I have sent a password-reset link to your e-mail.",
    "Thanks for writing in. I have sent a password-reset link to your e-mail.",
]


@pytest.mark.parametrize(("draft", "revised", "checks"), MUST_REVISE)
def test_a_mechanical_fix_is_applied_and_the_revised_reply_passes(
    draft: str, revised: str, checks: list[str]
) -> None:
    result = guard(CONVERSATION, draft, now=NOW)
    assert result.decision is GuardDecision.REVISE, result.reason
    assert result.text == revised
    assert [check for revision in result.revisions for check in revision.checks] == checks
    for revision in result.revisions:
        assert draft[revision.start : revision.end] == revision.quote
    assert result.hands_over == ("honesty.unsupported_claim" in checks)
    assert {finding.check for finding in result.findings} >= set(checks)
    # What the bot would send is allowed by the engine on its own.
    assert check_reply(CONVERSATION, result.text, now=NOW).decision is Decision.ALLOW


@pytest.mark.parametrize(("draft", "check"), MUST_BLOCK)
def test_a_finding_with_no_mechanical_fix_blocks(draft: str, check: str) -> None:
    result = guard(CONVERSATION, draft, now=NOW)
    assert result.decision is GuardDecision.BLOCK
    assert result.text is None and not result.sendable
    assert check in result.reason
    assert "no mechanical fix" in result.reason
    assert result.revisions == ()


@pytest.mark.parametrize("draft", MUST_ALLOW)
def test_a_compliant_reply_is_allowed_as_written(draft: str) -> None:
    result = guard(CONVERSATION, draft, now=NOW)
    assert result.decision is GuardDecision.ALLOW, result.reason
    assert result.text == draft
    assert result.revisions == ()


def test_fixes_uncovered_by_the_first_ones_are_made_in_a_second_step() -> None:
    # The vague promises are excused while the reply asks the customer for something; once
    # the request for a password is gone they are not, and are fixed in turn (once).
    draft = (
        "Sorry! We will get back to you soon. Please send me your password. "
        "Someone will be in touch shortly."
    )
    result = guard(CONVERSATION, draft, now=NOW)
    assert result.decision is GuardDecision.REVISE, result.reason
    assert result.text is not None
    assert result.text.count("We'll update you by") == 1
    assert "password" not in result.text.replace("never share your password", "")
    assert [revision.step for revision in result.revisions] == [1, 2, 2]
    assert result.revisions[-1].replacement == ""  # the same promise is not made twice


def test_a_revised_reply_that_still_fails_is_blocked() -> None:
    finding = _finding("promises.vague", 26, 55, {"fix": {"replace": "sentence", "text": "X."}})
    draft = "Thanks for your patience. We will get back to you soon."
    first = Verdict(Decision.WARN, (finding,), "vague")
    seen: list[str] = []

    def recheck(text: str) -> Verdict:
        seen.append(text)
        return Verdict(Decision.BLOCK, (_finding("respect.rude", 0, 1, {}),), "rude (respect.rude)")

    result = guard_draft(draft, first, recheck, Severity.WARN)
    assert seen == ["Thanks for your patience. X."]
    assert result.decision is GuardDecision.BLOCK
    assert result.text is None
    assert result.reason == "Blocked: the revised reply still fails. rude (respect.rude)"


def test_a_draft_not_fully_checked_is_blocked() -> None:
    verdict = Verdict(Decision.WARN, (), "Not fully checked: 1 check did not run", ("a.b",))
    result = guard_draft("Hello", verdict, lambda text: verdict, Severity.WARN)
    assert result.decision is GuardDecision.BLOCK
    assert result.unchecked == ("a.b",)


def test_a_deadline_already_past_blocks_through_the_engine() -> None:
    result = engine_for(None).guard(CONVERSATION, "Thanks!", now=NOW, deadline=0.0)
    assert result.decision is GuardDecision.BLOCK
    assert result.unchecked


def test_minor_notes_do_not_stop_a_reply() -> None:
    note = _finding("respect.jargon", 0, 5, {}, Severity.INFO)
    verdict = Verdict(Decision.ALLOW, (note,), "Only minor notes: jargon")
    result = guard_draft("Hello there.", verdict, lambda text: verdict, Severity.WARN)
    assert result.decision is GuardDecision.ALLOW
    assert result.text == "Hello there."
    assert result.findings == (note,)


def test_overlapping_fixes_become_one_revision_naming_both_checks() -> None:
    draft = "Hi. Send me your password and we will get back to you. Bye."
    secret = _finding("privacy.secret_request", 4, 26, _sentence("Never share it."))
    promise = _finding("promises.vague", 31, 54, _sentence("We'll update you by 17:00."))
    revised = revise(draft, [promise, secret])
    assert revised is not None
    text, revisions = revised
    assert text == "Hi. Never share it. We'll update you by 17:00. Bye."
    assert len(revisions) == 1
    assert revisions[0].checks == ("privacy.secret_request", "promises.vague")


def test_a_finding_without_a_fix_leaves_nothing_to_revise() -> None:
    draft = "That is a silly question."
    assert revise(draft, [_finding("respect.rude", 0, 24, {})]) is None


def test_a_claim_with_no_wording_of_its_own_is_handed_over() -> None:
    draft = "Only one device is allowed. Thanks."
    claim = _finding("honesty.unsupported_claim", 0, 27, {})
    revised = revise(draft, [claim], hand_over="A colleague will confirm by 5pm.")
    assert revised is not None
    text, [revision] = revised
    assert text == "A colleague will confirm by 5pm. Thanks."
    assert revision.hands_over
    # Without a hand-over to offer, such a claim has no mechanical fix.
    assert revise(draft, [claim]) is None


def test_only_an_honesty_finding_is_handed_over() -> None:
    rude = _finding("respect.rude", 0, 27, {}, principle=Principle.RESPECT)
    assert revise("Only one device is allowed. Thanks.", [rude], hand_over="Handed over.") is None


def test_the_hand_over_names_the_time_the_policys_update_interval_allows() -> None:
    policy = default_policy()  # 24 business hours: from Monday 10:00, Wednesday 17:00
    assert hand_over_sentence(policy, NOW) == (
        "I'll check this with a colleague and update you by 17:00 on Wednesday 4 March."
    )


def test_the_policys_severities_decide_what_stops_a_bot() -> None:
    # Rudeness lowered to a note no longer stops the reply; vague promises raised to block are
    # still revised, since their fix is mechanical.
    policy = Policy.model_validate(
        {"checks": {"respect.rude": {"severity": "info"}, "promises.vague": {"severity": "block"}}}
    )
    engine = Engine(policy)
    rude = engine.guard(CONVERSATION, "That's a stupid question.", now=NOW)
    assert rude.decision is GuardDecision.ALLOW
    assert [f.severity for f in rude.findings] == [Severity.INFO]
    vague = engine.guard(CONVERSATION, "Thanks! We will get back to you soon.", now=NOW)
    assert vague.decision is GuardDecision.REVISE
    assert vague.findings[0].severity is Severity.BLOCK
    assert vague.text is not None
    assert vague.text.startswith("Thanks! We'll update you by ")


SENTENCES = [
    "Sorry about the trouble.",
    "We will get back to you soon.",
    "Please send me your password.",
    "Can you send your full card number?",
    "Our service is designed to work with only one device.",
    "Your refund will arrive within 24 hours.",
    "I have sent a password-reset link to your e-mail.",
    "That's a stupid question.",
    "Someone will be in touch shortly.",
    "Thanks for writing in!",
]


@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6))
def test_whatever_the_draft_only_an_allowed_text_is_ever_offered(sentences: list[str]) -> None:
    draft = " ".join(sentences)
    result = guard(CONVERSATION, draft, now=NOW)
    if result.decision is GuardDecision.BLOCK:
        assert result.text is None
    else:
        assert result.text is not None
        assert check_reply(CONVERSATION, result.text, now=NOW).decision is Decision.ALLOW
    if result.decision is GuardDecision.ALLOW:
        assert result.text == draft


def _sentence(text: str) -> dict[str, object]:
    return {"fix": {"replace": "sentence", "text": text}}


def _finding(
    check: str,
    start: int,
    end: int,
    data: dict[str, object],
    severity: Severity = Severity.WARN,
    principle: Principle = Principle.HONESTY,
) -> Finding:
    return Finding(
        check=check,
        principle=principle,
        severity=severity,
        conversation_id="c1",
        message_id="draft",
        start=start,
        end=end,
        quote="",
        explanation="x",
        data=data,
    )
