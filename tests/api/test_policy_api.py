"""/v1/policy: everyone reads the policy in force, an admin saves a new one; a mistake answers
422 with its line and field; other server processes follow within seconds."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_support import Api
from desk_support import FakeClock, open_desk
from trustdesk.api.app import create_app
from trustdesk.desk.desk import Desk
from trustdesk.policy.loader import default_policy_text

DEFAULT = default_policy_text()
EDITED = DEFAULT.replace('revision: "2026-11"', 'revision: "2026-12"').replace(
    "never_say:\n",
    "never_say:\n  - phrase: the courier\n    reason: Name the carrier.\n    severity: block\n",
    1,
)
DRAFT = (
    "Sorry for the wait. I have asked the courier to trace your parcel and will email you by 4pm."
)


def _ticket(api: Api) -> int:
    response = api.client.post(
        "/v1/tickets", headers=api.headers("ann"), json={"text": "Where is my parcel?"}
    )
    ticket_id: int = response.json()["id"]
    return ticket_id


def _decision(client: TestClient, headers: dict[str, str], ticket_id: int) -> str:
    response = client.post(
        f"/v1/tickets/{ticket_id}/drafts/check", headers=headers, json={"text": DRAFT}
    )
    assert response.status_code == 200, response.text
    decision: str = response.json()["decision"]
    return decision


def test_everyone_reads_the_policy_in_force(api: Api) -> None:
    for who in ("ann", "lee", "aud", "ada"):
        response = api.client.get("/v1/policy", headers=api.headers(who))
        assert response.status_code == 200
        body = response.json()
        assert body["revision"] == "2026-11" and body["source"] == "default"
        assert body["yaml"] == DEFAULT and body["active"] is True
    assert api.client.get("/v1/policy").status_code == 401


def test_an_admin_saves_a_policy_and_the_next_check_follows_it(api: Api) -> None:
    ticket_id = _ticket(api)
    assert _decision(api.client, api.headers("ann"), ticket_id) == "allow"
    response = api.client.put("/v1/policy", headers=api.headers("ada"), json={"yaml": EDITED})
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["revision"] == "2026-12" and saved["source"] == "desk"
    assert saved["created_by"] == "ada"
    assert _decision(api.client, api.headers("ann"), ticket_id) == "block"
    health = api.client.get("/healthz").json()
    assert health["policy_revision"] == "2026-12"
    revisions = api.client.get("/v1/policy/revisions", headers=api.headers("lee")).json()
    assert [(r["revision"], r["active"]) for r in revisions] == [
        ("2026-12", True),
        ("2026-11", False),
    ]
    again = api.client.put("/v1/policy", headers=api.headers("ada"), json={"yaml": EDITED})
    assert again.json()["id"] == saved["id"]
    limited = api.client.get("/v1/policy/revisions?limit=1", headers=api.headers("lee")).json()
    assert len(limited) == 1


def test_only_an_admin_saves(api: Api) -> None:
    for who in ("lee", "ann", "aud"):
        response = api.client.put("/v1/policy", headers=api.headers(who), json={"yaml": EDITED})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert api.client.get("/v1/policy", headers=api.headers("ann")).json()["revision"] == "2026-11"


def test_a_policy_mistake_answers_422_with_its_line_and_field(api: Api) -> None:
    broken = EDITED.replace("first_response: 4h", "first_response: soon")
    response = api.client.put("/v1/policy", headers=api.headers("ada"), json={"yaml": broken})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_policy"
    assert error["field"] == "sla.first_response"
    assert error["line"] == broken[: broken.index("first_response")].count("\n") + 1
    assert "policy:" not in error["message"]  # the reason alone: the form shows the line
    syntax = api.client.put(
        "/v1/policy", headers=api.headers("ada"), json={"yaml": "sla:\n  first_response: [4h\n"}
    )
    assert syntax.status_code == 422 and syntax.json()["error"]["line"] == 3
    active = api.client.get("/v1/policy", headers=api.headers("ada")).json()
    assert active["revision"] == "2026-11"


def test_a_label_used_by_another_policy_is_refused(api: Api) -> None:
    reused = EDITED.replace('revision: "2026-12"', 'revision: "2026-11"')
    response = api.client.put("/v1/policy", headers=api.headers("ada"), json={"yaml": reused})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and error["field"] == "revision"
    assert "line" not in error


def test_an_invalid_body_is_refused_before_the_policy_is_read(api: Api) -> None:
    for body in ({}, {"yaml": ""}, {"yaml": "revision: x", "extra": 1}):
        response = api.client.put("/v1/policy", headers=api.headers("ada"), json=body)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "invalid_request"


def test_another_server_process_follows_after_its_refresh(
    api: Api, desk: Desk, clock: FakeClock
) -> None:
    ticket_id = _ticket(api)
    other = open_desk(desk.settings.database_url, clock)
    try:
        with TestClient(create_app(desk=other, scheduler=False)) as second:
            headers = api.headers("ann")
            assert _decision(second, headers, ticket_id) == "allow"
            saved = api.client.put("/v1/policy", headers=api.headers("ada"), json={"yaml": EDITED})
            assert saved.status_code == 200
            # Within its refresh interval the second process still judges with the old policy.
            assert _decision(second, headers, ticket_id) == "allow"
            other.in_force.refresh_s = 0
            assert _decision(second, headers, ticket_id) == "block"
            assert second.get("/healthz").json()["policy_revision"] == "2026-12"
    finally:
        other.close()
