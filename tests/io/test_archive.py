"""Auditing an archive as a library call: files in, a results folder out, problems and progress
through callbacks, the totals returned; the auditing step can be replaced."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import pytest

from support import conversation
from trustdesk.engine import Engine
from trustdesk.engine.limits import Limits
from trustdesk.errors import InputError
from trustdesk.io import InputProblem
from trustdesk.io.archive import audit_archive, input_size
from trustdesk.model import Audit, Conversation
from trustdesk.policy import default_policy

BAD = conversation(
    ("customer", "My parcel never arrived and this is unacceptable!!"),
    ("agent", "That's just our policy. We'll get back to you."),
    id="bad",
)
GOOD = conversation(
    ("customer", "Thanks, it arrived."),
    ("agent", "Great to hear. Have a lovely day!"),
    id="good",
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(default_policy())


def _archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.jsonl"
    path.write_text(json.dumps(BAD) + "\n{broken\n" + json.dumps(GOOD) + "\n", "utf-8")
    return path


def test_an_archive_is_audited_into_a_folder_with_its_totals(
    tmp_path: Path, engine: Engine
) -> None:
    archive = _archive(tmp_path)
    problems: list[InputProblem] = []
    read: list[int] = []
    audited: list[int] = []
    result = audit_archive(
        [str(archive)],
        tmp_path / "out",
        engine=engine,
        on_problem=problems.append,
        on_read=read.append,
        on_audited=audited.append,
    )
    assert (result.conversations, result.skipped) == (2, 1)
    assert result.findings == result.summary.findings > 0
    assert result.out == tmp_path / "out"
    names = {"findings.jsonl", "conversations.jsonl", "problems.jsonl", "summary.json"}
    assert {p.name for p in result.out.iterdir()} == names
    assert [(p.source, p.line) for p in problems] == [(str(archive), 2)]
    (line,) = (result.out / "problems.jsonl").read_text().splitlines()
    assert json.loads(line) == problems[0].to_dict()
    assert sum(read) == input_size([str(archive)]) == archive.stat().st_size
    assert audited == [1, 2]


def test_the_auditing_step_can_be_replaced(tmp_path: Path, engine: Engine) -> None:
    calls = []

    def one_by_one(
        conversations: Iterable[Conversation], *, engine: Engine, now: datetime | None
    ) -> Iterable[tuple[Conversation, Audit]]:
        for item in conversations:
            calls.append(item.id)
            yield item, engine.audit(item, now=now)

    mine = audit_archive(
        [str(_archive(tmp_path))], tmp_path / "mine", engine=engine, auditor=one_by_one
    )
    usual = audit_archive([str(_archive(tmp_path))], tmp_path / "usual", engine=engine)
    assert calls == ["bad", "good"]
    for name in ("findings.jsonl", "conversations.jsonl", "summary.json"):
        assert (mine.out / name).read_text() == (usual.out / name).read_text()


def test_strict_stops_at_the_first_problem_and_leaves_no_result_file(
    tmp_path: Path, engine: Engine
) -> None:
    with pytest.raises(InputError, match="not valid JSON") as raised:
        audit_archive([str(_archive(tmp_path))], tmp_path / "out", engine=engine, strict=True)
    assert raised.value.line == 2
    assert list((tmp_path / "out").iterdir()) == []


def test_a_conversation_over_the_limits_is_audited_in_part_and_said_so(tmp_path: Path) -> None:
    # Never a stall: the part within the limits is audited, the rest is a problems.jsonl line.
    engine = Engine(default_policy(), limits=Limits(max_messages=3, max_message_chars=40))
    long = conversation(
        ("customer", "Where is my parcel? " + "It was due on Monday. " * 10),
        ("agent", "That's just our policy."),
        ("customer", "Hello?"),
        ("agent", "We'll get back to you."),
        id="long",
    )
    path = tmp_path / "archive.jsonl"
    path.write_text(json.dumps(long) + "\n" + json.dumps(GOOD) + "\n", "utf-8")
    result = audit_archive([str(path)], tmp_path / "out", engine=engine)
    assert (result.conversations, result.skipped) == (2, 0)
    assert result.summary.truncated == 1
    problems = [json.loads(line) for line in (tmp_path / "out" / "problems.jsonl").open()]
    assert problems == [
        {
            "conversation_id": "long",
            "message_id": None,
            "reason": "the conversation has 4 messages; the first 3 were audited",
            "truncated": True,
        },
        {
            "conversation_id": "long",
            "message_id": "m1",
            "reason": "the message has 240 characters; the first 40 were audited",
            "truncated": True,
        },
    ]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert (summary["truncated_conversations"], summary["skipped_records"]) == (1, 0)
    findings = [json.loads(line) for line in (tmp_path / "out" / "findings.jsonl").open()]
    # The audit's own note, on the first message it did not read in full (m1, at character
    # 40), beside the findings on what it read.
    notes = [f for f in findings if f["check"] == "audit.truncated"]
    assert [(n["conversation_id"], n["message_id"], n["start"], n["end"]) for n in notes] == [
        ("long", "m1", 40, 40)
    ]
    assert (notes[0]["principle"], notes[0]["severity"], notes[0]["quote"]) == (None, "info", "")
    assert notes[0]["data"]["messages_not_read"] == 1 and notes[0]["data"]["messages_cut"] == 1
    others = [f for f in findings if f["check"] != "audit.truncated"]
    assert {f["message_id"] for f in others} <= {"m1", "m2", "m3"}
    assert all(f["end"] <= 40 for f in others if f["message_id"] == "m1")
    # Not a finding on the service: in no total of findings.
    assert summary["findings"] == len(others) == sum(summary["by_check"].values())
    assert "audit.truncated" not in summary["by_check"]
    assert sum(summary["by_severity"].values()) == len(others)
