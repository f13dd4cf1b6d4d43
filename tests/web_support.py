"""A browser-like client of the web desk: cookies kept, CSRF tokens read from the pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient

from desk_support import Staff
from trustdesk.api.app import create_app
from trustdesk.desk.desk import Desk

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@dataclass
class WebUser:
    """One person's browser: its own cookie jar."""

    client: TestClient
    csrf: str = ""

    def get(self, url: str, **kwargs: object) -> httpx.Response:
        response = self.client.get(url, **kwargs)  # type: ignore[arg-type]
        if "text/html" in response.headers.get("content-type", ""):
            match = _CSRF.search(response.text)
            if match:
                self.csrf = match.group(1)
        return response

    def post(
        self, url: str, data: dict[str, object] | None = None, **kwargs: object
    ) -> httpx.Response:
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=form, follow_redirects=False, **kwargs)  # type: ignore[arg-type]

    def htmx(self, url: str, data: dict[str, object] | None = None) -> httpx.Response:
        headers = {"HX-Request": "true", "X-CSRF-Token": self.csrf}
        return self.client.post(url, data=data or {}, headers=headers)


@dataclass
class Web:
    desk: Desk
    staff: Staff
    clients: list[TestClient]
    app: object

    def browser(self) -> WebUser:
        client = TestClient(self.app, raise_server_exceptions=False, base_url="http://desk.test")  # type: ignore[arg-type]
        client.__enter__()
        self.clients.append(client)
        return WebUser(client)

    def signed_in(self, username: str) -> WebUser:
        user = self.browser()
        user.get("/sign-in")
        response = user.post(
            "/sign-in",
            {"username": username, "password": self.staff.passwords[username], "next": "/"},
        )
        assert response.status_code == 303, response.text
        user.get("/")
        return user


@pytest.fixture
def web(desk: Desk, staff: Staff) -> Iterator[Web]:
    app = create_app(desk=desk, scheduler=False)
    state = Web(desk, staff, [], app)
    try:
        yield state
    finally:
        for client in state.clients:
            client.__exit__(None, None, None)
