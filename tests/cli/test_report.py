"""`trustdesk report DIR` and `trustdesk audit --report` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_support import run
from report_fixture import TEAMS_YAML, write_fixture
from trustdesk.cli.app import EXIT_ERROR


def test_audit_with_report_writes_both_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_fixture(tmp_path / "archive.jsonl")
    teams = tmp_path / "teams.yaml"
    teams.write_text(TEAMS_YAML)
    out = tmp_path / "out"
    code, stdout, _ = run(
        monkeypatch,
        capsys,
        "audit",
        str(source),
        "--out",
        str(out),
        "--report",
        "--teams",
        str(teams),
        "-q",
    )
    assert code == 0
    assert "Report on 16 conversations" in stdout
    data = json.loads((out / "report.json").read_text())
    assert data["overview"]["conversations"] == 16
    assert [t["name"] for t in data["scorecards"]["teams"]] == ["Delivery", "Spanish desk"]
    assert (out / "report.html").stat().st_size > 10_000


def test_report_on_an_existing_folder(
    audited_fixture: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "audit"
    shutil.copytree(audited_fixture, folder)
    code, stdout, _ = run(
        monkeypatch, capsys, "report", str(folder), "--min-group", "5", "--period", "month"
    )
    assert code == 0
    assert "1 significant difference between customer groups" in " ".join(stdout.split())
    data = json.loads((folder / "report.json").read_text())
    assert data["principles"]["period"] == "month"
    assert data["options"]["min_group"] == 5


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda folder: shutil.rmtree(folder), "no such audit output folder"),
        (lambda folder: (folder / "findings.jsonl").unlink(), "findings.jsonl is missing"),
        (
            lambda folder: (folder / "conversations.jsonl").write_text('{"conversation_id": 1\n'),
            "conversations.jsonl:1: not valid JSON",
        ),
    ],
)
def test_bad_folders_give_one_error_line_and_exit_3(
    audited_fixture: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    damage: object,
    message: str,
) -> None:
    folder = tmp_path / "audit"
    shutil.copytree(audited_fixture, folder)
    damage(folder)  # type: ignore[operator]
    code, _, stderr = run(monkeypatch, capsys, "report", str(folder), "-q")
    assert code == EXIT_ERROR
    assert message in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert not (folder / "report.html").exists()
