"""A large pre-send check is judged in a worker process of its own, with the same answer as in
the server's process; one that runs far past its budget is stopped and its process replaced.

Which lane judged a check is counted (LargeChecks.judged), never timed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from desk_support import FakeClock, make_staff, open_desk, sqlite_copy
from trustdesk.api.app import create_app
from trustdesk.api.large_checks import LARGE_REQUEST_BYTES, LargeCheck, LargeChecks, judge
from trustdesk.api.schemas import CheckResponse, GuardResponse
from trustdesk.desk import auth
from trustdesk.engine import Engine

pytestmark = pytest.mark.slow  # each module starts worker processes

NOW = "2026-03-02T12:00:00Z"
LINE = "My order 4417 still has not arrived and the tracking page has said the same for a week. "


def _conversation(messages: int, text: str) -> dict[str, Any]:
    return {
        "id": "c1",
        "messages": [
            {
                "id": f"m{n}",
                "role": "customer" if n % 2 == 0 else "agent",
                "at": f"2026-03-02T{9 + n // 60:02d}:{n % 60:02d}:00Z",
                "text": text if n % 2 == 0 else "We are looking into it.",
            }
            for n in range(messages)
        ],
    }


LARGE = {
    "conversation": _conversation(3, LINE * 800),  # about 70,000 characters a message
    "draft": "Sorry for the wait. Can you confirm your password so I can check?",
    "now": NOW,
}
WIZARD = {"id": "m1", "role": "wizard", "text": "x"}
SMALL = {
    "conversation": _conversation(3, "Where is my parcel?"),
    "draft": "Sorry for the wait. Can you confirm your password so I can check?",
    "now": NOW,
}


class Client:
    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    @property
    def workers(self) -> LargeChecks:
        workers: LargeChecks = self.client.app.state.large_checks  # type: ignore[attr-defined]
        return workers

    def check(self, body: dict[str, Any] | bytes, **headers: str) -> Any:
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.client.post(
            "/v1/check",
            content=content,
            headers={**self.headers, "Content-Type": "application/json", **headers},
        )


def _client(tmp_path: Path, template: Path, clock: FakeClock, **settings: Any) -> Iterator[Client]:
    desk = open_desk(sqlite_copy(template, tmp_path / "desk.db"), clock, **settings)
    staff = make_staff(desk)
    token = auth.sign_in(desk, username="ann", password=staff.passwords["ann"]).token
    try:
        with TestClient(create_app(desk=desk, scheduler=False)) as client:
            yield Client(client, token)
    finally:
        desk.close()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Client]:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    yield from _client(
        tmp_path_factory.mktemp("large"), sqlite_template, clock, max_history_messages=6
    )


def test_a_large_check_is_judged_in_a_worker_as_the_server_would_judge_it(api: Client) -> None:
    assert len(json.dumps(LARGE)) > LARGE_REQUEST_BYTES > len(json.dumps(SMALL))
    judged = api.workers.judged
    small = api.check(SMALL)
    assert small.status_code == 200, small.text
    assert api.workers.judged == judged  # judged in the server's process
    large = api.check(LARGE)
    assert large.status_code == 200, large.text
    assert api.workers.judged == judged + 1  # judged by a worker
    verdict = large.json()
    assert verdict["decision"] == "block"
    # The same verdict as the engine's in this process.
    engine = Engine(limits=api.client.app.state.desk.engine.limits)  # type: ignore[attr-defined]
    expected = engine.check_reply(
        LARGE["conversation"], str(LARGE["draft"]), now=datetime.fromisoformat(NOW)
    )
    shown = {**expected.to_dict(), "policy_revision": verdict["policy_revision"]}
    assert verdict == CheckResponse.model_validate(shown).model_dump(mode="json")


def test_a_large_body_sent_without_its_length_is_judged_in_a_worker_too(api: Client) -> None:
    content = json.dumps(LARGE).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(content), 16_384):
            yield content[start : start + 16_384]

    judged = api.workers.judged
    response = api.client.post(
        "/v1/check",
        content=chunks(),
        headers={**api.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["decision"] == "block"
    assert api.workers.judged == judged + 1


def test_a_large_guard_request_is_judged_in_a_worker_as_the_server_would_judge_it(
    api: Client,
) -> None:
    body = {**LARGE, "draft": "Sorry for the wait. Can you confirm your password so I can check?"}
    judged = api.workers.judged
    headers = {**api.headers, "Content-Type": "application/json"}
    large = api.client.post("/v1/guard", content=json.dumps(body).encode(), headers=headers)
    assert large.status_code == 200, large.text
    assert api.workers.judged == judged + 1  # judged by a worker
    answer = large.json()
    assert answer["decision"] == "revise"
    engine = Engine(limits=api.client.app.state.desk.engine.limits)  # type: ignore[attr-defined]
    expected = engine.guard(
        body["conversation"], str(body["draft"]), now=datetime.fromisoformat(NOW)
    )
    shown = {**expected.to_dict(), "policy_revision": answer["policy_revision"]}
    assert answer == GuardResponse.model_validate(shown).model_dump(mode="json")
    # Small, the same request is judged in the server's process.
    small = api.client.post("/v1/guard", json=SMALL, headers=headers)
    assert small.status_code == 200, small.text
    assert api.workers.judged == judged + 1
    # A large mistake is answered as a small one.
    wrong = _padded({**body, "role": "customer"})
    refused = api.client.post("/v1/guard", content=wrong, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "role"


def _padded(body: dict[str, Any]) -> bytes:
    # Large by its size alone: white space after the JSON changes nothing else.
    return json.dumps(body).encode() + b" " * (LARGE_REQUEST_BYTES + 10)


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        (
            {**LARGE, "conversation": _conversation(7, LINE * 150)},
            413,
            "too_large",
            "conversation.messages",
        ),
        (
            {**LARGE, "conversation": {"id": "c1", "messages": [WIZARD]}},
            422,
            "invalid_request",
            "conversation.messages.0.role",
        ),
        ({**LARGE, "role": "customer"}, 422, "invalid_request", "role"),
        ({k: v for k, v in LARGE.items() if k != "draft"}, 422, "invalid_request", "draft"),
    ],
)
def test_a_large_checks_mistakes_are_answered_as_a_small_ones(
    api: Client, body: dict[str, Any], status: int, code: str, field: str
) -> None:
    large = api.check(_padded(body))
    assert (large.status_code, large.json()["error"]["code"]) == (status, code), large.text
    assert large.json()["error"]["field"] == field
    # Unpadded and small enough, it is judged in the server's process, with the same answer.
    if len(json.dumps(body)) <= LARGE_REQUEST_BYTES:
        assert api.check(body).json() == large.json()


def test_a_large_body_that_is_not_json_is_answered_as_a_small_one(api: Client) -> None:
    broken = json.dumps(LARGE).encode()[:-1]
    large = api.check(broken)
    small = api.check(json.dumps(SMALL).encode()[:-1])
    assert large.status_code == small.status_code == 422
    assert large.json()["error"]["code"] == small.json()["error"]["code"] == "invalid_request"
    assert large.json()["error"]["message"] == small.json()["error"]["message"]
    unreadable = api.check(b'{"draft": "\xff\xfe' + b"x" * LARGE_REQUEST_BYTES + b'"}')
    assert unreadable.status_code == 400, unreadable.text


def test_a_large_check_needs_a_token_before_its_body_is_read(api: Client) -> None:
    judged = api.workers.judged
    response = api.client.post("/v1/check", content=json.dumps(LARGE).encode())
    assert response.status_code == 401
    assert api.workers.judged == judged


# --- the backstop: a check far past its budget is stopped ------------------------------------


def stuck_on_marker(engine: Engine, check: LargeCheck) -> tuple[Any, ...]:
    """Judges as the server does, except that a body holding STUCK never finishes."""
    if b"STUCK" in check.body:
        threading.Event().wait()
    return judge(engine, check)


@pytest.fixture
def hurried(tmp_path: Path, sqlite_template: Path) -> Iterator[Client]:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    for client in _client(tmp_path, sqlite_template, clock, check_budget=0.25):
        client.client.app.state.large_checks = LargeChecks(run=stuck_on_marker)  # type: ignore[attr-defined]
        try:
            yield client
        finally:
            client.workers.close()


def test_a_check_far_past_its_budget_is_stopped_and_its_worker_replaced(hurried: Client) -> None:
    workers = hurried.workers
    response = hurried.check({**LARGE, "draft": "STUCK"})
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "over_budget"
    assert "TRUSTDESK_CHECK_BUDGET" in error["message"]
    assert (workers.stopped, workers.judged) == (1, 0)
    # The next large check is judged by the worker started in the stopped one's place.
    after = hurried.check(LARGE)
    assert after.status_code == 200, after.text
    assert (workers.stopped, workers.judged, workers.started) == (1, 1, 2)
    # Small checks never went near the workers.
    assert hurried.check({**SMALL, "draft": "STUCK"}).status_code == 200
    assert workers.judged == 1
