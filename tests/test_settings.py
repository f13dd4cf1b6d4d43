"""The settings are declared once; the docs' table is generated from them and kept in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustdesk.errors import SettingsError
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


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("3600", 3600), ("90.5", 90.5), ("PT1H", 3600), ("P1D", 86400), ("01:30:00", 5400)],
)
def test_remind_before_takes_seconds_or_iso_8601(
    monkeypatch: pytest.MonkeyPatch, value: str, seconds: float
) -> None:
    monkeypatch.setenv("TRUSTDESK_REMIND_BEFORE", value)
    assert Settings().remind_before.total_seconds() == seconds


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TRUSTDESK_REMIND_BEFORE", "soon", "not a duration: 'soon' (give seconds, 3600, or"),
        ("TRUSTDESK_REMIND_BEFORE", "-60", "Input should be greater than or equal to 0"),
        ("TRUSTDESK_SMTP_PORT", "twenty-five", "Input should be a valid integer"),
        ("TRUSTDESK_SESSION_HOURS", "0", "Input should be greater than 0"),
        ("TRUSTDESK_SCHEDULER_ENABLED", "perhaps", "Input should be a valid boolean"),
        ("TRUSTDESK_NOTIFY_WEBHOOK_URL", "not a url", "Input should be a valid URL"),
    ],
)
def test_a_bad_variable_is_a_settings_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as bad:
        Settings()
    assert str(bad.value).startswith(f"{variable}: {message}")
    assert "\n" not in str(bad.value)


def test_a_bad_argument_is_named_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match=r"^session_hours: Input should be greater than 0"):
        Settings(session_hours=-1)
