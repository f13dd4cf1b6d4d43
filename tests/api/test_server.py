"""The server as it runs: it migrates its database on start, its scheduler runs in the
background, and a restart loses no accepted message and no reminder."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from desk_support import FakeClock
from trustdesk.api.app import create_app
from trustdesk.desk import auth
from trustdesk.desk.opening import open_desk
from trustdesk.desk.roles import SYSTEM
from trustdesk.settings import Settings
from webhook_receiver import Receiver

pytestmark = pytest.mark.server


def _settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'server.db'}", **extra)  # type: ignore[arg-type]


def test_a_restart_keeps_messages_and_delivers_the_reminder(tmp_path: Path) -> None:
    clock = FakeClock()
    receiver = Receiver()
    settings = _settings(
        tmp_path, notify_webhook_url=receiver.url, scheduler_interval=0.05, scheduler_enabled=True
    )
    bootstrap = open_desk(settings, clock=clock)  # a fresh file: migrated on open
    auth.create_user(
        bootstrap, SYSTEM, username="ann", password="ann-password-1", role="agent", team="Support"
    )
    token = auth.create_token(bootstrap, SYSTEM, name="helpdesk", username="ann").token
    bootstrap.close()
    headers = {"Authorization": f"Bearer {token}"}

    with TestClient(create_app(settings, clock=clock)) as client:
        ticket = client.post("/v1/tickets", headers=headers, json={"text": "Where is it?"}).json()
        reply = client.post(
            f"/v1/tickets/{ticket['id']}/replies",
            headers=headers,
            json={"text": "Sorry for the wait. I will email you by 4pm tomorrow with news."},
        )
        assert reply.status_code == 201
    # The server is down while the promise falls due.
    clock.advance(days=2)
    with TestClient(create_app(settings, clock=clock)) as client:
        kept = client.get(f"/v1/tickets/{ticket['id']}", headers=headers).json()
        assert [m["role"] for m in kept["messages"]] == ["customer", "agent"]
        deadline = time.monotonic() + 60
        while "commitment_overdue" not in receiver.kinds() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get("/healthz").json()["scheduler_last_run"] is not None
    receiver.server.shutdown()
    assert receiver.kinds().count("commitment_overdue") == 1
