"""examples/guarded_bot.py: a bot drafting with an OpenAI-compatible endpoint (a fake one on
loopback) sends only what the guard lets through, judged in process or by a live server."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from chat_model_fake import KEY, FakeChatModel
from desk_support import Staff
from live_server import serving, serving_app
from trustdesk.desk import auth
from trustdesk.desk.desk import Desk
from trustdesk.guard import Guard

# Every test starts the fake chat endpoint, a real server on loopback.
pytestmark = pytest.mark.server

EXAMPLE = Path(__file__).parents[1] / "examples" / "guarded_bot.py"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CONVERSATION = {
    "id": "c1",
    "messages": [
        {
            "id": "m1",
            "role": "customer",
            "at": "2026-03-02T09:55:00Z",
            "text": "I can't get into my account.",
        },
        {"id": "n1", "role": "note", "text": "VIP customer"},
    ],
}
FINE = "Sorry for the trouble. I have sent a password-reset link to your e-mail."
VAGUE = "Sorry for the trouble. We will get back to you soon."
RULE = "Sorry for the trouble. Only one device per account is allowed, as a security feature."
RUDE = "That's a stupid question. Read the manual."
UPDATE = "We'll update you by 17:00 on Wednesday 4 March."


@pytest.fixture(scope="module")
def bot() -> ModuleType:
    spec = importlib.util.spec_from_file_location("guarded_bot", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first, as an import would: its dataclass looks itself up there.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def chat() -> Iterator[tuple[FakeChatModel, str]]:
    fake = FakeChatModel([])
    with serving_app(fake.app) as url:
        yield fake, f"{url}/v1"


def test_the_bot_sends_the_draft_the_revision_or_a_hand_over(
    bot: ModuleType, chat: tuple[FakeChatModel, str]
) -> None:
    fake, url = chat
    fake.drafts = [FINE, VAGUE, RULE, RUDE]
    model = bot.ChatModel(url, KEY, "tiny-model")
    guard = Guard.local()
    sent = [bot.answer(CONVERSATION, model, guard, now=NOW) for _ in range(4)]
    assert [(out.decision, out.send, out.hand_over) for out in sent] == [
        ("allow", FINE, False),
        ("revise", f"Sorry for the trouble. {UPDATE}", False),
        (
            "revise",
            "Sorry for the trouble. I'll check this with a colleague and update you by 17:00 "
            "on Wednesday 4 March.",
            True,
        ),
        ("block", bot.HAND_OVER_MESSAGE, True),
    ]
    assert [out.drafted for out in sent] == [FINE, VAGUE, RULE, RUDE]
    # The model saw the system prompt and the customer's words, not the internal note.
    assert fake.requests[0]["model"] == "tiny-model"
    assert fake.requests[0]["messages"] == [
        {"role": "system", "content": bot.SYSTEM_PROMPT},
        {"role": "user", "content": "I can't get into my account."},
    ]


def test_no_draft_from_the_model_means_a_hand_over(
    bot: ModuleType, chat: tuple[FakeChatModel, str]
) -> None:
    _, url = chat
    model = bot.ChatModel(url, "sk-wrong", "tiny-model")
    out = bot.answer(CONVERSATION, model, Guard.local(), now=NOW)
    assert out.send == bot.HAND_OVER_MESSAGE
    assert out.reason == "The model gave no draft (HTTPStatusError); handed over."


@pytest.fixture
def trustdesk_server(desk: Desk, staff: Staff) -> Iterator[tuple[str, str]]:
    token = auth.sign_in(desk, username="ann", password=staff.passwords["ann"]).token
    with serving(desk) as url:
        yield url, token


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )


@pytest.mark.slow
def test_run_as_a_script_against_a_live_guard(
    tmp_path: Path, chat: tuple[FakeChatModel, str], trustdesk_server: tuple[str, str]
) -> None:
    fake, llm_url = chat
    guard_url, token = trustdesk_server
    fake.drafts = [VAGUE]
    conversation = tmp_path / "conversation.json"
    conversation.write_text(json.dumps(CONVERSATION))
    common = ["--llm-url", llm_url, "--llm-key", KEY, "--guard-url", guard_url]
    run = _run(str(conversation), *common, "--token", token)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["decision"] == "revise"
    assert out["drafted"] == VAGUE
    assert out["send"].startswith("Sorry for the trouble. We'll update you by ")
    # A wrong token is one line to fix it by, and nothing is sent.
    fake.drafts = [VAGUE]
    refused = _run(str(conversation), *common, "--token", "td_wrong")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.startswith("guarded_bot: the guard refused the request: HTTP 401")
    assert len(refused.stderr.splitlines()) == 1
