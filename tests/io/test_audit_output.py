"""An audit output folder read back for reports: the fields it carries, and its errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from trustdesk.errors import InputError
from trustdesk.io.audit_output import AuditOutput


def copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "audit"
    shutil.copytree(folder, target)
    return target


def test_conversations_carry_what_analytics_need(audited_fixture: Path) -> None:
    output = AuditOutput(audited_fixture)
    assert output.summary["output_format"] == 2
    assert output.summary["policy"]["sla"]["first_response_seconds"] == 4 * 3600
    items = list(output.conversations())
    assert len(items) == 16
    record = items[11].record
    assert record["language"] == "es"
    assert record["segment"] == {"region": "IE", "tier": "standard"}
    assert record["authors"] == {"agent:lucia": 1}
    assert record["decision"] == "warn"
    assert record["service"]["first_reply_seconds"] == 260 * 60
    assert record["survey"] == {"satisfaction": 3, "treated_fairly": True, "comment": None}
    assert record["remedies"] == [{"kind": "goodwill", "amount": 5.0, "currency": "GBP"}]
    (finding,) = items[11].findings
    assert finding["check"] == "responsiveness.wait"
    assert finding["author"] is None  # on the customer's message
    # Fields written before reports existed are still there.
    assert {"conversation_id", "channel", "agents", "started", "scores"} <= set(record)


def test_progress_counts_every_byte(audited_fixture: Path) -> None:
    output = AuditOutput(audited_fixture)
    seen: list[int] = []
    list(output.conversations(seen.append))
    assert sum(seen) == output.size


def test_a_missing_folder_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such audit output folder"):
        AuditOutput(tmp_path / "nowhere")


def test_a_folder_without_an_audit_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"summary\.json is missing"):
        AuditOutput(tmp_path)


def test_an_older_audit_asks_for_a_new_one(audited_fixture: Path, tmp_path: Path) -> None:
    folder = copy(audited_fixture, tmp_path)
    summary = json.loads((folder / "summary.json").read_text())
    del summary["output_format"]
    (folder / "summary.json").write_text(json.dumps(summary))
    with pytest.raises(InputError, match="run `trustdesk audit` again"):
        AuditOutput(folder)


def test_a_malformed_line_names_file_and_line(audited_fixture: Path, tmp_path: Path) -> None:
    folder = copy(audited_fixture, tmp_path)
    lines = (folder / "conversations.jsonl").read_text().splitlines()
    lines[2] = lines[2][:-5]
    (folder / "conversations.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"conversations.jsonl:3: not valid JSON"):
        list(AuditOutput(folder).conversations())


def test_findings_out_of_step_are_an_error(audited_fixture: Path, tmp_path: Path) -> None:
    folder = copy(audited_fixture, tmp_path)
    lines = (folder / "findings.jsonl").read_text().splitlines()
    (folder / "findings.jsonl").write_text("\n".join(lines[1:]) + "\n")
    with pytest.raises(InputError, match=r"findings do not match conversations\.jsonl"):
        list(AuditOutput(folder).conversations())
    (folder / "findings.jsonl").write_text("\n".join([*lines, lines[-1]]) + "\n")
    with pytest.raises(InputError, match="more findings than"):
        list(AuditOutput(folder).conversations())
