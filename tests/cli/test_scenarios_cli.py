"""`trustdesk scenarios list|validate|run` as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import run

OWN = """\
id: own-refund
title: Our own refund scenario
principles: [honesty]
situation: The customer asks when the refund arrives.
good_reply: Gives the real timeline.
conversation:
  id: own-1
  messages:
    - id: c1
      role: customer
      at: "2026-03-02T10:00:00+00:00"
      text: When will my refund arrive?
exemplary:
  - text: Refunds reach your account within 5-10 business days of approval.
poor:
  - text: POOR
"""


def test_list_shows_the_shipped_scenarios_by_principle(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "scenarios", "list", "--principle", "privacy", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 4
    assert all("privacy" in row["principles"] for row in rows)


def test_validate_counts_the_shipped_scenarios_and_principles(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "scenarios", "validate")
    assert code == 0
    assert "12 of 12 principles trained" in out


def test_run_passes_a_good_file_and_fails_one_whose_poor_reply_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(OWN.replace("POOR", "Refunds are processed within 24 hours."))
    code, out, _ = run(monkeypatch, capsys, "scenarios", "run", str(path))
    assert (code, "1 of 1 scenarios hold." in out) == (0, True)
    path.write_text(OWN.replace("POOR", "Refunds take 5-10 business days."))
    code, out, _ = run(monkeypatch, capsys, "scenarios", "run", str(path))
    assert code == 1
    assert "poor reply 1 is not flagged by a check of honesty (allow" in out


def test_a_bad_file_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(OWN.replace("principles: [honesty]", "principles: []"))
    code, _, err = run(monkeypatch, capsys, "scenarios", "validate", str(path))
    assert code == 3
    assert err.strip().splitlines() == [
        f"error: {path}:3: own-refund: principles: List should have at least 1 item after "
        "validation, not 0"
    ]


def test_a_bad_policy_snippet_is_refused_by_validate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "own.yaml"
    snippet = "policy:\n  checks:\n    no.such: {enabled: true}\n"
    path.write_text(OWN.replace("POOR", "x") + snippet)
    code, _, err = run(monkeypatch, capsys, "scenarios", "validate", str(path))
    assert code == 3
    assert "no check is called 'no.such'" in err


def test_try_is_a_practice_round_that_exits_0_only_when_the_reply_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    poor = "Renewals can only be refunded within 14 days. Please send the death certificate."
    code, out, _ = run(
        monkeypatch, capsys, "scenarios", "try", "empathy-bereaved-refund", "--reply", poor
    )
    assert code == 1
    assert "empathy.missing" in out
    assert "✗ missing: offers condolences or acknowledges her loss" in out
    assert "For example: I'm so sorry for the loss of your father" in " ".join(out.split())
    good = (
        "I'm so sorry for the loss of your father. I have asked for the renewal to be refunded "
        "in full, and I will email you by 5pm tomorrow to confirm it."
    )
    code, out, _ = run(
        monkeypatch, capsys, "scenarios", "try", "empathy-bereaved-refund", "-r", good, "--json"
    )
    assert code == 0
    assert json.loads(out)["passed"] is True


def test_try_an_unknown_scenario_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, "scenarios", "try", "no-such", "--reply", "Hi")
    assert code == 3
    assert err.startswith("error: no scenario 'no-such'")
