"""`trustdesk audit EXPORT --from VENDOR` finds what an audit of the same conversations written
by hand in the input format finds, for each of the eight export formats; `--from auto` picks
the same reader by itself.

The exports in tests/fixtures/helpdesks hold the 20 conversations of conversations.jsonl (see
build.py there) in each vendor's documented shapes, with HTML bodies, notes, bots,
attachments, Spanish, French and German text, and one broken record each.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_support import run

FIXTURES = Path(__file__).parent.parent / "fixtures" / "helpdesks"
GENERIC_MAP = (
    "conversation=Ticket ID,message=Comment ID,role=Author type,author=Author,at=Created,"
    "text=Body,status=Status,role.Internal=note"
)
NOW = "2026-03-20T12:00:00+00:00"
# (--from, file, title announced, extra options)
FORMATS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("zendesk", "zendesk.jsonl", "Zendesk", ()),
    ("freshdesk", "freshdesk.json", "Freshdesk", ()),
    ("intercom", "intercom.json", "Intercom", ()),
    ("zammad", "zammad.json", "Zammad", ()),
    ("chatwoot", "chatwoot.json", "Chatwoot", ()),
    ("front", "front.json", "Front", ()),
    ("helpscout", "helpscout.json", "Help Scout", ()),
    ("csv", "generic.csv", "a CSV with a column mapping", ("--map", GENERIC_MAP)),
]
# What an export cannot say (as in tests/io/test_helpdesks.py): the hand-written equivalent
# of a Freshdesk export has its bot's replies as an agent's, and so on.
ROLES_AS = {
    "freshdesk": {"bot": "agent", "system": "note"},
    "zammad": {"bot": "system"},
    "front": {"system": "note"},
}


def _by_hand(source: str, folder: Path) -> Path:
    """conversations.jsonl as the vendor's export can say it."""
    swap = ROLES_AS.get(source, {})
    lines = []
    for line in (FIXTURES / "conversations.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for message in record["messages"]:
            message["role"] = swap.get(message["role"], message["role"])
        lines.append(json.dumps(record, ensure_ascii=False))
    path = folder / f"{source}-by-hand.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _audit(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    out: Path,
    *args: str,
) -> tuple[str, list[tuple[Any, ...]], list[dict[str, Any]]]:
    """(what it said, its findings by conversation ordinal, its problems.jsonl)."""
    code, _, err = run(monkeypatch, capsys, "audit", *args, "-o", str(out), "-q", "--now", NOW)
    assert code == 0, err
    ordinal = {}
    for number, line in enumerate((out / "conversations.jsonl").read_text().splitlines()):
        ordinal[json.loads(line)["conversation_id"]] = number
    findings = sorted(
        (ordinal[f["conversation_id"]], f["check"], f["severity"], f["quote"], f["start"], f["end"])
        for f in map(json.loads, (out / "findings.jsonl").read_text().splitlines())
    )
    problems_file = out / "problems.jsonl"
    problems = (
        [json.loads(line) for line in problems_file.read_text().splitlines()]
        if problems_file.exists()
        else []
    )
    return err, findings, problems


@pytest.mark.parametrize(("source", "name", "title", "options"), FORMATS)
def test_audit_of_an_export_finds_what_the_same_conversations_by_hand_give(
    source: str,
    name: str,
    title: str,
    options: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export = str(FIXTURES / name)
    said, found, problems = _audit(
        monkeypatch, capsys, tmp_path / "export", export, "--from", source, *options
    )
    assert f"as {title} (as asked)" in said
    _, by_hand, none = _audit(
        monkeypatch, capsys, tmp_path / "by-hand", str(_by_hand(source, tmp_path))
    )
    assert none == []
    assert found == by_hand
    assert len({ordinal for ordinal, *_ in found}) >= 5  # the checks found something to compare
    # The broken record is the one problem, named by its file, its place and why.
    [problem] = problems
    assert problem["source"] == export and problem["reason"]
    assert problem["line"] is not None or "[20]" in (problem["field"] or "")


@pytest.mark.parametrize(("source", "name", "title", "options"), FORMATS)
def test_auto_picks_the_reader_of_each_export(
    source: str,
    name: str,
    title: str,
    options: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    said, found, _ = _audit(monkeypatch, capsys, tmp_path / "auto", str(FIXTURES / name))
    assert f"as {title}" in said and "(recognised from its content)" in said
    _, asked, _ = _audit(
        monkeypatch, capsys, tmp_path / "asked", str(FIXTURES / name), "--from", source, *options
    )
    if source != "csv":  # recognised without --map, the CSV's roles come from usual names
        assert found == asked
    assert len({ordinal for ordinal, *_ in found}) >= 5
