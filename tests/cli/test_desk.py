"""The desk's commands: migrate, create people and tokens, import, the demo, and serve."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from cli_support import run
from trustdesk.cli.app import EXIT_ERROR
from trustdesk.desk import auth, commitments, tickets
from trustdesk.desk.dashboard import dashboard
from trustdesk.desk.opening import open_desk
from trustdesk.desk.roles import SYSTEM
from trustdesk.samples import load_samples
from trustdesk.settings import Settings
from trustdesk.store.migrate import head_revision


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'desk.db'}"


def test_users_and_tokens_are_created_and_printed_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = _url(tmp_path)
    code, out, _ = run(monkeypatch, capsys, "db", "upgrade", "--database-url", url)
    assert code == 0 and f"revision {head_revision()}" in out
    code, out, _ = run(
        monkeypatch,
        capsys,
        "users",
        "create",
        "priya",
        "--role",
        "lead",
        "--team",
        "Billing",
        "--database-url",
        url,
    )
    assert code == 0 and "created lead priya" in out
    password = out.split("password:")[1].split()[0]
    code, out, _ = run(
        monkeypatch, capsys, "tokens", "create", "priya", "--name", "bot", "--database-url", url
    )
    token = out.strip().splitlines()[-1]
    desk = open_desk(Settings(database_url=url, scheduler_enabled=False))
    try:
        assert auth.authenticate(desk, token).username == "priya"
        assert auth.sign_in(desk, username="priya", password=password).user.role == "lead"
    finally:
        desk.close()


def test_a_duplicate_user_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = _url(tmp_path)
    run(monkeypatch, capsys, "users", "create", "priya", "--database-url", url)
    code, _, err = run(monkeypatch, capsys, "users", "create", "priya", "--database-url", url)
    assert code == EXIT_ERROR
    assert "a user called 'priya' exists already" in err and "Traceback" not in err


def test_import_skips_a_bad_record_is_all_or_nothing_when_strict_and_idempotent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = _url(tmp_path)
    good = {
        "id": "hd-1",
        "messages": [{"id": "1", "role": "customer", "text": "Where is my parcel?"}],
    }
    archive = tmp_path / "export.jsonl"
    archive.write_text(json.dumps(good) + "\n" + '{"id": "hd-2", "mesages": []}\n')
    code, _, err = run(
        monkeypatch, capsys, "import", str(archive), "--database-url", url, "--strict"
    )
    assert code == EXIT_ERROR and "export.jsonl:2" in err
    desk = open_desk(Settings(database_url=url, scheduler_enabled=False))
    try:
        assert tickets.list_tickets(desk, SYSTEM).items == []  # the good line was not kept
    finally:
        desk.close()
    monkeypatch.chdir(tmp_path)  # problems.jsonl is written where the command runs
    code, out, err = run(monkeypatch, capsys, "import", str(archive), "--database-url", url)
    assert code == 0 and "1 new tickets, 1 messages added" in out
    assert "1 malformed records skipped, listed in problems.jsonl" in err
    [problem] = (tmp_path / "problems.jsonl").read_text().splitlines()
    assert json.loads(problem)["line"] == 2
    code, out, _ = run(monkeypatch, capsys, "import", str(archive), "--database-url", url)
    assert "0 new tickets, 0 messages added, 1 already there" in out


def test_the_demo_desk_loads_the_samples_and_prints_logins(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = _url(tmp_path)
    code, out, _ = run(monkeypatch, capsys, "demo", "--database-url", url, "--no-serve")
    assert code == 0 and f"{len(load_samples())} tickets" in out
    password = out.split("user admin")[1].split("password")[1].split()[0]
    assert "Open the desk: http://127.0.0.1:8000/" in out
    desk = open_desk(Settings(database_url=url, scheduler_enabled=False))
    try:
        assert auth.sign_in(desk, username="admin", password=password).user.role == "admin"
        # The samples were moved to recent weeks: nobody has waited since the spring.
        waiting = tickets.list_tickets(desk, SYSTEM, waiting=True, limit=200).items
        waits = [desk.now() - t.waiting_since for t in waiting if t.waiting_since]
        assert waits and max(waits) < timedelta(days=14)
    finally:
        desk.close()


def test_the_demo_report_describes_the_demo_desk(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = _url(tmp_path)
    folder = tmp_path / "demo-output"
    code, out, _ = run(
        monkeypatch,
        capsys,
        "demo",
        "--database-url",
        url,
        "--report-dir",
        str(folder),
        "--no-serve",
    )
    assert code == 0, out
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert report["overview"]["conversations"] == len(load_samples())
    desk = open_desk(Settings(database_url=url, scheduler_enabled=False))
    try:
        # Where the conversations stood when loaded: the report's states are the desk's.
        listed = tickets.list_tickets(desk, SYSTEM, limit=200).items
        states = {state: 0 for state in report["responsiveness"]["states"]}
        for ticket in listed:
            states[ticket.state] += 1
        assert states == report["responsiveness"]["states"]
        # The same promises, and the same scores and findings as the dashboard's.
        counts = commitments.ledger_counts(desk, SYSTEM)
        promised = report["responsiveness"]["promises"]
        assert (counts.made, counts.timed) == (promised["made"], promised["timed"])
        view = dashboard(desk, SYSTEM)
        assert {p.principle: p.score for p in view.principles} == {
            row["principle"]: row["score"] for row in report["principles"]["scores"]
        }
        assert {c.check: c.count for c in view.findings} == {
            row["check"]: row["count"] for row in report["findings"]
        }
    finally:
        desk.close()


CHECK = {
    "conversation": {"id": "c1", "messages": [{"id": "m1", "role": "customer", "text": "Hi?"}]},
    "draft": "Hello! How can I help?",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_on_its_port_and_stops_cleanly(tmp_path: Path, workers: int) -> None:
    port = _free_port()
    desk = open_desk(Settings(database_url=_url(tmp_path), scheduler_enabled=False))
    try:
        auth.create_user(desk, SYSTEM, username="bot", password="bot-password-1", role="agent")
        token = auth.create_token(desk, SYSTEM, name="bot", username="bot").token
    finally:
        desk.close()
    headers = {"Authorization": f"Bearer {token}"}
    env = {**os.environ, "TRUSTDESK_SCHEDULER_INTERVAL": "0.5"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [sys.executable, "-m", "trustdesk.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--database-url", _url(tmp_path)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).json()
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert health["schema_revision"] == head_revision()
        base = f"http://127.0.0.1:{port}"
        for _ in range(10):  # new connections each time, spread over the workers
            assert httpx.get(f"{base}/v1/tickets").status_code == 401
            checked = httpx.post(f"{base}/v1/check", headers=headers, json=CHECK, timeout=30)
            assert checked.status_code == 200, checked.text
        # Whichever worker answers the scrape counts the checks of all of them.
        for _ in range(3):
            scraped = httpx.get(f"{base}/metrics", headers=headers).text
            assert 'trustdesk_checks_total{endpoint="check"} 10.0' in scraped
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Every worker process is gone: the port is free again.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))
