"""The integrations page: a lead connects the team's helpdesk and reads its webhook address;
secrets never come back into the page; agents are refused; a lead sees only their team's."""

from __future__ import annotations

from trustdesk.desk import integrations
from web_support import Web

TOKEN = "token-never-shown-again"


def _connect(web: Web, user: str, **extra: str) -> object:
    person = web.signed_in(user)
    person.get("/integrations")
    fields = {
        "vendor": "chatwoot",
        "name": "Website chat",
        "base_url": "https://chat.example.com",
        "account": "1",
        "api_token": TOKEN,
        "webhook_secret": "secret-never-shown-again",
        "scopes": "3, 4",
        "mode": "note_tag",
        **extra,
    }
    return person, person.post("/integrations", fields)


def test_a_lead_connects_a_helpdesk_and_reads_its_webhook_address(web: Web) -> None:
    lee, created = _connect(web, "lee")
    assert created.status_code == 201  # type: ignore[attr-defined]
    assert "Website chat connected" in created.text  # type: ignore[attr-defined]
    page = lee.get("/integrations")  # type: ignore[attr-defined]
    [view] = integrations.list_integrations(web.desk, web.staff.lead)
    assert view.hook_path in page.text
    assert view.scopes == ["3", "4"]
    assert TOKEN not in page.text and "secret-never-shown-again" not in page.text
    twin = lee.get("/integrations", headers={"Accept": "application/json"}).json()  # type: ignore[attr-defined]
    assert [i["name"] for i in twin["integrations"]] == ["Website chat"]
    assert TOKEN not in str(twin)


def test_a_mistake_is_shown_and_nothing_is_kept(web: Web) -> None:
    _, refused = _connect(web, "lee", base_url="chat.example.com")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "http(s)://host" in refused.text  # type: ignore[attr-defined]
    assert integrations.list_integrations(web.desk, web.staff.admin) == []


def test_a_lead_switches_an_integration_off(web: Web) -> None:
    lee, _ = _connect(web, "lee")
    [view] = integrations.list_integrations(web.desk, web.staff.lead)
    saved = lee.post(f"/integrations/{view.id}", {"mode": "note", "active": "false", "scopes": ""})  # type: ignore[attr-defined]
    assert saved.status_code == 303
    [after] = integrations.list_integrations(web.desk, web.staff.lead)
    assert (after.active, after.mode, after.scopes) == (False, "note", [])
    assert integrations.credentials(web.desk, web.staff.lead, view.id).api_token == TOKEN


def test_agents_are_refused_and_other_teams_see_nothing(web: Web) -> None:
    _connect(web, "ada", team="Billing", name="Billing chat")
    ann = web.signed_in("ann")
    assert ann.get("/integrations").status_code == 403
    lee = web.signed_in("lee")
    page = lee.get("/integrations")
    assert page.status_code == 200
    assert "Billing chat" not in page.text
    [theirs] = integrations.list_integrations(web.desk, web.staff.admin)
    lee.get("/integrations")
    assert (
        lee.post(f"/integrations/{theirs.id}", {"mode": "note", "active": "false"}).status_code
        == 404
    )


def test_dead_letters_are_listed_with_what_to_do(web: Web) -> None:
    from trustdesk.store.tables import DeadLetter, Delivery

    _connect(web, "lee")
    [view] = integrations.list_integrations(web.desk, web.staff.lead)
    now = web.desk.now()
    with web.desk.transaction() as session:
        delivery = Delivery(
            integration_id=view.id,
            team_id=view.team_id,
            dedupe_key="message:12012",
            event="message_created",
            conversation_ref="201",
            message_ref="12012",
            status="dead",
            attempts=5,
            next_attempt_at=now,
            findings=0,
            received_at=now,
        )
        session.add(delivery)
        session.flush()
        for delivery_id, kind in ((delivery.id, "note"), (None, "sync")):
            session.add(
                DeadLetter(
                    team_id=view.team_id,
                    integration_id=view.id,
                    delivery_id=delivery_id,
                    kind=kind,
                    detail={"conversation": "201", "message": "12012"},
                    error="chatwoot GET /api/v1/accounts/1/conversations/201: HTTP 503",
                    attempts=5,
                    created_at=now,
                )
            )
    page = web.signed_in("lee").get("/integrations")
    assert page.status_code == 200
    assert page.text.count("Send again") == 1
    assert "A stopped sync" in page.text
    assert "HTTP 503" in page.text
