"""trustdesk.guard, the client a bot developer imports: over HTTP and in process, the same
result; what happens when the service cannot answer (fail-closed or fail-open)."""

from __future__ import annotations

import doctest
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

import trustdesk.guard
from desk_support import Staff
from live_server import serving
from trustdesk.desk import auth
from trustdesk.desk.desk import Desk
from trustdesk.guard import Guard, GuardDecision, GuardError, GuardResult
from trustdesk.policy.loader import default_policy_text

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CONVERSATION = {
    "id": "c1",
    "messages": [
        {
            "id": "m1",
            "role": "customer",
            "at": "2026-03-02T09:55:00Z",
            "text": "I can't get into my account.",
        }
    ],
}
DRAFTS = [
    "Sorry for the trouble. I have sent a password-reset link to your e-mail.",
    "Sorry for the trouble. We will get back to you soon.",
    "Sorry for the trouble. What is your password?",
    "That's a stupid question.",
]


def _summary(result: GuardResult) -> tuple[object, ...]:
    return (
        result.decision,
        result.text,
        result.reason,
        [(f.check, f.severity, f.start, f.end, f.quote, f.confidence) for f in result.findings],
        list(result.revisions),
        result.checked,
    )


@pytest.fixture
def served(desk: Desk, staff: Staff) -> Iterator[tuple[str, str]]:
    token = auth.sign_in(desk, username="ann", password=staff.passwords["ann"]).token
    with serving(desk) as url:
        yield url, token


@pytest.mark.server
def test_over_http_the_answer_is_the_one_given_in_process(served: tuple[str, str]) -> None:
    url, token = served
    # In process first: the first check loads the checks' word lists, which the server (in
    # this same process) then finds loaded, well within its time budget.
    local = [Guard.local().check(CONVERSATION, draft, now=NOW) for draft in DRAFTS]
    with Guard(url=url, token=token) as remote:
        over_http = [remote.check(CONVERSATION, draft, now=NOW) for draft in DRAFTS]
    assert [_summary(r) for r in over_http] == [_summary(r) for r in local]
    assert [result.decision for result in local] == [
        GuardDecision.ALLOW,
        GuardDecision.REVISE,
        GuardDecision.REVISE,
        GuardDecision.BLOCK,
    ]


@pytest.mark.server
def test_a_wrong_token_is_an_error_not_an_outage(served: tuple[str, str]) -> None:
    url, _ = served
    for on_unavailable in ("block", "allow"):
        with (
            Guard(url=url, token="td_wrong", on_unavailable=on_unavailable) as guard,  # type: ignore[arg-type]
            pytest.raises(GuardError, match="HTTP 401"),
        ):
            guard.check(CONVERSATION, "Hello")


@pytest.mark.server
def test_an_invalid_conversation_is_an_error_naming_the_field(served: tuple[str, str]) -> None:
    url, token = served
    bad = {"id": "c1", "messages": [{"id": "m1", "role": "boss", "text": "hi"}]}
    with (
        Guard(url=url, token=token, on_unavailable="allow") as guard,
        pytest.raises(GuardError, match=r"HTTP 422: .*\(conversation.messages.0.role\)"),
    ):
        guard.check(bad, "Hello")


def _closed_port() -> str:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_service_that_is_down_blocks_by_default() -> None:
    with Guard(url=_closed_port(), token="td_x") as guard:
        result = guard.check(CONVERSATION, "Thanks, all sorted.")
    assert result.decision is GuardDecision.BLOCK
    assert result.text is None
    assert result.checked is False
    assert "could not answer (ConnectError)" in result.reason


def test_fail_open_sends_the_draft_unchecked_and_says_so() -> None:
    with Guard(url=_closed_port(), token="td_x", on_unavailable="allow") as guard:
        result = guard.check(CONVERSATION, "Thanks, all sorted.")
    assert result.decision is GuardDecision.ALLOW
    assert result.text == "Thanks, all sorted."
    assert result.checked is False
    assert result.reason.startswith("Not checked")


def test_a_service_that_does_not_answer_in_time_blocks() -> None:
    # A socket that accepts connections (the system's backlog) but never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with Guard(url=url, token="td_x", timeout=0.2) as guard:
            result = guard.check(CONVERSATION, "Thanks, all sorted.")
    assert result.decision is GuardDecision.BLOCK
    assert "no answer in time" in result.reason


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_an_overloaded_or_failing_service_is_unavailable(status: int) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, text="busy"))
    with Guard(url="http://guard.test", token="td_x", transport=transport) as guard:
        result = guard.check(CONVERSATION, "Thanks!")
    assert (result.decision, result.checked) == (GuardDecision.BLOCK, False)
    assert f"HTTP {status}" in result.reason


def test_the_request_carries_the_token_the_draft_and_the_bot_role() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "decision": "allow",
                "text": "Hi",
                "reason": "No problems found.",
                "findings": [],
                "revisions": [],
                "unchecked": [],
                "policy_revision": "abc",
            },
        )

    with Guard(url="http://guard.test/", token="td_t", transport=httpx.MockTransport(answer)) as g:
        result = g.check(CONVERSATION, "Hi", now=NOW, author="helper-bot")
    assert result == GuardResult(GuardDecision.ALLOW, "Hi", "No problems found.")
    [request] = seen
    assert request.url == "http://guard.test/v1/guard"
    assert request.headers["authorization"] == "Bearer td_t"
    body = httpx.Response(200, content=request.content).json()
    assert body["role"] == "bot" and body["draft"] == "Hi" and body["author"] == "helper-bot"
    assert body["now"] == "2026-03-02T10:00:00+00:00"


def test_a_local_guard_reads_a_policy_file(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    # The same policy with a longer update interval: the revised promise names a later time.
    policy.write_text(default_policy_text().replace("update_interval: 24h", "update_interval: 48h"))
    result = Guard.local(policy=policy).check(
        CONVERSATION, "We will get back to you soon.", now=NOW
    )
    assert result.decision is GuardDecision.REVISE
    assert result.text == "We'll update you by 15:30 on Monday 9 March."


def test_the_modules_example_holds() -> None:
    failed, attempted = doctest.testmod(trustdesk.guard)
    assert attempted and not failed
