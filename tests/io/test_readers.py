"""Reading archives: JSONL, JSON and CSV, with line-precise problems and nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trustdesk.errors import InputError
from trustdesk.io import InputProblem, read_conversations, read_labelled


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


GOOD = {
    "id": "c1",
    "messages": [{"id": "m1", "role": "customer", "text": "Hi", "at": "2026-03-02T10:00:00+00:00"}],
}


def test_jsonl_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD),
        "{not json",
        json.dumps({"id": "c2", "messages": [{"id": "m1", "role": "robot", "text": "x"}]}),
        "",
        json.dumps({**GOOD, "id": "c3"}),
        json.dumps([1, 2]),
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")
    problems: list[InputProblem] = []
    found = list(read_conversations([path], on_problem=problems.append))
    assert [c.id for c in found] == ["c1", "c3"]
    assert [(p.line, p.field) for p in problems] == [(2, None), (3, "messages.0.role"), (6, None)]
    assert "not valid JSON" in problems[0].reason
    assert str(problems[1]).startswith(f"{path}:3: messages.0.role: ")


def test_strict_mode_raises_the_first_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", json.dumps(GOOD) + "\n{oops\n")
    with pytest.raises(InputError, match=r"a\.jsonl:2: not valid JSON"):
        list(read_conversations([path], strict=True))


def test_csv_groups_scattered_rows_in_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        (
            "conversation_id,message_id,role,author,at,text\n"
            'c1,m1,customer,,2026-03-02T10:00:00Z,"Where is my parcel, please?"\n'
            "c2,m1,customer,,2026-03-02T10:01:00Z,My card was declined\n"
            'c1,m2,agent,agent:amy,2026-03-02T10:05:00Z,"Arrives tomorrow, sorry."\n'
            'c2,m2,agent,,,"Multi-line\nanswer"\n'
        ),
    )
    found = list(read_conversations([path]))
    assert [c.id for c in found] == ["c1", "c2"]
    assert [m.text for m in found[0].messages] == [
        "Where is my parcel, please?",
        "Arrives tomorrow, sorry.",
    ]
    assert found[1].messages[1].text == "Multi-line\nanswer"
    assert found[1].messages[1].at is None


def test_csv_bad_row_skips_its_conversation_and_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        (
            "conversation_id,message_id,role,author,at,text\n"
            "c1,m1,customer,,2026-03-02T10:00:00Z,Hello\n"
            "c2,m1,customer,,not-a-date,Hi\n"
            "c1,m2,agent,,2026-03-02T10:05:00Z,Hi there\n"
        ),
    )
    problems: list[InputProblem] = []
    found = list(read_conversations([path], on_problem=problems.append))
    assert [c.id for c in found] == ["c1"]
    assert problems[0].line == 3 and problems[0].field == "at"
    assert "c2" in problems[0].reason


def test_csv_missing_columns_is_one_clear_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "conversation,text\nc1,hi\n")
    with pytest.raises(InputError, match="missing column"):
        list(read_conversations([path], strict=True))


def test_json_file_with_one_conversation_or_a_list(tmp_path: Path) -> None:
    one = write(tmp_path / "one.json", json.dumps(GOOD))
    many = write(tmp_path / "many.json", json.dumps([GOOD, {**GOOD, "id": "c2"}]))
    assert [c.id for c in read_conversations([one, many])] == ["c1", "c1", "c2"]


def test_unknown_extension_and_missing_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown file type"):
        list(read_conversations([str(tmp_path / "a.xml")]))
    with pytest.raises(InputError, match="file not found"):
        list(read_conversations([str(tmp_path / "missing.jsonl")]))


def test_non_utf8_file_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + "caf\xe9".encode("latin-1") + b"\n")
    problems: list[InputProblem] = []
    found = list(read_conversations([str(path)], on_problem=problems.append))
    assert [c.id for c in found] == ["c1"]
    assert "UTF-8" in problems[0].reason


def test_labelled_reader_validates_expectations_with_line(tmp_path: Path) -> None:
    good = {**GOOD, "expect": [{"message_id": "m1", "check": "respect.rude"}]}
    bad = {**GOOD, "expect": [{"message": "m1"}]}
    path = write(tmp_path / "l.jsonl", json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(InputError, match=r"l\.jsonl:2: expect\.0"):
        list(read_labelled(path))


def test_labelled_files_can_be_audited_labels_ignored(tmp_path: Path) -> None:
    labelled = {**GOOD, "expect": [{"message_id": "m1", "check": "respect.rude"}]}
    path = write(tmp_path / "l.jsonl", json.dumps(labelled) + "\n")
    assert [c.id for c in read_conversations([path], strict=True)] == ["c1"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.jsonl", '{"id": "c1", "messages": [{"id": "m1", "role": "customer", "text": "hi"}]}\n'),
        ("a.json", '[{"id": "c1", "messages": [{"id": "m1", "role": "customer", "text": "hi"}]}]'),
        ("a.csv", "conversation_id,message_id,role,text\nc1,m1,customer,hi\n"),
    ],
)
def test_a_byte_order_mark_is_not_part_of_the_first_record(
    tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    (conversation,) = read_conversations([str(path)])
    assert conversation.id == "c1"


def test_a_json_file_error_names_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "a",\n  "messages": [}\n', encoding="utf-8")
    problems: list[InputProblem] = []
    assert not list(read_conversations([str(path)], on_problem=problems.append))
    (problem,) = problems
    assert (problem.line, problem.reason) == (2, "not valid JSON (Expecting value at column 16)")
