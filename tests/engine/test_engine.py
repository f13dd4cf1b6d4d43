"""The engine's contract: verdicts and their thresholds, policy overrides, scores, the clock,
the public API's two input forms, and clear errors for what a caller gets wrong."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import trustdesk
from support import START, conversation
from trustdesk import Conversation, Decision, InputError, audit, check_reply
from trustdesk.engine import Engine
from trustdesk.engine.core import MAX_DRAFT_CHARS
from trustdesk.engine.scoring import CLEAN, band_score
from trustdesk.errors import PolicyError
from trustdesk.model import Principle, Severity
from trustdesk.policy import Policy, default_policy, policy_from_dict
from trustdesk.samples import load_samples

HISTORY = conversation(
    ("customer", "Hi, I was charged twice for order 58213. Can you refund the second charge?"),
)
NOW = START + timedelta(minutes=20)
PASSWORD_ASK = "I can look into it. Can you confirm your password so I can check the account?"
VAGUE = "Thanks for flagging this. We will get back to you soon about the refund."
GOOD = (
    "Thanks for flagging this. I can see both charges of £64.50 and I have refunded the "
    "second one today; it will reach your card within 5-10 business days."
)


def policy_with(**overrides: Any) -> Policy:
    data = default_policy().model_dump(mode="json")
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return policy_from_dict(data)


def checks_found(verdict: trustdesk.Verdict) -> set[str]:
    return {finding.check for finding in verdict.findings}


def test_a_good_reply_is_allowed() -> None:
    verdict = check_reply(HISTORY, GOOD, now=NOW)
    assert verdict.decision is Decision.ALLOW, verdict.findings
    assert verdict.reason == "No problems found."
    assert verdict.exit_code == 0


def test_a_password_request_is_blocked_with_the_span_and_a_safe_alternative() -> None:
    verdict = check_reply(HISTORY, PASSWORD_ASK, now=NOW)
    assert verdict.decision is Decision.BLOCK
    assert verdict.exit_code == 2
    top = verdict.findings[0]
    assert top.check == "privacy.secret_request"
    assert top.severity is Severity.BLOCK
    assert "password" in top.quote.lower()
    assert PASSWORD_ASK[top.start : top.end] == top.quote
    assert top.suggestion
    assert verdict.reason.endswith("(privacy.secret_request)")


def test_a_vague_promise_warns_and_the_fix_names_a_concrete_time() -> None:
    verdict = check_reply(HISTORY, VAGUE, now=NOW)
    assert verdict.decision is Decision.WARN
    assert verdict.exit_code == 1
    (vague,) = [f for f in verdict.findings if f.check == "promises.vague"]
    assert vague.suggestion and any(ch.isdigit() for ch in vague.suggestion)


def test_findings_are_ordered_worst_first_and_the_reason_counts_the_rest() -> None:
    # (A vague promise beside a request to the customer reads as an offer that waits on them,
    # so the warning here is a rude opening instead.)
    verdict = check_reply(
        HISTORY, "As I already told you, we will refund it. " + PASSWORD_ASK, now=NOW
    )
    assert verdict.decision is Decision.BLOCK
    ranks = [f.severity.rank for f in verdict.findings]
    assert ranks == sorted(ranks, reverse=True)
    more = len(verdict.findings) - 1
    assert more >= 1 and f"and {more} more finding" in verdict.reason


def test_a_severity_override_changes_the_verdict() -> None:
    softened = policy_with(checks={"privacy.secret_request": {"severity": "warn"}})
    verdict = check_reply(HISTORY, PASSWORD_ASK, policy=softened, now=NOW)
    assert verdict.decision is Decision.WARN
    assert {f.severity for f in verdict.findings if f.check == "privacy.secret_request"} == {
        Severity.WARN
    }


def test_a_disabled_check_reports_nothing() -> None:
    off = policy_with(checks={"privacy.secret_request": {"enabled": False}})
    verdict = check_reply(HISTORY, PASSWORD_ASK, policy=off, now=NOW)
    assert "privacy.secret_request" not in checks_found(verdict)
    assert "privacy.secret_request" not in {c.id for c in Engine(off).checks}


def test_verdict_thresholds_come_from_the_policy() -> None:
    strict = policy_with(verdict={"warn_at": "info", "block_at": "warn"})
    assert check_reply(HISTORY, VAGUE, policy=strict, now=NOW).decision is Decision.BLOCK
    lenient = policy_with(verdict={"warn_at": "block", "block_at": "block"})
    assert check_reply(HISTORY, VAGUE, policy=lenient, now=NOW).decision is Decision.ALLOW


def test_thresholds_out_of_order_are_a_policy_error() -> None:
    with pytest.raises(PolicyError, match="block_at"):
        policy_with(verdict={"warn_at": "block", "block_at": "info"})


def test_audit_scores_deduct_the_severity_weight_per_finding() -> None:
    bad = conversation(
        ("customer", "My parcel is late. Where is it?"),
        ("agent", PASSWORD_ASK),
        ("customer", "I'm not giving you my password!"),
        ("agent", "Sorry. " + VAGUE),
    )
    result = audit(bad)
    assert result.messages == 4
    assert set(result.scores) == {check.principle for check in Engine().checks}
    for principle, score in result.scores.items():
        found = [f.severity for f in result.findings if f.principle is principle]
        worst = max(found, key=lambda s: s.rank) if found else None
        expected = CLEAN if worst is None else band_score(worst, found.count(worst))
        assert score == round(expected, 2)
    assert result.scores[Principle.PRIVACY] < 100


def test_audit_without_a_clock_judges_the_conversation_as_it_stood_at_its_last_message() -> None:
    promise = conversation(
        ("customer", "When will my refund be processed?"),
        ("agent", "I will email you the refund confirmation by 3pm today."),
    )
    assert "promises.broken" not in {f.check for f in audit(promise).findings}
    later = START + timedelta(days=3)
    assert "promises.broken" in {f.check for f in audit(promise, now=later).findings}


def test_check_reply_accepts_a_dict_or_a_conversation_and_gives_the_same_verdict() -> None:
    as_dict = check_reply(HISTORY, VAGUE, now=NOW)
    as_model = check_reply(Conversation.parse(HISTORY), VAGUE, now=NOW)
    assert as_dict == as_model


def test_a_naive_clock_is_read_as_utc() -> None:
    naive = NOW.replace(tzinfo=None)
    assert check_reply(HISTORY, VAGUE, now=naive) == check_reply(HISTORY, VAGUE, now=NOW)


def test_the_clock_may_be_an_iso_string_as_in_the_input_format() -> None:
    as_text = NOW.isoformat().replace("+00:00", "Z")
    assert check_reply(HISTORY, VAGUE, now=as_text) == check_reply(HISTORY, VAGUE, now=NOW)
    assert Engine().audit(HISTORY, now=as_text) == Engine().audit(HISTORY, now=NOW)


def test_the_draft_gets_an_id_no_history_message_has() -> None:
    history = conversation(("customer", "Hello?"), ("agent", "Hi! How can I help?"))
    history["messages"][1]["id"] = "draft"
    verdict = check_reply(history, PASSWORD_ASK, now=NOW)
    assert {f.message_id for f in verdict.findings} == {"draft_"}


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: Engine().check_reply(HISTORY, "x" * (MAX_DRAFT_CHARS + 1)), "draft"),
        (lambda: Engine().check_reply(HISTORY, 42), "draft"),  # type: ignore[arg-type]
        (lambda: Engine().check_reply(HISTORY, "Hello", role="customer"), "role"),
        (lambda: check_reply({"id": "c1", "messages": [{"id": "m1"}]}, "Hi"), "messages.0.role"),
        (lambda: check_reply(["not", "a", "conversation"], "Hi"), None),  # type: ignore[arg-type]
        (lambda: check_reply(HISTORY, "Hi", now="next tuesday"), "now"),
        (lambda: check_reply(HISTORY, "Hi", now="1700000000"), "now"),
        (lambda: check_reply(HISTORY, "Hi", now=1700000000), "now"),  # type: ignore[arg-type]
        (lambda: audit(HISTORY, now="0001-01-01T00:00:00+14:00"), "now"),
    ],
)
def test_caller_mistakes_are_input_errors_that_name_the_field(call: Any, field: str | None) -> None:
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.field == field


def test_the_same_input_policy_and_clock_give_the_same_result() -> None:
    engine = Engine()
    first = engine.check_reply(HISTORY, VAGUE + " " + PASSWORD_ASK, now=NOW)
    second = Engine().check_reply(HISTORY, VAGUE + " " + PASSWORD_ASK, now=NOW)
    assert first == second


def test_check_reply_without_now_uses_the_current_time() -> None:
    recent = conversation(("customer", "Can you refund order 58213?"), start=datetime.now(UTC))
    verdict = check_reply(recent, GOOD)
    assert verdict.decision is Decision.ALLOW, verdict.findings


def test_a_message_id_used_twice_is_refused() -> None:
    twice = conversation(("customer", "Hello?"), ("agent", "Hi there."))
    twice["messages"][1]["id"] = "m1"
    with pytest.raises(InputError, match="message id 'm1' is used twice") as caught:
        audit(twice)
    assert caught.value.field == "messages"


def test_an_audit_can_skip_the_service_measures() -> None:
    sample = load_samples()[0]
    full = Engine().audit(sample)
    lean = Engine().audit(sample, measures=False)
    assert full.service is not None and lean.service is None
    assert lean.findings == full.findings and lean.scores == full.scores
