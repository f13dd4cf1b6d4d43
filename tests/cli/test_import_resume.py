"""`trustdesk import` killed half-way, then run again: every conversation once, none lost."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli_support import run
from trustdesk.desk.opening import open_desk
from trustdesk.settings import Settings
from trustdesk.store.tables import Message, Ticket

FIXTURES = Path(__file__).parent.parent / "fixtures" / "helpdesks"
# The import, in a process of its own that kills itself (SIGKILL: no clean-up, no rollback
# but the database's own) as it stores the 8th conversation, in batches of 3: two batches are
# committed, the third is cut off half-way.
KILLED_IMPORT = """
import os, signal, sys
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.opening import open_desk
from trustdesk.desk.roles import SYSTEM
from trustdesk.io import read_conversations
from trustdesk.settings import Settings

desk = open_desk(Settings(database_url=sys.argv[1], scheduler_enabled=False))
stored = 0

def count() -> None:
    global stored
    stored += 1
    if stored == 8:
        os.kill(os.getpid(), signal.SIGKILL)

import_conversations(
    desk, SYSTEM, read_conversations([sys.argv[2]], source="zendesk"),
    on_conversation=count, batch_size=3,
)
"""


def _counts(url: str) -> tuple[int, int, int]:
    """(tickets, messages, distinct (ticket, message id) pairs) in the desk."""
    desk = open_desk(Settings(database_url=url, scheduler_enabled=False))
    try:
        with desk.reading() as session:
            tickets = session.scalar(select(func.count()).select_from(Ticket))
            messages = session.scalar(select(func.count()).select_from(Message))
            distinct = session.execute(
                select(func.count()).select_from(
                    select(Message.ticket_id, Message.external_id).distinct().subquery()
                )
            ).scalar_one()
        return int(tickets or 0), int(messages or 0), int(distinct)
    finally:
        desk.close()


def test_an_import_killed_half_way_and_run_again_stores_each_message_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    export = str(FIXTURES / "zendesk.jsonl")
    reference = [
        json.loads(line)
        for line in (FIXTURES / "conversations.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    expected_messages = sum(len(c["messages"]) for c in reference)

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, url, export], capture_output=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    # The two batches committed before the kill are there, whole; the third is not.
    assert _counts(url)[0] == 6

    problems = tmp_path / "problems.jsonl"
    args = ("import", export, "--from", "zendesk", "--database-url", url,
            "--problems", str(problems))  # fmt: skip
    code, out, err = run(monkeypatch, capsys, *args)
    assert code == 0, err
    assert f"{len(reference)} conversations: {len(reference) - 6} new tickets" in out
    assert _counts(url) == (len(reference), expected_messages, expected_messages)

    code, out, _ = run(monkeypatch, capsys, *args)
    assert code == 0 and "0 new tickets, 0 messages added" in out
    assert _counts(url) == (len(reference), expected_messages, expected_messages)
