"""The command line as a user runs it: output, files written and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import run
from support import conversation
from trustdesk.cli.app import EXIT_ERROR, EXIT_USAGE


def history_file(tmp_path: Path) -> str:
    path = tmp_path / "history.jsonl"
    conv = conversation(("customer", "Hi, I was charged twice for order 5521. Can you help?"))
    path.write_text(json.dumps(conv) + "\n", encoding="utf-8")
    return str(path)


def test_check_blocks_a_password_request_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        monkeypatch,
        capsys,
        "check",
        "--history",
        history_file(tmp_path),
        "--draft",
        "Sure, what is your password so I can log in and check?",
    )
    assert code == 2
    assert "BLOCK" in out and "privacy.secret_request" in out
    assert "Fix:" in out


def test_check_allows_a_good_reply_and_prints_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = (
        "I'm sorry you were charged twice. I've refunded the duplicate payment today; it "
        "reaches your account within 5-10 business days."
    )
    code, out, _ = run(
        monkeypatch,
        capsys,
        "check",
        "--history",
        history_file(tmp_path),
        "--draft",
        draft,
        "--json",
        "--now",
        "2026-03-02T10:10:00+00:00",
    )
    body = json.loads(out)
    assert (code, body["decision"], body["findings"]) == (0, "allow", [])


def test_check_reads_the_draft_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        monkeypatch,
        capsys,
        "check",
        "--draft",
        "-",
        "--json",
        stdin="Please send me the full card number and the CVV.",
    )
    assert code == 2
    assert json.loads(out)["decision"] == "block"


def test_audit_writes_findings_summary_and_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive.jsonl"
    bad = conversation(
        ("customer", "My parcel never arrived and this is unacceptable!!"),
        ("agent", "That's just our policy. We'll get back to you."),
        id="bad",
    )
    good = conversation(
        ("customer", "Thanks, it arrived."),
        ("agent", "Great to hear. Have a lovely day!"),
        id="good",
    )
    archive.write_text(json.dumps(bad) + "\n{broken\n" + json.dumps(good) + "\n", "utf-8")
    out_dir = tmp_path / "out"
    code, out, err = run(monkeypatch, capsys, "audit", str(archive), "--out", str(out_dir), "-q")
    assert code == 0
    findings = [json.loads(line) for line in (out_dir / "findings.jsonl").read_text().splitlines()]
    assert {f["conversation_id"] for f in findings} == {"bad"}
    assert {"transparency.evasive", "promises.vague"} <= {f["check"] for f in findings}
    for finding in findings:
        assert set(finding) >= {
            "conversation_id",
            "message_id",
            "check",
            "principle",
            "severity",
            "start",
            "end",
            "quote",
            "explanation",
            "suggestion",
        }
    summary = json.loads((out_dir / "summary.json").read_text())
    assert (summary["conversations"], summary["messages"], summary["skipped_records"]) == (2, 4, 1)
    problems = (out_dir / "problems.jsonl").read_text().splitlines()
    assert json.loads(problems[0])["line"] == 2
    assert "archive.jsonl:2" in err
    assert "By principle" in out


def policy_file(tmp_path: Path, yaml: str) -> str:
    path = tmp_path / "policy.yaml"
    path.write_text(yaml, encoding="utf-8")
    return str(path)


def test_check_shows_each_findings_confidence_and_applies_the_policys_thresholds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = "Sure, what is your password so I can log in and check?"
    args = ("check", "--history", history_file(tmp_path), "--draft", draft)
    _, out, _ = run(monkeypatch, capsys, *args)
    assert "[privacy · block · confidence 0." in out
    _, out, _ = run(monkeypatch, capsys, *args, "--json")
    (asked,) = [f for f in json.loads(out)["findings"] if f["check"] == "privacy.secret_request"]
    assert 0 < asked["confidence"] < 1

    # No confidence reaches 1: block_confidence 1 turns the block into a warning.
    unsure = policy_file(tmp_path, "checks: {privacy.secret_request: {block_confidence: 1}}")
    code, out, _ = run(monkeypatch, capsys, *args, "--policy", unsure)
    assert code == 1
    assert "only warning: its confidence is below the policy's block_confidence" in out
    # And min_confidence 1 hides it.
    hidden = policy_file(tmp_path, "checks: {privacy.secret_request: {min_confidence: 1}}")
    code, out, _ = run(monkeypatch, capsys, *args, "--policy", hidden, "--json")
    assert "privacy.secret_request" not in {f["check"] for f in json.loads(out)["findings"]}


def test_audit_findings_carry_a_confidence_and_min_confidence_hides_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive.jsonl"
    chat = conversation(
        ("customer", "My parcel never arrived and this is unacceptable!!"),
        ("agent", "That's just our policy. We'll get back to you."),
    )
    archive.write_text(json.dumps(chat) + "\n", "utf-8")
    code, out, _ = run(monkeypatch, capsys, "audit", str(archive), "--out", str(tmp_path / "a"))
    assert code == 0 and "Mean confidence" in out
    lines = (tmp_path / "a" / "findings.jsonl").read_text("utf-8").splitlines()
    findings = [json.loads(line) for line in lines]
    assert findings and all(0 < f["confidence"] < 1 for f in findings)
    summary = json.loads((tmp_path / "a" / "summary.json").read_text("utf-8"))
    assert set(summary["confidence_by_check"]) == {f["check"] for f in findings}

    strict = policy_file(tmp_path, "verdict: {min_confidence: 1}")
    out_dir = tmp_path / "b"
    run(monkeypatch, capsys, "audit", str(archive), "--out", str(out_dir), "--policy", strict)
    assert (out_dir / "findings.jsonl").read_text("utf-8") == ""


@pytest.mark.slow  # a pool of worker processes, each importing trustdesk afresh
def test_audit_with_worker_processes_writes_exactly_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for workers in ("1", "2"):
        out_dir = tmp_path / f"out{workers}"
        args = ["audit", "--samples", "--out", str(out_dir), "-q", "--workers", workers]
        code, _, _ = run(monkeypatch, capsys, *args)
        assert code == 0
        names = ("findings.jsonl", "conversations.jsonl", "summary.json")
        outputs.append([(out_dir / name).read_text("utf-8") for name in names])
    assert outputs[0] == outputs[1]
    assert outputs[0][0].count("\n") > 50  # the samples do produce findings


def test_audit_strict_stops_with_one_clear_line_and_leaves_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive.jsonl"
    archive.write_text(json.dumps(conversation(("customer", "hi"))) + "\n{broken\n", "utf-8")
    out_dir = tmp_path / "out"
    code, _, err = run(
        monkeypatch, capsys, "audit", str(archive), "--out", str(out_dir), "--strict", "-q"
    )
    assert code == EXIT_ERROR
    assert err.count("\n") == 1 and "archive.jsonl:2" in err
    assert not (out_dir / "findings.jsonl").exists()


def test_eval_reports_precision_and_recall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = tmp_path / "labelled.jsonl"
    item = conversation(
        ("customer", "Where is my refund?"), ("agent", "That's just our policy, sorry.")
    )
    item["expect"] = [{"message_id": "m2", "check": "transparency.evasive"}]
    labelled.write_text(json.dumps(item) + "\n", "utf-8")
    code, out, _ = run(
        monkeypatch, capsys, "eval", str(labelled), "--checks", "transparency.evasive", "--json"
    )
    body = json.loads(out)
    assert code == 0
    assert body["checks"]["transparency.evasive"]["tp"] == 1
    assert body["micro"]["precision"] == 1.0


def test_policy_validate_names_file_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nsla:\n  first_response: soon\n", "utf-8")
    code, _, err = run(monkeypatch, capsys, "policy", "validate", str(policy))
    assert code == EXIT_ERROR
    assert f"{policy}:3: sla.first_response:" in err.replace("\n", "")


def test_policy_show_prints_a_policy_that_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, shown, _ = run(monkeypatch, capsys, "policy", "show")
    path = tmp_path / "mine.yaml"
    path.write_text(shown, "utf-8")
    code, out, _ = run(monkeypatch, capsys, "policy", "validate", str(path))
    assert code == 0 and "valid policy" in out


def test_checks_lists_the_catalogue(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "checks", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 20
    assert {
        "id": "privacy.secret_request",
        "principle": "privacy",
        "severity": "block",
        "enabled": True,
    }.items() <= next(r for r in rows if r["id"] == "privacy.secret_request").items()


def test_checks_shows_a_severity_set_for_one_kind_of_author(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "checks:\n  conduct.role_break:\n    by_author:\n      bot: {severity: block}\n",
        encoding="utf-8",
    )
    code, out, _ = run(monkeypatch, capsys, "checks", "--json", "--policy", str(policy))
    row = next(r for r in json.loads(out) if r["id"] == "conduct.role_break")
    assert code == 0 and (row["severity"], row["by_author"]) == ("warn", {"bot": "block"})
    code, out, _ = run(monkeypatch, capsys, "checks", "--policy", str(policy))
    assert code == 0 and "warn (bot: block)" in out


def test_missing_input_file_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # the default output folder is made in the working folder
    code, _, err = run(monkeypatch, capsys, "audit", "nope.jsonl", "-q")
    assert code == EXIT_ERROR
    assert "nope.jsonl: file not found" in err and "Traceback" not in err


def test_unknown_option_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, "check", "--drafty", "x")
    assert code == EXIT_USAGE
    assert "No such option" in err


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("conversation_id,message_id,role,text\nc1,m1,robot,hi\n", "all 1 records were malformed"),
        ("conversation_id;message_id;role;text\nc1;;customer;hi\n", "records were malformed"),
        ('{"tickets": [{"id": 1, "comments": []}]}', "all 1 records"),
        ("", "the input was empty"),
    ],
)
def test_an_audit_that_read_no_conversation_fails_with_the_reason_first(
    content: str,
    why: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    suffix = ".json" if content.startswith("{") else ".csv" if "," in content else ".jsonl"
    path = tmp_path / f"export{suffix}"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, "audit", str(path), "-o", str(tmp_path / "o"), "-q")
    assert code == EXIT_ERROR
    first = err.splitlines()[0]
    assert first.startswith("error: no conversation was read") and why in first


def test_an_audit_that_skipped_most_records_fails_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps(conversation(("customer", "Where is my parcel?"), id="good"))
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([good, "{not json", "[1]", "{}"]) + "\n", encoding="utf-8")
    out = str(tmp_path / "o")
    code, _, err = run(monkeypatch, capsys, "audit", str(path), "-o", out, "-q")
    assert code == EXIT_ERROR
    assert err.splitlines()[0].startswith("error: 3 of 4 records were malformed and skipped")
    code, _, _ = run(
        monkeypatch, capsys, "audit", str(path), "-o", out, "-q", "--max-skipped", "0.8"
    )
    assert code == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "--draft", "hi", "--role", "human"], "'human' is not one of 'agent', 'bot'"),
        (["check", "--draft", "   "], "the draft is empty"),
        (["serve", "--port", "99999"], "--port"),
        (["serve", "--port", "0"], "--port"),
        (["serve", "--host", "not a host!"], "is not an IP address or a host name"),
    ],
)
def test_a_misused_option_is_one_line_and_exit_4(
    args: list[str], said: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(monkeypatch, capsys, *args)
    assert code == EXIT_USAGE and not out
    assert len(err.strip().splitlines()) == 1 and said in err, err
