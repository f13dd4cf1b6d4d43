"""Property tests: the engine never crashes and never hangs on any input, its work grows with
the length of a message and no faster than allowed, and what it reports can always be checked
against the text it quotes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaling import assert_linear_steps, assert_linear_time
from trustdesk.engine import Engine, GuardDecision
from trustdesk.errors import InputError
from trustdesk.model import EARLIEST, LATEST, Conversation, Decision

ENGINE = Engine()
ROLES = ["customer", "agent", "bot", "note", "system"]
# Text that reaches the checks' lexicons, mixed with arbitrary Unicode.
PHRASES = [
    "We will get back to you soon.",
    "Can you confirm your password?",
    "Only 2 left, act now!",
    "Any update?? This is the third time I ask.",
    "Refunds take 3 days.",
    "I went ahead and switched your plan.",
    "Why was I charged twice?",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
    "by Friday 5pm",
    "within 48 hours",
    "THIS IS UNACCEPTABLE",
    "That's just our policy.",
    "¿Dónde está mi pedido?",
    "\u200b\u202e\ufeff",
    "😡😡😡",
]
text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PHRASES), max_size=6).map(" ".join),
    st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=20)), max_size=6).map("".join),
)
# Odd but valid instants: far past and future (as far as the input format allows), every
# offset, naive ones (read as UTC).
moments = st.one_of(
    st.none(),
    st.datetimes(
        min_value=EARLIEST.replace(tzinfo=None),
        max_value=LATEST.replace(tzinfo=None) - timedelta(microseconds=1),
        timezones=st.sampled_from([UTC, None]),
    ),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
)


@st.composite
def conversations(draw: st.DrawFn) -> dict[str, Any]:
    ids = st.text(min_size=1, max_size=4) if draw(st.booleans()) else st.sampled_from(["m1", "m2"])
    messages = []
    for _ in range(draw(st.integers(0, 8))):
        message: dict[str, Any] = {
            "id": draw(ids),  # duplicates must be refused with an InputError
            "role": draw(st.sampled_from(ROLES)),
            "text": draw(text),
        }
        at = draw(moments)
        if at is not None:
            message["at"] = at.isoformat()
        messages.append(message)
    customer = draw(
        st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {},
                optional={
                    "language": st.sampled_from(["en", "es", "xx", ""]),
                    "preferences": st.fixed_dictionaries(
                        {}, optional={"marketing": st.booleans(), "language": st.text(max_size=5)}
                    ),
                },
            ),
        )
    )
    data: dict[str, Any] = {"id": draw(st.text(min_size=1, max_size=5)), "messages": messages}
    if customer is not None:
        data["customer"] = customer
    return data


def assert_verifiable(conversation: Conversation, findings: Any, extra: dict[str, str]) -> None:
    texts = {m.id: m.text for m in conversation.messages} | extra
    for finding in findings:
        assert finding.message_id in texts
        message = texts[finding.message_id]
        assert 0 <= finding.start <= finding.end <= len(message)
        assert message[finding.start : finding.end] == finding.quote
        assert finding.explanation


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations(), moments)
def test_audit_never_crashes_and_every_quote_is_the_text_it_points_at(
    data: dict[str, Any], now: datetime | None
) -> None:
    try:
        conversation = Conversation.parse(data)
    except InputError:
        return  # invalid input (a duplicate message id) is refused with a clear error
    first = ENGINE.audit(conversation, now=now)
    assert_verifiable(conversation, first.findings, {})
    assert all(0.0 <= score <= 100.0 for score in first.scores.values())
    # Deterministic: a fresh parse of the same input gives the same audit.
    assert ENGINE.audit(Conversation.parse(data), now=now) == first


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations(), text, moments)
def test_check_reply_never_crashes_and_findings_sit_on_the_draft(
    data: dict[str, Any], draft: str, now: datetime | None
) -> None:
    try:
        conversation = Conversation.parse(data)
    except InputError:
        return
    verdict = ENGINE.check_reply(conversation, draft, now=now)
    ids = {f.message_id for f in verdict.findings}
    assert len(ids) <= 1
    for finding in verdict.findings:
        assert draft[finding.start : finding.end] == finding.quote
    if now is not None:
        # Without a moment the engine reads the clock, and waiting times move with it.
        assert ENGINE.check_reply(conversation, draft, now=now) == verdict


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations(), text, moments)
def test_the_guard_never_crashes_and_offers_only_what_the_engine_allows(
    data: dict[str, Any], draft: str, now: datetime | None
) -> None:
    try:
        conversation = Conversation.parse(data)
    except InputError:
        return
    result = ENGINE.guard(conversation, draft, now=now)
    for revision in result.revisions:
        if revision.step == 1:
            assert draft[revision.start : revision.end] == revision.quote
    if result.decision is GuardDecision.ALLOW:
        assert result.text == draft and not result.revisions
    elif result.decision is GuardDecision.REVISE:
        assert result.text is not None and result.revisions
        if now is not None:
            judged = ENGINE.check_reply(conversation, result.text, now=now, role="bot")
            assert judged.decision is Decision.ALLOW
    else:
        assert result.text is None
    if now is not None:
        assert ENGINE.guard(conversation, draft, now=now) == result


def _hostile(n: int) -> str:
    """About 480 * n characters: real phrases, then long runs of what the patterns key on."""
    return (" ".join(PHRASES) + " ") * n + "a" * 60 * n + "?" * 30 * n + " 1" * 15 * n


def _big(text: str) -> dict[str, Any]:
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    at = [start.isoformat(), (start + timedelta(hours=1)).isoformat()]
    return {
        "id": "big",
        "messages": [
            {"id": "m1", "role": "customer", "at": at[0], "text": text},
            {"id": "m2", "role": "agent", "at": at[1], "text": text},
        ],
    }


def _judge(text: str) -> None:
    data = _big(text)
    assert ENGINE.audit(data).findings and ENGINE.check_reply(data, text).findings


def test_work_grows_at_most_quadratically_with_the_length_of_a_message() -> None:
    # A backtracking pattern would take minutes or hours on these runs; any growth beyond
    # quadratic in the length of one message fails here, whatever the machine's load.
    assert_linear_steps(_hostile, _judge, 4, degree=2)
    assert_linear_time(_hostile, _judge, 6, factor=4, degree=2, rounds=3)


@pytest.mark.slow
def test_a_100_kb_message_is_judged() -> None:
    _judge(_hostile(210)[:100_000])


def test_work_grows_linearly_with_the_length_of_a_message() -> None:
    # Eight times the text: at most 12 times the steps (it was about 30 while quadratic).
    assert_linear_steps(_hostile, _judge, 4, factor=8)


def test_empty_conversations_and_empty_drafts_are_fine() -> None:
    empty = {"id": "e", "messages": []}
    assert ENGINE.audit(empty).findings == ()
    assert ENGINE.check_reply(empty, "").decision.value == "allow"
    blank = {"id": "b", "messages": [{"id": "m1", "role": "customer", "text": "   "}]}
    assert ENGINE.check_reply(blank, "\n\n").decision.value == "allow"
