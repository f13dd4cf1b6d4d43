"""`trustdesk audit --from` and `trustdesk import --from`: a helpdesk's export, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import run
from trustdesk.cli.app import EXIT_ERROR, EXIT_USAGE
from trustdesk.desk import tickets
from trustdesk.desk.opening import open_desk
from trustdesk.desk.roles import SYSTEM
from trustdesk.settings import Settings

FIXTURES = Path(__file__).parent.parent / "fixtures" / "helpdesks"


def _findings(folder: Path) -> list[tuple[str, str]]:
    lines = (folder / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted((json.loads(line)["check"], json.loads(line)["quote"]) for line in lines)


@pytest.mark.parametrize("source", ["zendesk", "auto"])
def test_audit_reads_a_zendesk_export_says_how_and_lists_the_broken_record(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    export = str(FIXTURES / "zendesk.jsonl")
    code, _, err = run(monkeypatch, capsys, "audit", export, "--from", source, "-o", str(out), "-q")
    assert code == 0, err
    how = "recognised from its content" if source == "auto" else "as asked"
    assert f"read {export} as Zendesk ({how})" in err
    assert "skipped" in err and "zendesk.jsonl:21: id: missing" in err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["conversations"] == 20
    problems = (out / "problems.jsonl").read_text().splitlines()
    assert [json.loads(p)["line"] for p in problems] == [21]
    # The same findings as the conversations written by hand in our format.
    by_hand = tmp_path / "by-hand"
    run(
        monkeypatch,
        capsys,
        "audit",
        str(FIXTURES / "conversations.jsonl"),
        "-o",
        str(by_hand),
        "-q",
    )
    assert _findings(out) == _findings(by_hand) != []


def test_audit_reads_a_generic_csv_with_a_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = "conversation=Ticket ID,role=Author type,text=Body,at=Created,role.Manager=agent"
    out = tmp_path / "out"
    code, _, err = run(
        monkeypatch, capsys, "audit", str(FIXTURES / "generic.csv"), "--map", mapping,
        "-o", str(out), "-q",
    )  # fmt: skip
    assert code == 0, err
    assert "as a CSV with a column mapping (as asked)" in err
    assert json.loads((out / "summary.json").read_text())["conversations"] == 21


def test_audit_says_in_one_line_when_it_cannot_tell_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"records": [{"ref": 1}]}))
    code, _, err = run(monkeypatch, capsys, "audit", str(export), "-o", str(tmp_path / "o"), "-q")
    assert code == EXIT_ERROR and "Traceback" not in err
    assert "cannot tell which helpdesk wrote this file: name it with --from" in err
    code, _, err = run(
        monkeypatch, capsys, "audit", str(export), "--from", "zendeskk", "-o", str(tmp_path / "o")
    )
    assert code == EXIT_USAGE and "--from" in err
    code, _, err = run(
        monkeypatch,
        capsys,
        "audit",
        str(export),
        "--map",
        "conversation=a",
        "-o",
        str(tmp_path / "o"),
    )
    assert code == EXIT_ERROR and "--map: no column given for role, text" in err


def _tickets(url: str) -> list[object]:
    desk = open_desk(Settings(database_url=url, scheduler_enabled=False))
    try:
        return list(tickets.list_tickets(desk, SYSTEM, limit=200).items)
    finally:
        desk.close()


@pytest.mark.parametrize(
    ("name", "count"), [("intercom.json", 20), ("chatwoot.json", 20), ("helpscout.json", 20)]
)
def test_import_from_a_helpdesk_skips_bad_records_is_all_or_nothing_when_strict_and_idempotent(
    name: str,
    count: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    export = str(FIXTURES / name)
    code, _, err = run(monkeypatch, capsys, "import", export, "--database-url", url, "--strict")
    assert code == EXIT_ERROR and "Traceback" not in err
    assert _tickets(url) == []  # the broken record stopped it, and nothing was kept
    problems = tmp_path / "problems.jsonl"
    args = ("import", export, "--database-url", url, "--team", "Support",
            "--problems", str(problems), "--batch-size", "3")  # fmt: skip
    code, out, err = run(monkeypatch, capsys, *args)
    assert code == 0, err
    assert f"{count} conversations: {count} new tickets" in out
    assert "1 malformed records skipped" in err
    [problem] = [json.loads(line) for line in problems.read_text().splitlines()]
    assert problem["source"] == export and "[20]" in problem["field"]
    assert problem["reason"]
    stored = _tickets(url)
    assert len(stored) == count
    code, out, _ = run(monkeypatch, capsys, *args)
    assert code == 0 and f"{count} conversations: 0 new tickets, 0 messages added" in out
    assert len(_tickets(url)) == count
