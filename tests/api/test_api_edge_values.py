"""Edge values in requests are a 422 naming the field, never a 500: offsets past any
database integer, times at the ends of the calendar, numbers given as times, lone surrogates."""

from __future__ import annotations

from typing import Any

import pytest

from api_support import Api

HUGE = "10145679980930652160"


def _error(response: Any) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    return error


@pytest.mark.parametrize(
    "path",
    ["/v1/tickets", "/v1/commitments", "/v1/commitments/overdue", "/v1/audit-log"],
)
@pytest.mark.parametrize("offset", [HUGE, "2147483648"])
def test_an_offset_past_any_database_integer_is_a_422(api: Api, path: str, offset: str) -> None:
    response = api.client.get(f"{path}?offset={offset}", headers=api.headers("ada"))
    assert response.status_code == 422
    assert _error(response)["field"] == "query.offset"
    largest = api.client.get(f"{path}?offset=2147483647", headers=api.headers("ada"))
    assert largest.status_code == 200 and largest.json()["items"] == []


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_a_time_at_the_ends_of_the_calendar_is_a_422_on_tickets(api: Api, at: str) -> None:
    response = api.client.post(
        "/v1/tickets", headers=api.headers("ann"), json={"text": "Where is it?", "at": at}
    )
    assert response.status_code == 422
    error = _error(response)
    assert error["field"] == "at"
    assert error["message"].startswith(f"time out of range: {at} is not within the years")
    assert api.client.get("/v1/tickets", headers=api.headers("ann")).json()["items"] == []


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_a_time_at_the_ends_of_the_calendar_is_a_422_on_conversations(api: Api, at: str) -> None:
    message = {"id": "m1", "role": "customer", "text": "Where is it?", "at": at}
    body = {"conversations": [{"id": "c1", "messages": [message]}]}
    response = api.client.post("/v1/conversations", headers=api.headers("ann"), json=body)
    assert response.status_code == 422
    assert _error(response)["field"] == "conversations.0.messages.0.at"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/tickets", {"text": "Where is it?", "at": 1772445120}, "at"),
        (
            "/v1/check",
            {"conversation": {"id": "c", "messages": []}, "draft": "Hi", "now": 5},
            "now",
        ),
        (
            "/v1/guard",
            {"conversation": {"id": "c", "messages": []}, "draft": "Hi", "now": 5},
            "now",
        ),
    ],
)
def test_a_number_given_as_a_time_is_refused(
    api: Api, path: str, body: dict[str, object], field: str
) -> None:
    response = api.client.post(path, headers=api.headers("ann"), json=body)
    assert response.status_code == 422
    assert _error(response)["field"] == field
    assert _error(response)["message"].startswith("a time must be an ISO 8601 string")


def test_a_number_given_as_a_time_in_a_query_is_refused(api: Api) -> None:
    response = api.client.get("/v1/dashboard?until=5", headers=api.headers("lee"))
    assert response.status_code == 422
    assert _error(response)["field"] == "query.until"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/tickets", '{"text": "Where \\ud800 is it?"}', "text"),
        ("/v1/tickets", '{"text": "Hi", "customer": {"segment": {"tier": "\\udc80"}}}', None),
        (
            "/v1/conversations",
            '{"conversations": [{"id": "c1", "messages": '
            '[{"id": "m1", "role": "customer", "text": "a\\ud800"}]}]}',
            "conversations.0.messages.0.text",
        ),
        (
            "/v1/check",
            '{"conversation": {"id": "c", "messages": []}, "draft": "Sorry \\ud800"}',
            "draft",
        ),
        (
            "/v1/guard",
            '{"conversation": {"id": "c", "messages": []}, "draft": "Sorry \\ud800"}',
            "draft",
        ),
    ],
)
def test_a_lone_surrogate_is_a_422(api: Api, path: str, body: str, field: str | None) -> None:
    headers = {**api.headers("ann"), "Content-Type": "application/json"}
    response = api.client.post(path, headers=headers, content=body.encode())
    assert response.status_code == 422
    error = _error(response)
    assert error["message"].startswith("not valid Unicode: a lone surrogate")
    if field is not None:
        assert error["field"] == field


def test_a_body_that_is_not_utf8_is_a_documented_400(api: Api) -> None:
    headers = {**api.headers("ann"), "Content-Type": "application/json"}
    response = api.client.post("/v1/tickets", headers=headers, content=b'{"text": "caf\xe9"}')
    assert response.status_code == 400, response.text
    operation = api.client.get("/openapi.json").json()["paths"]["/v1/tickets"]["post"]
    assert {"200", "201", "400", "401", "403", "404", "409", "422"} <= set(operation["responses"])


def test_a_wrong_method_next_to_a_path_parameter_is_a_405(api: Api) -> None:
    response = api.client.patch("/v1/commitments/overdue", headers=api.headers("ann"), json={})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
