"""An API client over a real desk, with a signed-in token per role (the `api` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from desk_support import Staff
from trustdesk.api.app import create_app
from trustdesk.desk import auth
from trustdesk.desk.desk import Desk


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]

    def headers(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[username]}"}


@pytest.fixture
def api(desk: Desk, staff: Staff) -> Iterator[Api]:
    app = create_app(desk=desk, scheduler=False)
    tokens = {
        name: auth.sign_in(desk, username=name, password=password).token
        for name, password in staff.passwords.items()
    }
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, tokens)
