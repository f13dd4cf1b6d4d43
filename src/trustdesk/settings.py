"""Settings of the desk and its server, declared once and read from TRUSTDESK_* variables.

`trustdesk serve --help` and the README's settings table are generated from these fields.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field, HttpUrl, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from trustdesk.errors import SettingsError

if TYPE_CHECKING:
    from trustdesk.engine.limits import Limits

DEFAULT_DATABASE_URL = "sqlite:///trustdesk.db"
ENV_PREFIX = "TRUSTDESK_"
_SECONDS = re.compile(r"\s*[-+]?\d+(\.\d+)?\s*")
# What pydantic reads from a string: ISO 8601 (PT1H) and clock form (01:00:00, 1 day, 01:00:00).
_DURATION_TEXT = re.compile(
    r"\s*-?P[0-9YMWDTHS.,]+\s*|\s*-?(\d+ days?, )?\d+:\d\d(:\d\d(\.\d+)?)?\s*"
)


def _duration(value: Any) -> Any:
    # A variable holds text: "3600" means seconds, as the docs say (pydantic reads only
    # ISO 8601, PT1H, or 01:00:00 from a string).
    if isinstance(value, str):
        if _SECONDS.fullmatch(value):
            return float(value)
        if not _DURATION_TEXT.fullmatch(value):
            raise ValueError(f"not a duration: {value!r} (give seconds, 3600, or ISO 8601, PT1H)")
    return value


Duration = Annotated[timedelta, BeforeValidator(_duration)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    def __init__(self, **values: Any) -> None:
        """Settings from `values`, then TRUSTDESK_* variables; a bad value is a SettingsError
        naming the variable (or the argument), so every command fails in one clean line."""
        try:
            super().__init__(**values)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = str(first["loc"][0]) if first["loc"] else ""
            where = name if name in values else f"{ENV_PREFIX}{name.upper()}"
            message = first["msg"].removeprefix("Value error, ")
            raise SettingsError(f"{where}: {message}") from None

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite:///file.db (default) or postgresql+psycopg://…",
    )
    policy: Path | None = Field(
        default=None, description="Policy YAML file (default: the bundled policy)."
    )
    secret_key: str | None = Field(
        default=None,
        description="Key that signs survey links; when unset one is generated and kept in "
        "the database, so links survive restarts.",
    )
    redact_secrets: bool = Field(
        default=True,
        description="Redact card numbers, passwords, codes and ID numbers in customer "
        "messages before they are stored.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000", description="Base URL used in survey links."
    )
    session_hours: float = Field(
        default=12, gt=0, description="How long a sign-in token stays valid."
    )
    survey_days: float = Field(default=30, gt=0, description="How long a survey link works.")
    scheduler_enabled: bool = Field(
        default=True, description="Run the reminder scheduler inside the server."
    )
    scheduler_interval: float = Field(
        default=60, gt=0, description="Seconds between two scheduler passes."
    )
    remind_before: Duration = Field(
        default=timedelta(hours=1),
        ge=timedelta(0),
        description="Remind the team this long before a commitment falls due (seconds, or "
        "ISO 8601 such as PT1H).",
    )
    notify_webhook_url: HttpUrl | None = Field(
        default=None, description="POST reminders and SLA breaches here as JSON."
    )
    notify_webhook_secret: str | None = Field(
        default=None,
        description="When set, each webhook carries X-Trustdesk-Signature: sha256=HMAC.",
    )
    smtp_host: str | None = Field(default=None, description="Send reminders by e-mail here.")
    smtp_port: int = Field(default=25, description="SMTP port.")
    smtp_from: str = Field(default="trustdesk@localhost", description="Sender of reminders.")
    smtp_to: str | None = Field(default=None, description="Recipient of reminders.")
    smtp_starttls: bool = Field(default=False, description="Use STARTTLS.")
    smtp_username: str | None = Field(default=None, description="SMTP user name.")
    smtp_password: str | None = Field(default=None, description="SMTP password.")
    # Limits on what one request may ask of the server (the defaults are the engine's; see
    # trustdesk.engine.limits). Over a limit, the API answers 413 and does no work.
    max_history_messages: int = Field(
        default=2_000,
        ge=1,
        description="Most messages a conversation may have in a pre-send check, a ticket "
        "reply or an import (more: 413).",
    )
    max_message_chars: int = Field(
        default=200_000,
        ge=1,
        description="Longest message in characters the API and the desk accept (longer: 413).",
    )
    max_request_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=1024,
        description="Largest request body in bytes (larger: 413, refused before it is read).",
    )
    check_budget: float = Field(
        default=2.0,
        gt=0,
        description="Seconds a pre-send check may take: checks not started by then are skipped, "
        "and the verdict lists them and is at least a warning; a large check still running at "
        "three times this is stopped (503 over_budget).",
    )

    def limits(self) -> Limits:
        """The engine's limits these settings ask for."""
        from trustdesk.engine.limits import Limits

        return Limits(self.max_history_messages, self.max_message_chars)


def settings_table() -> str:
    """The settings as a Markdown table (docs/desk.md holds exactly this; a test keeps it so)."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, info in Settings.model_fields.items():
        default = info.default
        if isinstance(default, timedelta):
            shown = f"{int(default.total_seconds())} s"
        elif default is None:
            shown = "(unset)"
        elif isinstance(default, bool):
            shown = str(default).lower()
        else:
            shown = str(default)
        rows.append(f"| `TRUSTDESK_{name.upper()}` | `{shown}` | {info.description} |")
    return "\n".join(rows) + "\n"
