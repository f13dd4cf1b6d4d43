"""The app as uvicorn starts it: settings from TRUSTDESK_* variables (see `trustdesk serve`)."""

from __future__ import annotations

from fastapi import FastAPI

from trustdesk.api.app import create_app
from trustdesk.settings import Settings


def app() -> FastAPI:
    # A server starts the process for large checks at once: the first one does not wait for it.
    return create_app(Settings(), warm=True)
