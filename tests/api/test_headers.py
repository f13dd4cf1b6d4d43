"""Every response of the server carries the security headers: the API's (the sign-in token
included), its errors, the web desk's pages, its static files and the API docs."""

from __future__ import annotations

import httpx

from api_support import Api
from desk_support import Staff

ALWAYS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def assert_secured(response: httpx.Response, cache: str = "no-store") -> None:
    for name, value in ALWAYS.items():
        assert response.headers.get(name) == value, (response.url, name)
    assert response.headers.get("cache-control") == cache, response.url
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_the_sign_in_token_is_never_stored(api: Api, staff: Staff) -> None:
    response = api.client.post(
        "/v1/sessions", json={"username": "ann", "password": staff.passwords["ann"]}
    )
    assert response.status_code == 201 and response.json()["token"]
    assert_secured(response)
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_api_answers_and_errors_carry_them(api: Api) -> None:
    ticket = api.client.post(
        "/v1/tickets", headers=api.headers("ann"), json={"text": "Where is my parcel?"}
    )
    assert ticket.status_code == 201
    responses = [
        ticket,
        api.client.get(f"/v1/tickets/{ticket.json()['id']}", headers=api.headers("ann")),
        api.client.get("/v1/customers/1", headers=api.headers("ann")),
        api.client.get("/v1/tickets"),  # 401
        api.client.get("/v1/tickets?offset=-1", headers=api.headers("ann")),  # 422
        api.client.get("/v1/no-such-thing"),  # 404
        api.client.delete("/healthz"),  # 405
        api.client.get("/healthz"),
        api.client.get("/metrics", headers=api.headers("ann")),
        api.client.get("/openapi.json"),
    ]
    assert [r.status_code for r in responses] == [
        201, 200, 200, 401, 422, 404, 405, 200, 200, 200,
    ]  # fmt: skip
    for response in responses:
        assert_secured(response)


def test_the_web_desk_and_the_docs_carry_them(api: Api) -> None:
    page = api.client.get("/sign-in")
    assert page.status_code == 200
    assert_secured(page)
    assert "script-src 'self'" in page.headers["content-security-policy"]
    asset = api.client.get("/static/desk.css")
    assert asset.status_code == 200
    assert_secured(asset, cache="public, max-age=3600")
    docs = api.client.get("/docs")
    assert docs.status_code == 200
    assert_secured(docs)
    # Swagger UI comes from its CDN with an inline script: only framing is forbidden there.
    assert docs.headers["content-security-policy"] == "frame-ancestors 'none'"


def test_each_header_is_sent_once(api: Api) -> None:
    response = api.client.get("/sign-in")
    names = [name.lower() for name in response.headers]
    for name in (*ALWAYS, "cache-control", "content-security-policy"):
        assert names.count(name) == 1, name
