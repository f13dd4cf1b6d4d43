"""The input format's edge values: times at the ends of the calendar, lone surrogates and
wrongly typed fields are input errors that name the field, never a crash further down."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from trustdesk.engine import Engine
from trustdesk.errors import InputError
from trustdesk.model import EARLIEST, LATEST, Conversation

ENGINE = Engine()


def conversation(**message: Any) -> dict[str, Any]:
    fields = {"id": "m1", "role": "customer", "text": "Where is my parcel?", **message}
    return {"id": "c1", "messages": [fields]}


def refusal(data: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as refused:
        Conversation.parse(data)
    return refused.value


@pytest.mark.parametrize(
    "at",
    [
        "0001-01-01T00:00:00+14:00",  # year 0 in UTC: not a datetime at all
        "9999-12-31T23:59:59-12:00",  # year 10000 in UTC
        "0001-01-01T00:00:00+00:00",  # a placeholder, too close to the end to count from
        "9999-12-31T20:00:00+00:00",
    ],
)
def test_a_time_at_the_ends_of_the_calendar_is_an_input_error(at: str) -> None:
    error = refusal(conversation(at=at))
    assert error.field == "messages.0.at"
    assert error.reason.startswith(f"time out of range: {at.replace('+00:00', '+00:00')}")
    assert "1000-8999" in error.reason


def test_times_inside_the_range_are_judged_even_at_its_edges() -> None:
    texts = ["We will refund you within 5 business days.", "I'll call you by Friday 5pm."]
    for moment in (EARLIEST, LATEST - timedelta(seconds=1)):
        for offset in (-12, 0, 14):
            local = moment.astimezone(timezone(timedelta(hours=offset)))
            data = {
                "id": "c1",
                "messages": [
                    {"id": "m1", "role": "customer", "at": local.isoformat(), "text": "Refund?"},
                    {"id": "m2", "role": "agent", "at": local.isoformat(), "text": texts[0]},
                ],
            }
            parsed = Conversation.parse(data)
            ENGINE.audit(parsed)
            ENGINE.check_reply(parsed, texts[1], now=moment)


@pytest.mark.parametrize("at", [1772445120, "1772445120", "1.7e9", " -5 ", True, 17.5])
def test_a_number_is_not_a_time(at: object) -> None:
    assert refusal(conversation(at=at)).reason.startswith("a time must be an ISO 8601 string")


def test_a_naive_time_is_read_as_utc() -> None:
    parsed = Conversation.parse(conversation(at="2026-03-02T09:12:00"))
    assert parsed.messages[0].at == datetime(2026, 3, 2, 9, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("where", "field"),
    [
        ({"messages": [{"id": "m1", "role": "customer", "text": "a \ud800 b"}]}, "messages.0.text"),
        ({"messages": [{"id": "m\udc00", "role": "customer", "text": "x"}]}, "messages.0.id"),
        ({"channel": "\udfff"}, "channel"),
        ({"customer": {"segment": {"region": "U\ud83dK"}}}, "customer.segment.region"),
        ({"meta": {"source": ["ok", {"deep": "\ud800"}]}}, "meta"),
    ],
)
def test_a_lone_surrogate_is_refused_wherever_it_is(where: dict[str, Any], field: str) -> None:
    data = {"id": "c1", "messages": [], **where}
    error = refusal(data)
    assert error.field == field
    assert error.reason.startswith("not valid Unicode: a lone surrogate")


def test_a_surrogate_from_a_json_escape_is_refused_with_its_position() -> None:
    record = json.loads(
        '{"id": "c1", "messages": [{"id": "m1", "role": "customer", "text": "Hi \\ud83d there"}]}'
    )
    assert refusal(record).reason == "not valid Unicode: a lone surrogate '\\ud83d' at character 3"
    # A whole pair, as JSON writes an emoji, is one character and is fine.
    pair = json.loads(
        '{"id": "c1", "messages": [{"id": "m1", "role": "customer", '
        '"text": "Hi \\ud83d\\ude00 there"}]}'
    )
    assert Conversation.parse(pair).messages[0].text == "Hi 😀 there"


def test_check_reply_and_audit_refuse_a_surrogate_with_an_input_error() -> None:
    history = conversation()
    with pytest.raises(InputError) as draft:
        ENGINE.check_reply(history, "Sorry \ud800 for the wait.")
    assert draft.value.field == "draft"
    with pytest.raises(InputError):
        ENGINE.check_reply(history, "Sorry for the wait.", author="agent:\udc80")
    with pytest.raises(InputError):
        ENGINE.audit(conversation(text="\ud800"))


def test_check_reply_refuses_a_moment_out_of_range() -> None:
    late = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    with pytest.raises(InputError) as refused:
        ENGINE.check_reply(conversation(), "Sorry for the wait.", now=late)
    assert refused.value.field == "now"
    with pytest.raises(InputError):
        ENGINE.audit(conversation(), now=late)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"customer": {"preferences": {"marketing": "false"}}}, "customer.preferences.marketing"),
        ({"survey": {"satisfaction": "5"}}, "survey.satisfaction"),
        ({"survey": {"treated_fairly": 1}}, "survey.treated_fairly"),
        ({"remedies": [{"kind": "refund", "amount": "12.50"}]}, "remedies.0.amount"),
        ({"remedies": [{"kind": "refund", "amount": True}]}, "remedies.0.amount"),
        ({"status": "resolved"}, "status"),
        ({"status": 1}, "status"),
    ],
)
def test_wrongly_typed_fields_are_refused_not_coerced(extra: dict[str, Any], field: str) -> None:
    assert refusal({"id": "c1", "messages": [], **extra}).field == field


def test_well_typed_fields_are_accepted() -> None:
    parsed = Conversation.parse(
        {
            "id": "c1",
            "messages": [],
            "customer": {"preferences": {"marketing": False}},
            "survey": {"satisfaction": 5, "treated_fairly": True},
            "remedies": [{"kind": "refund", "amount": 12}, {"kind": "credit", "amount": 2.5}],
            "status": "solved",
        }
    )
    assert parsed.remedies is not None and parsed.remedies[0].amount == 12.0
    assert parsed.status == "solved"
