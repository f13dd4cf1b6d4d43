"""Where reminders go: a webhook (JSON, optionally HMAC-signed) and/or e-mail over SMTP."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any, Protocol

import httpx

from trustdesk.settings import Settings

WEBHOOK_TIMEOUT_SECONDS = 10
SMTP_TIMEOUT_SECONDS = 20


class Notifier(Protocol):
    def send(self, notification: dict[str, Any]) -> None:
        """Deliver one notification or raise (the scheduler retries later)."""


class WebhookNotifier:
    def __init__(self, url: str, secret: str | None = None) -> None:
        self.url = url
        self.secret = secret

    def send(self, notification: dict[str, Any]) -> None:
        body = json.dumps(notification, sort_keys=True, default=str).encode("utf-8")
        headers = {"Content-Type": "application/json", "User-Agent": "trustdesk"}
        if self.secret:
            digest = hmac.new(self.secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
            headers["X-Trustdesk-Signature"] = f"sha256={digest}"
        response = httpx.post(
            self.url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT_SECONDS
        )
        response.raise_for_status()


class SmtpNotifier:
    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host or not settings.smtp_to:
            raise ValueError("SMTP needs both smtp_host and smtp_to")
        self.settings = settings

    def send(self, notification: dict[str, Any]) -> None:
        s = self.settings
        email = EmailMessage()
        email["From"] = s.smtp_from
        email["To"] = s.smtp_to
        email["Subject"] = f"[trustdesk] {notification['title']}"
        email.set_content(
            notification["text"] + "\n\n" + json.dumps(notification, indent=2, default=str)
        )
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as client:
            if s.smtp_starttls:
                client.starttls()
            if s.smtp_username and s.smtp_password:
                client.login(s.smtp_username, s.smtp_password)
            client.send_message(email)


class FanOut:
    """Every configured channel; a notification counts as sent when all of them took it."""

    def __init__(self, channels: Sequence[Notifier]) -> None:
        self.channels = list(channels)

    def send(self, notification: dict[str, Any]) -> None:
        for channel in self.channels:
            channel.send(notification)


def notifier_from_settings(settings: Settings) -> Notifier | None:
    channels: list[Notifier] = []
    if settings.notify_webhook_url is not None:
        channels.append(
            WebhookNotifier(str(settings.notify_webhook_url), settings.notify_webhook_secret)
        )
    if settings.smtp_host and settings.smtp_to:
        channels.append(SmtpNotifier(settings))
    if not channels:
        return None
    return channels[0] if len(channels) == 1 else FanOut(channels)
