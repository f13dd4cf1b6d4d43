"""The settings are declared once; the docs' table is generated from them and kept in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustdesk.settings import Settings, settings_table

DOCS = Path(__file__).parents[1] / "docs" / "desk.md"


def test_the_docs_list_every_setting_as_declared() -> None:
    assert settings_table() in DOCS.read_text(encoding="utf-8")


def test_settings_come_from_trustdesk_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTDESK_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("TRUSTDESK_REMIND_BEFORE", "PT30M")
    settings = Settings()
    assert settings.database_url == "sqlite:///elsewhere.db"
    assert settings.remind_before.total_seconds() == 1800
