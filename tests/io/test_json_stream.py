"""A helpdesk's JSON export read record by record: never held whole, and read up to a break."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trustdesk.io.json_stream import SAMPLED, read_document
from trustdesk.io.readers import InputProblem, read_conversations

FIXTURES = Path(__file__).parent.parent / "fixtures" / "helpdesks"


def _ticket(number: int) -> dict[str, Any]:
    return {
        "id": 1000 + number,
        "requester_id": 7,
        "via": {"channel": "email"},
        "comments": [
            {"id": 1, "author_id": 7, "public": True, "body": f"<p>Order {number} is late.</p>"},
            {"id": 2, "author_id": 8, "public": True, "body": "Sorry, I will check today."},
        ],
    }


def _export(path: Path, count: int) -> str:
    # Zendesk sideloads its users after the tickets: they are read before any ticket is.
    users = [{"id": 7, "role": "end-user", "locale": "es"}, {"id": 8, "role": "agent"}]
    path.write_text(json.dumps({"tickets": [_ticket(n) for n in range(count)], "users": users}))
    return str(path)


def test_the_first_pass_holds_only_the_first_records_and_what_they_refer_to(
    tmp_path: Path,
) -> None:
    streamed = read_document(_export(tmp_path / "tickets.json", 50))
    assert len(streamed.sample["tickets"]) == SAMPLED < 50
    assert len(streamed.sample["users"]) == 2
    assert sum(1 for _ in streamed.document()["tickets"]) == 50


def test_every_ticket_is_read_with_the_users_sideloaded_after_them(tmp_path: Path) -> None:
    export = _export(tmp_path / "tickets.json", 50)
    conversations = list(read_conversations([export], source="auto"))
    assert [c.id for c in conversations] == [str(1000 + n) for n in range(50)]
    assert {c.customer.language for c in conversations} == {"es"}
    assert conversations[49].messages[0].text == "Order 49 is late."


def test_a_file_cut_short_gives_every_record_before_the_cut_and_says_where(
    tmp_path: Path,
) -> None:
    whole = Path(_export(tmp_path / "whole.json", 30)).read_text()
    cut = tmp_path / "cut.json"
    cut.write_text(whole[: whole.index('"id": 1020')])  # inside the 21st ticket
    problems: list[InputProblem] = []
    conversations = list(
        read_conversations([str(cut)], source="zendesk", on_problem=problems.append)
    )
    assert len(conversations) == 20
    [problem] = problems
    assert problem.field == "after tickets[19]" and problem.reason.startswith("not valid JSON")
    assert problem.line == 1  # the file is small enough to be parsed again for its line


def test_a_bare_list_of_our_conversations_is_streamed_too(tmp_path: Path) -> None:
    records = [
        {"id": f"c{n}", "messages": [{"id": "1", "role": "customer", "text": f"hi {n}"}]}
        for n in range(12)
    ]
    records[7] = {"id": "c7", "messages": "none"}
    path = tmp_path / "list.json"
    path.write_text(json.dumps(records))
    problems: list[InputProblem] = []
    conversations = list(read_conversations([str(path)], on_problem=problems.append))
    assert len(conversations) == 11
    assert [p.field.split(".")[0] for p in problems if p.field] == ["[7]"]


def test_json_lines_named_json_are_read_line_by_line(tmp_path: Path) -> None:
    lines = FIXTURES / "zendesk.jsonl"
    path = tmp_path / "tickets.json"
    path.write_bytes(lines.read_bytes())
    problems: list[InputProblem] = []
    conversations = list(read_conversations([str(path)], source="auto", on_problem=problems.append))
    assert len(conversations) == 20
    assert [(p.line, p.field) for p in problems] == [(21, "id")]
