"""The bundled sample conversations: valid input, well labelled, and covering every check."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from importlib.metadata import entry_points
from typing import Any

import pytest

from support import PUBLIC_CHECK_IDS
from trustdesk.errors import InputError
from trustdesk.evaluation import split_labels
from trustdesk.model import Conversation, Role
from trustdesk.samples import load_samples, sample, sample_ids, sample_path

CHECK_IDS = PUBLIC_CHECK_IDS

# The only checks that judge the customer's own messages; every other finding sits on an
# agent's or a bot's message.
CUSTOMER_CHECKS = frozenset(
    {"transparency.unanswered", "responsiveness.wait", "responsiveness.chasing"}
)

LABELLED = load_samples(with_labels=True)


def _expectations(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(item["message_id"], item["check"]) for item in data["expect"]]


def test_the_file_lies_inside_the_package() -> None:
    path = sample_path()
    assert path.is_file()
    assert path.parent.name == "data"
    assert path.parent.parent.name == "trustdesk"


def test_every_line_is_a_json_object_with_labels() -> None:
    lines = sample_path().read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(LABELLED) >= 36
    for number, line in enumerate(lines, start=1):
        data = json.loads(line)
        assert isinstance(data, dict), f"line {number}"
        assert isinstance(data.get("expect"), list), f"line {number} has no expect list"


@pytest.mark.parametrize("data", LABELLED, ids=lambda d: str(d["id"]))
def test_every_conversation_is_valid_input(data: dict[str, Any]) -> None:
    raw, _ = split_labels(data)
    conversation = Conversation.parse(raw)
    assert conversation.channel in {"chat", "email", "social"}
    assert conversation.customer.id
    assert conversation.customer.language
    ids = [message.id for message in conversation.messages]
    assert ids == [f"m{number}" for number in range(1, len(ids) + 1)]
    for message in conversation.messages:
        assert message.text.strip()
        if message.role in (Role.AGENT, Role.BOT):
            assert message.author and message.author.startswith(f"{message.role.value}:")


@pytest.mark.parametrize("data", LABELLED, ids=lambda d: str(d["id"]))
def test_times_carry_offsets_and_run_forward(data: dict[str, Any]) -> None:
    stamps = [m["at"] for m in data["messages"] if "at" in m]
    if not stamps:
        return
    assert len(stamps) == len(data["messages"]), "a conversation is timed throughout or not"
    moments = [datetime.fromisoformat(stamp) for stamp in stamps]
    assert all(moment.tzinfo is not None for moment in moments)
    assert moments == sorted(moments)


def test_conversation_ids_are_unique() -> None:
    counts = Counter(data["id"] for data in LABELLED)
    assert [cid for cid, count in counts.items() if count > 1] == []


def test_the_labels_name_only_registered_checks() -> None:
    registered = {ep.name for ep in entry_points(group="trustdesk.checks")}
    assert set(CHECK_IDS) <= registered
    used = {check for data in LABELLED for _, check in _expectations(data)}
    assert used <= set(CHECK_IDS)


@pytest.mark.parametrize("check", CHECK_IDS)
def test_every_check_is_a_positive_in_at_least_two_conversations(check: str) -> None:
    positives = [d["id"] for d in LABELLED if any(c == check for _, c in _expectations(d))]
    assert len(positives) >= 2, f"{check} is expected in {positives}"


@pytest.mark.parametrize("data", LABELLED, ids=lambda d: str(d["id"]))
def test_each_expectation_sits_on_a_message_its_check_judges(data: dict[str, Any]) -> None:
    roles = {m["id"]: m["role"] for m in data["messages"]}
    pairs = _expectations(data)
    assert len(pairs) == len(set(pairs)), "an expectation is listed twice"
    for message_id, check in pairs:
        assert message_id in roles, f"{message_id} is not a message of {data['id']}"
        role = roles[message_id]
        if check in CUSTOMER_CHECKS:
            assert role == Role.CUSTOMER, f"{check} sits on the customer's message"
        else:
            assert role in (Role.AGENT, Role.BOT), f"{check} judges what the org side says"


def test_at_least_a_third_of_the_conversations_are_clean() -> None:
    clean = [d["id"] for d in LABELLED if not d["expect"]]
    assert 3 * len(clean) >= len(LABELLED)


def test_the_corpus_has_the_kinds_the_demo_and_docs_rely_on() -> None:
    conversations = [Conversation.parse(split_labels(d)[0]) for d in LABELLED]
    assert {c.channel for c in conversations} == {"chat", "email", "social"}
    languages = {c.customer.preferred_language for c in conversations}
    assert {"en", "es", "fr", "de"} <= languages
    assert any(all(m.at is None for m in c.messages) for c in conversations)
    assert any(any(m.role is Role.BOT for m in c.messages) for c in conversations)
    assert any(c.customer.preferences.marketing is False for c in conversations)
    assert {Role.NOTE, Role.SYSTEM} <= {m.role for c in conversations for m in c.messages}
    # `make demo` checks a draft against this conversation's history.
    assert "billing-refund-promise" in sample_ids()


def test_load_samples_strips_labels_unless_asked() -> None:
    plain = load_samples()
    assert len(plain) == len(LABELLED)
    assert all("expect" not in data for data in plain)
    assert all("expect" in data for data in load_samples(with_labels=True))
    # Each call hands out fresh dicts, so a caller may change them.
    plain[0]["id"] = "changed"
    assert load_samples()[0]["id"] != "changed"


def test_sample_finds_a_conversation_by_id() -> None:
    data = sample("billing-refund-promise")
    assert data["id"] == "billing-refund-promise"
    assert "expect" not in data
    labelled = sample("billing-refund-promise", with_labels=True)
    assert {"message_id": "m3", "check": "promises.unrealistic"} in labelled["expect"]


def test_an_unknown_sample_id_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="did you mean 'billing-refund-promise'"):
        sample("billing-refund-promis")


def test_source_md_states_the_current_counts() -> None:
    text = (sample_path().parent / "SOURCE.md").read_text(encoding="utf-8")
    messages = sum(len(d["messages"]) for d in LABELLED)
    expectations = sum(len(d["expect"]) for d in LABELLED)
    clean = sum(1 for d in LABELLED if not d["expect"])
    assert f"{len(LABELLED)} conversations and {messages} messages" in text
    assert f"{expectations} expectations" in text
    assert f"{clean} conversations (" in text
