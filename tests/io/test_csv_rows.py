"""A malformed CSV row costs only itself: an unclosed quote no longer swallows the rows after
it into one message, silently; it is a problem at its line and the rest is read."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from trustdesk.io import InputProblem, csv_rows, read_conversations

HEADER = "conversation_id,message_id,role,author,at,text\n"


def read(tmp_path: Path, body: str) -> tuple[dict[str, list[str]], list[InputProblem]]:
    path = tmp_path / "export.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    problems: list[InputProblem] = []
    found = read_conversations([str(path)], on_problem=problems.append)
    return {c.id: [m.text for m in c.messages] for c in found}, problems


def test_an_unclosed_quote_at_the_end_of_the_file_is_reported_and_the_rest_kept(
    tmp_path: Path,
) -> None:
    found, problems = read(
        tmp_path,
        "c1,m1,customer,,,Where is my parcel?\n"
        'c2,m1,customer,,,"My card was declined\n'
        "c3,m1,customer,,,Can I change my address?\n"
        "c1,m2,agent,,,It arrives tomorrow.\n",
    )
    assert found == {
        "c1": ["Where is my parcel?", "It arrives tomorrow."],
        "c3": ["Can I change my address?"],
    }
    assert [(p.line, p.field, p.reason) for p in problems] == [
        (3, None, "a quote opened on this line is never closed (conversation 'c2' skipped)")
    ]


def test_an_unclosed_quote_closed_by_a_later_one_is_reported_too(tmp_path: Path) -> None:
    found, problems = read(
        tmp_path,
        'c1,m1,customer,,,"Where is my parcel?\n'
        "c2,m1,customer,,,Hello there\n"
        'c2,m2,agent,,,"Sorry, we will get back to you."\n'
        'c3,m1,customer,,,"A message\nover two lines, with ""quotes"""\n',
    )
    assert found == {
        "c2": ["Hello there", "Sorry, we will get back to you."],
        "c3": ['A message\nover two lines, with "quotes"'],
    }
    assert [p.line for p in problems] == [2]
    assert problems[0].reason.startswith("malformed CSV (',' expected after '\"')")
    assert problems[0].reason.endswith("(conversation 'c1' skipped)")


@pytest.mark.parametrize("limit", [csv_rows.MAX_ROW_CHARS, 4_000_000])
def test_a_quote_swallowing_more_than_a_row_can_hold_costs_only_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    # The reader's own bound holds whatever the process-wide csv.field_size_limit is.
    monkeypatch.setattr(csv_rows, "MAX_ROW_CHARS", 20_000)
    previous = csv.field_size_limit(limit)
    try:
        filler = "".join(f"c9,m{i},customer,,,line {i} of a long export\n" for i in range(800))
        found, problems = read(tmp_path, 'c1,m1,customer,,,"Broken\n' + filler)
    finally:
        csv.field_size_limit(previous)
    assert len(found["c9"]) == 800 and "c1" not in found
    assert [p.line for p in problems] == [2]
    assert problems[0].reason.startswith("malformed CSV (a row longer than 20,000 characters)")


def test_a_row_with_more_fields_than_the_header_is_reported_not_cut(tmp_path: Path) -> None:
    found, problems = read(
        tmp_path,
        "c1,m1,customer,,,Hello, I was charged twice\nc2,m1,customer,,,Fine\n",
    )
    assert found == {"c2": ["Fine"]}
    assert [(p.line, p.reason) for p in problems] == [
        (
            2,
            "7 fields where the header has 6: a comma outside quotes? (conversation 'c1' skipped)",
        )
    ]


def test_line_numbers_stay_right_after_a_bad_row_and_multi_line_rows(tmp_path: Path) -> None:
    _, problems = read(
        tmp_path,
        'c1,m1,customer,,,"two\nlines"\n'  # lines 2-3
        'c2,m1,customer,,,"x"y\n'  # line 4: text after the closing quote
        "c3,m1,robot,,,Hi\n",  # line 5: an invalid role
    )
    assert [(p.line, p.field) for p in problems] == [(4, None), (5, "role")]
