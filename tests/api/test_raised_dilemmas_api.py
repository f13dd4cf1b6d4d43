"""/v1/dilemmas/raised through HTTP: raise, discuss, close with a decision that becomes a
policy clarification; roles and teams enforced; every step in the audit log."""

from __future__ import annotations

from typing import Any

from api_support import Api

RAISED = "/v1/dilemmas/raised"


def _ok(response: Any, expected: int = 200) -> Any:
    assert response.status_code == expected, response.text
    return response.json()


def test_a_raised_dilemma_from_ticket_to_policy_through_the_api(api: Api) -> None:
    client, ann, lee, oto, ada = (
        api.client,
        api.headers("ann"),
        api.headers("lee"),
        api.headers("oto"),
        api.headers("ada"),
    )
    ticket = _ok(
        client.post(
            "/v1/tickets",
            headers=ann,
            json={
                "customer": {"name": "Robin Shaw"},
                "text": "Could you put last week's date on my return form?",
            },
        ),
        201,
    )
    raised = _ok(
        client.post(
            RAISED,
            headers=ann,
            json={
                "title": "Backdating a return form",
                "situation": "Robin wants last week's date so the refund window applies.",
                "ticket_id": ticket["id"],
            },
        ),
        201,
    )
    url = f"{RAISED}/{raised['id']}"
    assert raised["situation"].startswith("[customer] wants") and raised["status"] == "open"
    # Another team: not found, whatever it tries; and not on its list.
    assert client.get(url, headers=oto).status_code == 404
    assert client.post(f"{url}/comments", headers=oto, json={"text": "x"}).status_code == 404
    assert _ok(client.get(RAISED, headers=oto)) == []
    # ... and no dilemma on a ticket it cannot see.
    other = client.post(
        RAISED, headers=oto, json={"title": "t", "situation": "s", "ticket_id": ticket["id"]}
    )
    assert other.status_code == 404

    _ok(client.post(f"{url}/comments", headers=lee, json={"text": "Dates mean something."}), 201)
    assert [d["comments"] for d in _ok(client.get(RAISED, headers=ann))] == [1]
    assert client.post(f"{url}/close", headers=ann, json={"decision": "No."}).status_code == 403
    closed = _ok(
        client.post(
            f"{url}/close",
            headers=lee,
            json={
                "decision": "We never backdate; we explain the window and what we can do.",
                "clarification": {
                    "kind": "never_say",
                    "phrase": "we can backdate it",
                    "reason": "A backdated form misleads whoever relies on its date.",
                },
                "revision": "with-backdating",
            },
        )
    )
    assert (closed["outcome"], closed["clarification_status"]) == ("policy", "proposed")
    assert client.post(f"{url}/comments", headers=ann, json={"text": "x"}).status_code == 409
    answer = {"apply": True}
    assert client.post(f"{url}/clarification", headers=lee, json=answer).status_code == 403
    applied = _ok(client.post(f"{url}/clarification", headers=ada, json=answer))
    assert applied["clarification_status"] == "applied"
    policy = _ok(client.get("/v1/policy", headers=ann))
    assert policy["id"] == applied["policy_revision_id"] and policy["revision"] == "with-backdating"
    assert "we can backdate it" in policy["yaml"]

    log = _ok(client.get("/v1/audit-log", headers=ada, params={"entity": "raised_dilemma"}))
    assert [(e["action"], e["actor"]) for e in reversed(log["items"])] == [
        ("create", "ann"),
        ("update", "lee"),
        ("update", "ada"),
    ]
    comments = _ok(client.get("/v1/audit-log", headers=ada, params={"entity": "dilemma_comment"}))
    assert [e["actor"] for e in comments["items"]] == ["lee"]


def test_closing_into_a_scenario_and_bad_requests(api: Api) -> None:
    client, ann, lee = api.client, api.headers("ann"), api.headers("lee")
    raised = _ok(
        client.post(RAISED, headers=ann, json={"title": "A gift", "situation": "Offered one."}),
        201,
    )
    url = f"{RAISED}/{raised['id']}"
    both = client.post(
        f"{url}/close",
        headers=lee,
        json={
            "decision": "d",
            "scenario": {"principles": ["honesty"], "customer_message": "A gift for you!"},
            "clarification": {"kind": "never_say", "phrase": "p", "reason": "r"},
        },
    )
    assert both.status_code == 422
    closed = _ok(
        client.post(
            f"{url}/close",
            headers=lee,
            json={
                "decision": "Thank them warmly and decline.",
                "scenario": {"principles": ["honesty"], "customer_message": "A gift for you!"},
            },
        )
    )
    scenario = _ok(client.get(f"/v1/scenarios/{closed['scenario_id']}", headers=ann))
    assert scenario["origin"] == f"dilemma {raised['id']}"
    assert client.get(f"{RAISED}/999999", headers=ann).status_code == 404
    assert client.post(RAISED, headers=ann, json={"title": "t"}).status_code == 422
    aud = client.post(RAISED, headers=api.headers("aud"), json={"title": "t", "situation": "s"})
    assert aud.status_code == 403
    # The shipped dilemmas are where they were.
    assert client.get("/v1/dilemmas", headers=ann).status_code == 200
