"""The desk end to end over HTTP, as the README walks through it: sign in, open a ticket, get a
reply blocked, send a warned one with a reason, watch its promise go overdue, export and erase."""

from __future__ import annotations

from api_support import Api
from desk_support import FakeClock

PASSWORD_REPLY = "Thanks! Could you confirm your password so I can check the account?"
VAGUE_REPLY = "I'm sorry your parcel is late. We'll get back to you soon."


def test_a_day_at_the_desk(api: Api, clock: FakeClock) -> None:
    client = api.client
    signed_in = client.post("/v1/sessions", json={"username": "ann", "password": "ann-password-1"})
    assert signed_in.status_code == 201
    agent = {"Authorization": f"Bearer {signed_in.json()['token']}"}

    created = client.post(
        "/v1/tickets",
        headers=agent,
        json={
            "customer": {
                "external_id": "cus-42",
                "name": "Robin Shaw",
                "segment": {"tier": "gold"},
            },
            "text": "My parcel is a week late. Where is it?",
            "channel": "chat",
            "external_id": "hd-1",
        },
    )
    assert created.status_code == 201, created.text
    ticket = created.json()
    assert ticket["status"] == "open" and ticket["messages"][0]["role"] == "customer"

    blocked = client.post(
        f"/v1/tickets/{ticket['id']}/replies", headers=agent, json={"text": PASSWORD_REPLY}
    )
    assert blocked.status_code == 422
    error = blocked.json()["error"]
    assert error["code"] == "reply_blocked"
    [finding] = [f for f in error["verdict"]["findings"] if f["check"] == "privacy.secret_request"]
    assert finding["quote"] == "Could you confirm your password" and finding["suggestion"]

    warned = client.post(
        f"/v1/tickets/{ticket['id']}/replies", headers=agent, json={"text": VAGUE_REPLY}
    )
    assert warned.status_code == 409
    assert warned.json()["error"]["code"] == "override_reason_required"
    sent = client.post(
        f"/v1/tickets/{ticket['id']}/replies",
        headers=agent,
        json={"text": VAGUE_REPLY, "override_reason": "Courier has not given us a date yet"},
    )
    assert sent.status_code == 201, sent.text
    reply = sent.json()
    assert reply["verdict"]["decision"] == "warn"
    assert reply["message"]["override_reason"] == "Courier has not given us a date yet"
    [promise] = reply["commitments_created"]
    # "soon" is no time: the promise is untimed, due by the update SLA for the record...
    assert promise["status"] == "untimed" and promise["due_from_sla"]

    assert client.get("/v1/commitments/overdue", headers=agent).json()["items"] == []
    clock.advance(days=4)
    # Four days on, the sign-in has expired: the agent signs in again.
    assert client.get("/v1/commitments/overdue", headers=agent).status_code == 401
    again = client.post("/v1/sessions", json={"username": "ann", "password": "ann-password-1"})
    agent = {"Authorization": f"Bearer {again.json()['token']}"}
    # ... and the customer's wait for the update it promised is past the SLA.
    summary = client.get("/v1/tickets", headers=agent).json()["items"][0]
    assert summary["state"] == "open" and summary["waiting_past_sla"]
    assert summary["waiting_since"] == reply["message"]["at"]
    counts = client.get("/v1/commitments/counts", headers=agent).json()
    assert (counts["made"], counts["untimed"], counts["overdue"]) == (1, 1, 0)

    admin = {"Authorization": "Bearer " + _sign_in(api, "ada")}
    customer_id = ticket["customer_id"]
    assert client.get(f"/v1/customers/{customer_id}/export", headers=agent).status_code == 403
    exported = client.get(f"/v1/customers/{customer_id}/export", headers=admin).json()
    assert exported["customer"]["name"] == "Robin Shaw"
    assert len(exported["tickets"][0]["messages"]) == 2
    erased = client.post(f"/v1/customers/{customer_id}/erase", headers=admin)
    assert erased.status_code == 200 and erased.json()["name"] is None
    after = client.get(f"/v1/tickets/{ticket['id']}", headers=admin).json()
    assert {m["text"] for m in after["messages"]} == {"[erased]"}
    auditor = {"Authorization": "Bearer " + _sign_in(api, "aud")}
    log = client.get("/v1/audit-log", headers=auditor).json()["items"]
    assert {"erase", "export", "read", "send", "sign_in"} <= {e["action"] for e in log}


def test_a_lead_overrides_a_block_with_a_reason(api: Api) -> None:
    client = api.client
    ticket = client.post(
        "/v1/tickets", headers=api.headers("ann"), json={"text": "I forgot my login."}
    ).json()
    url = f"/v1/tickets/{ticket['id']}/replies"
    body = {"text": PASSWORD_REPLY, "override_reason": "Internal test account, no real data"}
    assert client.post(url, headers=api.headers("ann"), json=body).status_code == 403
    sent = client.post(url, headers=api.headers("lee"), json=body)
    assert sent.status_code == 201 and sent.json()["message"]["decision"] == "block"


def test_surveys_are_answered_without_signing_in(api: Api) -> None:
    client = api.client
    agent = api.headers("ann")
    ticket = client.post("/v1/tickets", headers=agent, json={"text": "Where is my parcel?"}).json()
    client.patch(f"/v1/tickets/{ticket['id']}", headers=agent, json={"status": "resolved"})
    link = client.get(f"/v1/tickets/{ticket['id']}/survey", headers=agent).json()
    form = client.get(f"/v1/public/surveys/{link['token']}")
    assert form.status_code == 200 and form.json()["answered"] is False
    answer = {"satisfaction": 5, "treated_fairly": True, "comment": "Thanks!"}
    assert client.post(f"/v1/public/surveys/{link['token']}", json=answer).status_code == 201
    assert client.post(f"/v1/public/surveys/{link['token']}", json=answer).status_code == 409
    assert client.get("/v1/public/surveys/not-a-valid-token").status_code == 404
    results = client.get("/v1/surveys", headers=api.headers("lee")).json()
    assert results[0]["satisfaction"] == 5


def _sign_in(api: Api, username: str) -> str:
    body = {"username": username, "password": f"{username}-password-1"}
    token: str = api.client.post("/v1/sessions", json=body).json()["token"]
    return token
