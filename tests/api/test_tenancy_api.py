"""Tenancy over HTTP: another team's external ids name nothing, their records are neither read
nor changed, and a user without a team sees nothing until an admin gives them one.

Support (ann, lee) is the team whose data must stay put; Billing (oto) reuses its ids.
"""

from __future__ import annotations

from typing import Any

from api_support import Api

SUPPORT_CUSTOMER = {
    "external_id": "cus-7",
    "name": "Robin Shaw",
    "email": "robin@example.org",
    "segment": {"tier": "gold"},
}


def _support_ticket(api: Api) -> dict[str, Any]:
    created = api.client.post(
        "/v1/tickets",
        headers=api.headers("ann"),
        json={
            "customer": SUPPORT_CUSTOMER,
            "text": "My parcel to 12 Elm Street has not arrived. Where is it?",
            "external_id": "hd-100",
        },
    )
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


def _as_support_sees_it(api: Api, ticket_id: int) -> dict[str, Any]:
    ticket = api.client.get(f"/v1/tickets/{ticket_id}", headers=api.headers("ann")).json()
    customer = api.client.get(
        f"/v1/customers/{ticket['customer_id']}", headers=api.headers("ann")
    ).json()
    return {"ticket": _content(ticket), "customer": customer}


def _content(ticket: dict[str, Any]) -> dict[str, Any]:
    return {key: ticket[key] for key in ("subject", "status", "customer", "messages", "team_id")}


def test_another_teams_customer_external_id_neither_reads_nor_overwrites(api: Api) -> None:
    support = _support_ticket(api)
    before = _as_support_sees_it(api, support["id"])
    created = api.client.post(
        "/v1/tickets",
        headers=api.headers("oto"),
        json={
            "customer": {"external_id": "cus-7", "name": "Mallory", "email": "m@evil.example"},
            "text": "x",
        },
    )
    assert created.status_code == 201, created.text
    billing = created.json()
    # Billing's cus-7 is Billing's own customer, holding only what Billing gave.
    assert billing["customer_id"] != support["customer_id"]
    assert billing["customer"]["name"] == "Mallory"
    body = api.client.get(
        f"/v1/customers/{billing['customer_id']}", headers=api.headers("oto")
    ).text
    assert "Robin" not in body and "robin@example.org" not in body and "gold" not in body
    assert (
        api.client.get(
            f"/v1/customers/{support['customer_id']}", headers=api.headers("oto")
        ).status_code
        == 404
    )
    assert _as_support_sees_it(api, support["id"]) == before


def test_another_teams_ticket_external_id_is_not_found_without_its_id(api: Api) -> None:
    support = _support_ticket(api)
    before = _as_support_sees_it(api, support["id"])
    reused = api.client.post(
        "/v1/tickets",
        headers=api.headers("oto"),
        json={"customer": {"external_id": "cus-9"}, "text": "x", "external_id": "hd-100"},
    )
    # Billing's hd-100 is a ticket of Billing's own; nothing says Support has one.
    assert reused.status_code == 201, reused.text
    assert reused.json()["id"] != support["id"]
    assert reused.json()["team_id"] != support["team_id"]
    assert f"ticket {support['id']}" not in reused.text
    again = api.client.post(
        "/v1/tickets",
        headers=api.headers("oto"),
        json={"customer": {"external_id": "cus-9"}, "text": "x", "external_id": "hd-100"},
    )
    assert again.status_code == 200 and again.json()["id"] == reused.json()["id"]
    assert _as_support_sees_it(api, support["id"]) == before


def test_an_import_never_appends_to_another_teams_ticket(api: Api) -> None:
    support = _support_ticket(api)
    before = _as_support_sees_it(api, support["id"])
    conversation = {
        "id": "hd-100",
        "customer": {"id": "cus-7"},
        "messages": [
            {
                "id": "m-evil",
                "role": "agent",
                "author": "agent:lee",
                "text": "Hello again, please confirm your password so I can check.",
            }
        ],
    }
    imported = api.client.post(
        "/v1/conversations", headers=api.headers("oto"), json={"conversations": [conversation]}
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["tickets_created"] == 1
    assert _as_support_sees_it(api, support["id"]) == before
    [own] = api.client.get("/v1/tickets", headers=api.headers("oto")).json()["items"]
    assert own["external_id"] == "hd-100" and own["id"] != support["id"]


def test_a_user_without_a_team_sees_nothing_until_an_admin_assigns_one(api: Api) -> None:
    support = _support_ticket(api)
    admin = api.headers("ada")
    for username, role in (("nat", "agent"), ("nell", "lead")):
        made = api.client.post(
            "/v1/users",
            headers=admin,
            json={"username": username, "password": "a-long-password", "role": role},
        )
        assert made.status_code == 201, made.text
        token = api.client.post(
            "/v1/sessions", json={"username": username, "password": "a-long-password"}
        ).json()["token"]
        teamless = {"Authorization": f"Bearer {token}"}
        assert api.client.get("/v1/tickets", headers=teamless).json()["items"] == []
        assert api.client.get(f"/v1/tickets/{support['id']}", headers=teamless).status_code == 404
        customer = api.client.get(f"/v1/customers/{support['customer_id']}", headers=teamless)
        assert customer.status_code == 404
        assert api.client.get("/v1/commitments", headers=teamless).json()["items"] == []
        refused = api.client.post(
            "/v1/tickets", headers=teamless, json={"customer": {}, "text": "hello"}
        )
        assert refused.status_code == 403
        assert "team" in refused.json()["error"]["message"]
        one = {"id": "c-1", "messages": [{"id": "m-1", "role": "customer", "text": "hi"}]}
        imported = api.client.post(
            "/v1/conversations", headers=teamless, json={"conversations": [one]}
        )
        assert imported.status_code == 403

        assigned = api.client.patch(
            f"/v1/users/{made.json()['id']}", headers=admin, json={"team": "Support"}
        )
        assert assigned.status_code == 200, assigned.text
        assert assigned.json()["team_id"] == support["team_id"]
        [seen] = api.client.get("/v1/tickets", headers=teamless).json()["items"]
        assert seen["id"] == support["id"]


def test_only_an_admin_assigns_teams(api: Api) -> None:
    me = api.client.get("/v1/me", headers=api.headers("ann")).json()
    moved = api.client.patch(
        f"/v1/users/{me['id']}", headers=api.headers("lee"), json={"team": "Billing"}
    )
    assert moved.status_code == 403
    unknown = api.client.patch(
        "/v1/users/999999", headers=api.headers("ada"), json={"team": "Billing"}
    )
    assert unknown.status_code == 404


def test_admins_and_auditors_read_across_teams(api: Api) -> None:
    support = _support_ticket(api)
    for username in ("ada", "aud"):
        seen = api.client.get(f"/v1/tickets/{support['id']}", headers=api.headers(username))
        assert seen.status_code == 200
