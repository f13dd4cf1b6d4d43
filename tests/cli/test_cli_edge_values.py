"""Edge values a real archive holds: each costs its own record one line in problems.jsonl, and
the rest of the run goes on; a bad option or draft is one clean line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import run
from support import conversation
from trustdesk.cli.app import EXIT_ERROR

GOOD = conversation(
    ("customer", "Where is my parcel? It is a week late."),
    ("agent", "Sorry for the wait. We'll get back to you."),
    id="good",
)


def record(conversation_id: str, **message: object) -> str:
    fields = {"id": "m1", "role": "customer", "text": "Where is my parcel?", **message}
    return json.dumps({"id": conversation_id, "messages": [fields]})


def test_audit_reports_each_edge_record_and_audits_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        record("early", at="0001-01-01T00:00:00+14:00"),
        json.dumps(GOOD),
        record("late", at="9999-12-31T23:59:59-12:00"),
        # json.dumps escapes the surrogate as \ud800, exactly as a broken exporter writes it.
        record("surrogate", text="Where is my \ud800 parcel?"),
        '{"id": "key", "messages": [], "meta": {"\\udc80": 1}}',
    ]
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(lines) + "\n", "utf-8")
    out_dir = tmp_path / "out"
    # Four of five records are broken on purpose: more than the default share that may be.
    code, _, err = run(
        monkeypatch,
        capsys,
        "audit",
        str(archive),
        "--out",
        str(out_dir),
        "-q",
        "--max-skipped",
        "1",
    )
    assert code == 0 and "Traceback" not in err
    summary = json.loads((out_dir / "summary.json").read_text("utf-8"))
    assert (summary["conversations"], summary["skipped_records"]) == (1, 4)
    problems = [
        json.loads(line)
        for line in (out_dir / "problems.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    assert [(p["line"], p["field"]) for p in problems] == [
        (1, "messages.0.at"),
        (3, "messages.0.at"),
        (4, "messages.0.text"),
        (5, "meta"),
    ]
    assert problems[0]["reason"].startswith("time out of range: 0001-01-01T00:00:00+14:00")
    assert problems[2]["reason"] == (
        "not valid Unicode: a lone surrogate '\\ud800' at character 12"
    )
    findings = (out_dir / "findings.jsonl").read_text("utf-8").splitlines()
    assert findings and {json.loads(f)["conversation_id"] for f in findings} == {"good"}


def test_a_draft_with_a_lone_surrogate_is_one_clean_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # What Python makes of a command-line argument that is not UTF-8.
    code, _, err = run(monkeypatch, capsys, "check", "--draft", "Sorry \udcff for the wait")
    assert code == EXIT_ERROR
    assert err.strip() == (
        "error: draft: not valid Unicode: a lone surrogate '\\udcff' at character 6"
    )


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_a_now_at_the_ends_of_the_calendar_is_one_clean_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], now: str
) -> None:
    args = ["audit", "--samples", "--now", now, "--out", str(tmp_path / "out"), "-q"]
    code, _, err = run(monkeypatch, capsys, *args)
    assert code == EXIT_ERROR
    assert err.count("\n") == 1 and err.startswith(f"error: --now: time out of range: {now}")


def test_remind_before_in_seconds_as_the_docs_give_it_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRUSTDESK_REMIND_BEFORE", "3600")
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    code, out, err = run(monkeypatch, capsys, "db", "upgrade", "--database-url", url)
    assert (code, err) == (0, "")
    assert "database at revision" in out


@pytest.mark.parametrize("command", [["db", "upgrade"], ["users", "create", "ann"], ["serve"]])
def test_a_bad_variable_is_one_line_naming_it_for_every_desk_command(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    monkeypatch.setenv("TRUSTDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'desk.db'}")
    monkeypatch.setenv("TRUSTDESK_REMIND_BEFORE", "an hour")
    code, out, err = run(monkeypatch, capsys, *command, stdin="a-long-password\n" * 2)
    assert (code, out) == (EXIT_ERROR, "")
    assert err == (
        "error: TRUSTDESK_REMIND_BEFORE: not a duration: 'an hour' "
        "(give seconds, 3600, or ISO 8601, PT1H)\n"
    )
    assert not (tmp_path / "desk.db").exists()
