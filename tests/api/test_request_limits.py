"""Limits on what one request may ask: 413 in the API's error shape, before any work, and
nothing stored; a check that outruns its time budget says which checks did not run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_support import Api
from desk_support import FakeClock, make_staff, open_desk, sqlite_copy
from trustdesk.api.app import create_app
from trustdesk.desk import auth

LIMITS = {"max_history_messages": 5, "max_message_chars": 1_000, "max_request_bytes": 20_000}


def _api(tmp_path: Path, template: Path, clock: FakeClock, **settings: Any) -> Iterator[Api]:
    desk = open_desk(sqlite_copy(template, tmp_path / "desk.db"), clock, **settings)
    staff = make_staff(desk)
    tokens = {
        name: auth.sign_in(desk, username=name, password=password).token
        for name, password in staff.passwords.items()
    }
    try:
        with TestClient(create_app(desk=desk, scheduler=False)) as client:
            yield Api(client, tokens)
    finally:
        desk.close()


@pytest.fixture
def small(tmp_path: Path, sqlite_template: Path, clock: FakeClock) -> Iterator[Api]:
    yield from _api(tmp_path, sqlite_template, clock, **LIMITS)


def _conversation(messages: int, text: str = "Where is my parcel?") -> dict[str, Any]:
    return {
        "id": "c1",
        "messages": [
            {"id": f"m{n}", "role": "customer" if n % 2 == 0 else "agent", "text": text}
            for n in range(messages)
        ],
    }


def _too_large(response: Any, field: str | None, message: str) -> None:
    assert response.status_code == 413, response.text
    assert response.json() == {"error": {"code": "too_large", "message": message, "field": field}}


def test_a_history_over_the_limit_is_refused(small: Api) -> None:
    response = small.client.post(
        "/v1/check",
        headers=small.headers("ann"),
        json={"conversation": _conversation(6), "draft": "On its way."},
    )
    _too_large(response, "conversation.messages", "the conversation has 6 messages; the limit is 5")
    # At the limit it is judged.
    ok = small.client.post(
        "/v1/check",
        headers=small.headers("ann"),
        json={"conversation": _conversation(5), "draft": "On its way."},
    )
    assert ok.status_code == 200, ok.text


def test_a_history_over_the_limit_is_refused_before_it_is_validated(small: Api) -> None:
    conversation = _conversation(6)
    conversation["messages"][0]["role"] = "wizard"
    response = small.client.post(
        "/v1/check", headers=small.headers("ann"), json={"conversation": conversation, "draft": "x"}
    )
    assert response.status_code == 413


def test_long_messages_and_drafts_are_refused(small: Api) -> None:
    long = _conversation(2)
    long["messages"][1]["text"] = "x" * 1_001
    response = small.client.post(
        "/v1/check", headers=small.headers("ann"), json={"conversation": long, "draft": "Hi"}
    )
    _too_large(
        response,
        "conversation.messages.1.text",
        "message 2 has 1,001 characters; the limit is 1,000",
    )
    response = small.client.post(
        "/v1/check",
        headers=small.headers("ann"),
        json={"conversation": _conversation(1), "draft": "y" * 1_001},
    )
    _too_large(response, "draft", "the draft has 1,001 characters; the limit is 1,000")


def test_a_body_over_the_byte_limit_is_refused_unread(small: Api) -> None:
    body = {"conversation": _conversation(1, "z" * 30_000), "draft": "Hi"}
    response = small.client.post("/v1/check", headers=small.headers("ann"), json=body)
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert "TRUSTDESK_MAX_REQUEST_BYTES" in error["message"]


def test_a_streamed_body_over_the_byte_limit_is_refused(small: Api) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(30):
            yield b"w" * 1_000
        yield b'"}'

    response = small.client.post(
        "/v1/tickets",
        headers={**small.headers("ann"), "Content-Type": "application/json"},
        content=chunks(),
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert small.client.get("/v1/tickets", headers=small.headers("ann")).json()["items"] == []


def test_ticket_messages_and_replies_follow_the_limit(small: Api) -> None:
    headers = small.headers("ann")
    response = small.client.post("/v1/tickets", headers=headers, json={"text": "q" * 1_001})
    _too_large(response, "text", "the message has 1,001 characters; the limit is 1,000")
    ticket = small.client.post("/v1/tickets", headers=headers, json={"text": "Where is it?"}).json()
    url = f"/v1/tickets/{ticket['id']}"
    response = small.client.post(f"{url}/replies", headers=headers, json={"text": "r" * 1_001})
    _too_large(response, "text", "the reply has 1,001 characters; the limit is 1,000")
    response = small.client.post(f"{url}/messages", headers=headers, json={"text": "m" * 1_001})
    assert response.status_code == 413
    assert len(small.client.get(url, headers=headers).json()["messages"]) == 1


def test_a_ticket_over_the_history_limit_is_judged_on_its_latest_messages(small: Api) -> None:
    headers = small.headers("ann")
    first = "Can you confirm my password is Kiwi-Storm-77?"
    ticket = small.client.post("/v1/tickets", headers=headers, json={"text": first}).json()
    url = f"/v1/tickets/{ticket['id']}"
    for n in range(5):
        added = small.client.post(f"{url}/messages", headers=headers, json={"text": f"Hello {n}?"})
        assert added.status_code in (200, 201), added.text
    # Six messages against a limit of five: the reply is still checked and sent, judged on the
    # latest five (the draft's findings say nothing of the first message).
    response = small.client.post(f"{url}/replies", headers=headers, json={"text": "On its way."})
    assert response.status_code in (200, 201), response.text
    assert len(small.client.get(url, headers=headers).json()["messages"]) == 7
    checked = small.client.post(
        f"{url}/drafts/check", headers=headers, json={"text": "Sorry, what is your password?"}
    )
    assert checked.status_code == 200, checked.text
    assert checked.json()["decision"] == "block"


def test_an_import_over_the_limits_is_refused_whole(small: Api) -> None:
    headers = small.headers("ann")
    body = {"conversations": [{**_conversation(2), "id": "ok"}, {**_conversation(6), "id": "big"}]}
    response = small.client.post("/v1/conversations", headers=headers, json=body)
    _too_large(
        response,
        "conversations.1.messages",
        "the conversation has 6 messages; the limit is 5",
    )
    assert small.client.get("/v1/tickets", headers=headers).json()["items"] == []


@pytest.fixture
def hurried(tmp_path: Path, sqlite_template: Path, clock: FakeClock) -> Iterator[Api]:
    yield from _api(tmp_path, sqlite_template, clock, check_budget=1e-9)


def test_a_check_over_its_time_budget_says_what_did_not_run(hurried: Api) -> None:
    response = hurried.client.post(
        "/v1/check",
        headers=hurried.headers("ann"),
        json={"conversation": _conversation(2), "draft": "Thanks, all sorted."},
    )
    assert response.status_code == 200, response.text
    verdict = response.json()
    assert verdict["decision"] == "warn"
    assert verdict["reason"].startswith("Not fully checked")
    assert "privacy.secret_request" in verdict["unchecked"]
