"""The app as uvicorn starts it: settings from TRUSTDESK_* variables (see `trustdesk serve`)."""

from __future__ import annotations

from fastapi import FastAPI

from trustdesk.api.app import create_app
from trustdesk.settings import Settings


def app() -> FastAPI:
    return create_app(Settings())
