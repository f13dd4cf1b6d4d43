"""Asking a lead over the API: an agent sends a draft for review, a lead of the team answers
it once; other teams do not see it (404) and agents cannot answer (403)."""

from __future__ import annotations

from api_support import Api

BLOCKED = "Please send me your password so I can check the account."
GOOD = "Sorry for the wait. I have asked the courier and I will email you by 4pm tomorrow."
NOTE = "We never ask for passwords; verified by e-mail instead."


def _ticket(api: Api, who: str = "ann") -> int:
    response = api.client.post(
        "/v1/tickets", headers=api.headers(who), json={"text": "Where is my parcel?"}
    )
    assert response.status_code == 201
    ticket_id: int = response.json()["id"]
    return ticket_id


def _ask(api: Api, ticket_id: int, who: str = "ann") -> dict[str, object]:
    response = api.client.post(
        f"/v1/tickets/{ticket_id}/lead-requests",
        headers=api.headers(who),
        json={"text": BLOCKED, "note": "How do I verify the customer?"},
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_an_agent_asks_and_a_lead_sends_the_edited_reply(api: Api) -> None:
    ticket_id = _ticket(api)
    refused = api.client.post(
        f"/v1/tickets/{ticket_id}/replies", headers=api.headers("ann"), json={"text": BLOCKED}
    )
    assert refused.status_code == 422
    asked = _ask(api, ticket_id)
    assert asked["status"] == "pending" and asked["decision"] == "block"
    assert asked["requested_by"] == "ann" and asked["ticket_id"] == ticket_id

    queue = api.client.get("/v1/lead-requests", headers=api.headers("lee")).json()
    assert [r["id"] for r in queue] == [asked["id"]]
    answered = api.client.post(
        f"/v1/lead-requests/{asked['id']}/answer",
        headers=api.headers("lee"),
        json={"send": True, "text": GOOD, "note": NOTE},
    )
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["status"] == "sent" and body["resolved_by"] == "lee"
    ticket = api.client.get(f"/v1/tickets/{ticket_id}", headers=api.headers("ann")).json()
    assert ticket["messages"][-1]["id"] == body["sent_message_id"]
    assert ticket["messages"][-1]["text"] == GOOD
    assert api.client.get("/v1/lead-requests", headers=api.headers("lee")).json() == []
    sent = api.client.get("/v1/lead-requests?status=sent", headers=api.headers("ann")).json()
    assert [r["id"] for r in sent] == [asked["id"]]


def test_answering_twice_is_409(api: Api) -> None:
    asked = _ask(api, _ticket(api))
    url = f"/v1/lead-requests/{asked['id']}/answer"
    first = api.client.post(url, headers=api.headers("lee"), json={"send": False, "note": NOTE})
    assert first.status_code == 200 and first.json()["status"] == "declined"
    again = api.client.post(url, headers=api.headers("ada"), json={"send": True, "note": NOTE})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


def test_an_agent_cannot_answer(api: Api) -> None:
    asked = _ask(api, _ticket(api))
    response = api.client.post(
        f"/v1/lead-requests/{asked['id']}/answer",
        headers=api.headers("ann"),
        json={"send": True, "note": NOTE},
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_another_team_sees_nothing(api: Api) -> None:
    ticket_id = _ticket(api)
    asked = _ask(api, ticket_id)
    response = api.client.post(
        f"/v1/tickets/{ticket_id}/lead-requests",
        headers=api.headers("oto"),
        json={"text": BLOCKED},
    )
    assert response.status_code == 404
    assert api.client.get("/v1/lead-requests", headers=api.headers("oto")).json() == []
    scoped = api.client.get(f"/v1/lead-requests?ticket_id={ticket_id}", headers=api.headers("oto"))
    assert scoped.status_code == 404
    everything = api.client.get("/v1/lead-requests?status=all", headers=api.headers("aud"))
    assert [r["id"] for r in everything.json()] == [asked["id"]]


def test_bad_answers_name_their_field(api: Api) -> None:
    asked = _ask(api, _ticket(api))
    url = f"/v1/lead-requests/{asked['id']}/answer"
    for body, field in (
        ({"send": True}, "note"),
        ({"send": True, "note": "ok"}, "note"),
        ({"send": False, "text": GOOD, "note": NOTE}, "text"),
        ({"send": True, "text": "   ", "note": NOTE}, "text"),
    ):
        response = api.client.post(url, headers=api.headers("lee"), json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["field"] == field
    missing = api.client.post(
        "/v1/lead-requests/424242/answer",
        headers=api.headers("lee"),
        json={"send": True, "note": NOTE},
    )
    assert missing.status_code == 404
    pending = api.client.get("/v1/lead-requests", headers=api.headers("lee")).json()
    assert [r["id"] for r in pending] == [asked["id"]]
