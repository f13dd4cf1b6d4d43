"""`trustdesk sync`: pulls a connected helpdesk into the desk and says how far it came."""

from __future__ import annotations

import pytest

from cli_support import run
from desk_support import Staff
from fake_helpdesks import ZENDESK_EMAIL, ZENDESK_TOKEN, FakeZendesk, serving
from trustdesk.cli.app import EXIT_ERROR
from trustdesk.desk import integrations
from trustdesk.desk.desk import Desk


def test_sync_pulls_every_ticket_then_goes_on_from_its_place(
    desk: Desk, staff: Staff, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeZendesk()
    url = desk.settings.database_url
    with serving(fake.app) as base:
        integrations.create_integration(
            desk,
            staff.lead,
            vendor="zendesk",
            name="Zendesk",
            base_url=base,
            account=ZENDESK_EMAIL,
            api_token=ZENDESK_TOKEN,
        )
        code, out, _ = run(
            monkeypatch, capsys, "sync", "zendesk", "--since", "2026-01-01",
            "--max-pages", "1", "--database-url", url,
        )  # fmt: skip
        assert code == 0
        assert "3 conversations in 1 pages" in out
        assert "run again to go on" in out
        code, out, _ = run(monkeypatch, capsys, "sync", "zendesk", "--database-url", url)
        assert code == 0
        assert f"{len(fake.tickets) - 3} conversations in 6 pages" in out
        assert "up to date" in out


def test_sync_errors_are_one_line(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = desk.settings.database_url
    code, _, err = run(monkeypatch, capsys, "sync", "zendesk", "--database-url", url)
    assert code == EXIT_ERROR
    assert "no zendesk integration" in err
    assert "Traceback" not in err
    code, _, err = run(
        monkeypatch, capsys, "sync", "zendesk", "--since", "last week", "--database-url", url
    )
    assert code != 0
    assert "not a date or time" in err
