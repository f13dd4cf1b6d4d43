"""POST /v1/sessions refuses guessing: 429 with Retry-After until the back-off passes."""

from __future__ import annotations

from collections import Counter

from api_support import Api
from desk_support import FakeClock, Staff


def _sign_in(api: Api, password: str) -> tuple[int, dict[str, str], dict[str, object]]:
    response = api.client.post("/v1/sessions", json={"username": "ann", "password": password})
    return response.status_code, dict(response.headers), response.json()


def test_forty_wrong_passwords_then_the_right_one_waits_for_the_back_off(
    api: Api, staff: Staff, clock: FakeClock
) -> None:
    statuses = Counter(_sign_in(api, f"guess-number-{n}")[0] for n in range(40))
    assert statuses == {401: 5, 429: 35}
    status, headers, body = _sign_in(api, staff.passwords["ann"])
    assert status == 429
    assert body["error"]["code"] == "too_many_attempts"  # type: ignore[index]
    wait = int(headers["retry-after"])
    assert wait == 30
    clock.advance(seconds=wait)
    status, _, body = _sign_in(api, staff.passwords["ann"])
    assert status == 201 and str(body["token"]).startswith("td_")


def test_the_schema_lists_the_429(api: Api) -> None:
    operation = api.client.get("/openapi.json").json()["paths"]["/v1/sessions"]["post"]
    refused = operation["responses"]["429"]
    assert "Retry-After" in refused["headers"]
