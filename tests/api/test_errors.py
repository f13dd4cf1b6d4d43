"""One JSON error shape for every failure, locked here: {"error": {code, message, field}}."""

from __future__ import annotations

import pytest

from api_support import Api


def _error(response: object) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    error: dict[str, object] = body["error"]
    assert {"code", "message", "field"} <= set(error)
    return error


def test_no_token_is_401_with_a_challenge(api: Api) -> None:
    response = api.client.get("/v1/tickets")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert _error(response)["code"] == "unauthenticated"
    bad = api.client.get("/v1/tickets", headers={"Authorization": "Bearer td_forged"})
    assert bad.status_code == 401


def test_an_auditor_cannot_write(api: Api) -> None:
    response = api.client.post(
        "/v1/tickets", headers=api.headers("aud"), json={"text": "Where is it?"}
    )
    assert response.status_code == 403
    assert _error(response) == {
        "code": "forbidden",
        "message": "a user with the role 'auditor' may not change tickets",
        "field": None,
    }


def test_another_teams_ticket_is_404(api: Api) -> None:
    ticket = api.client.post(
        "/v1/tickets", headers=api.headers("ann"), json={"text": "Where is it?"}
    ).json()
    response = api.client.get(f"/v1/tickets/{ticket['id']}", headers=api.headers("oto"))
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "hi", "colour": "red"}, "colour"),
        ({"text": "hi", "customer": {"preferences": {"formality": "posh"}}}, None),
    ],
)
def test_an_invalid_body_names_the_field(
    api: Api, body: dict[str, object], field: str | None
) -> None:
    response = api.client.post("/v1/tickets", headers=api.headers("ann"), json=body)
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "invalid_request"
    if field is not None:
        assert error["field"] == field
    else:
        assert str(error["field"]).startswith("customer.preferences.formality")
    assert api.client.get("/v1/tickets", headers=api.headers("ann")).json()["items"] == []


def test_a_message_over_the_limit_is_413_and_stores_nothing(api: Api) -> None:
    response = api.client.post(
        "/v1/tickets", headers=api.headers("ann"), json={"text": "x" * 200_001}
    )
    assert response.status_code == 413
    assert _error(response) == {
        "code": "too_large",
        "message": "the message has 200,001 characters; the limit is 200,000",
        "field": "text",
    }
    assert api.client.get("/v1/tickets", headers=api.headers("ann")).json()["items"] == []


def test_malformed_json_is_a_422_not_a_500(api: Api) -> None:
    response = api.client.post(
        "/v1/tickets",
        headers={**api.headers("ann"), "Content-Type": "application/json"},
        content=b'{"text": ',
    )
    assert response.status_code == 422
    assert _error(response)["code"] == "invalid_request"


def test_unknown_routes_and_methods_use_the_same_shape(api: Api) -> None:
    assert _error(api.client.get("/v1/nothing-here"))["code"] == "not_found"
    assert _error(api.client.delete("/healthz"))["code"] == "method_not_allowed"
