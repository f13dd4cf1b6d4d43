"""GET /v1/dashboard: the lead dashboard over HTTP, scoped to the caller's team."""

from __future__ import annotations

from api_support import Api
from desk_support import FakeClock

VAGUE_REPLY = "I'm sorry your parcel is late. We'll get back to you soon."


def _warned_reply(api: Api, username: str, customer: str) -> int:
    headers = api.headers(username)
    created = api.client.post(
        "/v1/tickets",
        headers=headers,
        json={"customer": {"external_id": customer}, "text": "My parcel is late. Where is it?"},
    )
    assert created.status_code == 201, created.text
    ticket = created.json()
    sent = api.client.post(
        f"/v1/tickets/{ticket['id']}/replies",
        headers=headers,
        json={"text": VAGUE_REPLY, "override_reason": "Courier has not given us a date yet"},
    )
    assert sent.status_code == 201, sent.text
    return int(ticket["id"])


def test_a_lead_reads_their_team_by_day(api: Api, clock: FakeClock) -> None:
    ticket_id = _warned_reply(api, "ann", "cus-1")
    clock.advance(hours=1)
    _warned_reply(api, "oto", "cus-2")
    answer = api.client.get(
        "/v1/dashboard",
        headers=api.headers("lee"),
        params={
            "since": "2026-02-28T00:00:00Z",
            "until": "2026-03-03T00:00:00+00:00",
            "period": "day",
            "examples": 1,
        },
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [(p["label"], p["replies"]) for p in body["periods"]] == [
        ("2026-02-28", 0),
        ("2026-03-01", 0),
        ("2026-03-02", 1),
    ]
    assert body["totals"]["replies"] == 1 and body["totals"]["warned_share"] == 1.0
    [promises] = [p for p in body["principles"] if p["principle"] == "promises"]
    # One conversation with one warning of the principle: 65, as the audit scores it.
    assert [t["score"] for t in promises["trend"]] == [None, None, 65.0]
    [agent] = body["agents"]
    # The warned reply's vague promise names no time: untimed, as an audit counts it.
    assert (agent["username"], agent["overrides"]) == ("ann", 1)
    assert (agent["commitments"]["made"], agent["commitments"]["untimed"]) == (1, 1)
    [vague] = body["findings"]
    assert vague["check"] == "promises.vague"
    [example] = vague["examples"]
    assert example["ticket_id"] == ticket_id and example["author"] == "agent:ann"
    assert body["surveys"]["satisfaction"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}

    everyone = api.client.get("/v1/dashboard", headers=api.headers("aud")).json()
    assert everyone["totals"]["replies"] == 2 and len(everyone["teams"]) == 2


def test_a_bad_range_is_one_clear_error(api: Api) -> None:
    naive = api.client.get(
        "/v1/dashboard", headers=api.headers("lee"), params={"since": "2026-03-02T00:00:00"}
    )
    assert naive.status_code == 422
    assert naive.json()["error"]["code"] == "invalid_request"
    backwards = api.client.get(
        "/v1/dashboard",
        headers=api.headers("lee"),
        params={"since": "2026-03-02T00:00:00Z", "until": "2026-03-01T00:00:00Z"},
    )
    assert backwards.status_code == 422
    assert backwards.json()["error"] == {
        "code": "invalid_input",
        "message": "`since` must be before `until`",
        "field": "since",
    }
    assert api.client.get("/v1/dashboard").status_code == 401
