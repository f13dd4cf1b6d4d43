"""Integrations are a team's own: configured by its lead (or an admin), their secrets stored
encrypted and never shown, and their deliveries and dead letters seen by no other team."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk_support import Staff
from trustdesk.desk import hook_letters, integrations
from trustdesk.desk.desk import Desk
from trustdesk.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)
from trustdesk.store.tables import DeadLetter, Delivery, Integration

TOKEN = "api-token-that-must-not-leak"
SECRET = "webhook-secret-that-must-not-leak"


def _connect(desk: Desk, staff: Staff, **extra: object) -> integrations.IntegrationView:
    fields: dict[str, object] = {
        "vendor": "chatwoot",
        "name": "Chatwoot",
        "base_url": "https://chat.example.com/",
        "account": "1",
        "api_token": TOKEN,
        "webhook_secret": SECRET,
        **extra,
    }
    return integrations.create_integration(desk, staff.lead, **fields)  # type: ignore[arg-type]


def test_secrets_are_stored_encrypted_and_never_shown(desk: Desk, staff: Staff) -> None:
    view = _connect(desk, staff)
    assert view.base_url == "https://chat.example.com"
    assert view.has_webhook_secret
    assert TOKEN not in view.model_dump_json() and SECRET not in view.model_dump_json()
    assert view.hook_path.startswith("/v1/hooks/chatwoot/")
    with desk.reading() as session:
        row = session.scalar(select(Integration))
        assert row is not None
        stored = f"{row.api_token_encrypted} {row.webhook_secret_encrypted}"
    assert TOKEN not in stored and SECRET not in stored
    found = integrations.credentials(desk, staff.lead, view.id)
    assert (found.api_token, found.webhook_secret) == (TOKEN, SECRET)


def test_a_secret_left_out_of_an_update_stays(desk: Desk, staff: Staff) -> None:
    view = _connect(desk, staff)
    integrations.update_integration(desk, staff.lead, view.id, mode="note_tag", api_token="")
    found = integrations.credentials(desk, staff.lead, view.id)
    assert (found.api_token, found.mode) == (TOKEN, "note_tag")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"base_url": "chat.example.com"}, "base_url"),
        ({"account": ""}, "account"),
        ({"vendor": "helpscout"}, "vendor"),
        ({"mode": "loud"}, "mode"),
        ({"api_token": "  "}, "api_token"),
    ],
)
def test_a_bad_setting_is_refused_naming_its_field(
    desk: Desk, staff: Staff, extra: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError) as refused:
        _connect(desk, staff, **extra)
    assert refused.value.field == field
    assert integrations.list_integrations(desk, staff.admin) == []


def test_two_integrations_of_a_team_cannot_share_a_name(desk: Desk, staff: Staff) -> None:
    _connect(desk, staff)
    with pytest.raises(ConflictError):
        _connect(desk, staff)


def test_agents_and_auditors_manage_no_integration(desk: Desk, staff: Staff) -> None:
    for who in (staff.agent, staff.auditor):
        with pytest.raises(PermissionDeniedError):
            integrations.list_integrations(desk, who)


def test_one_team_never_sees_another_teams_integrations_or_their_work(
    desk: Desk, staff: Staff
) -> None:
    ours = _connect(desk, staff)
    theirs = integrations.create_integration(
        desk,
        staff.admin,
        vendor="zendesk",
        name="Billing Zendesk",
        base_url="https://billing.zendesk.example",
        account="bot@example.com",
        api_token="t",
        team="Billing",
    )
    assert theirs.team_id == staff.other_agent.team_id
    now = desk.now()
    with desk.transaction() as session:
        for view in (ours, theirs):
            delivery = Delivery(
                integration_id=view.id,
                team_id=view.team_id,
                dedupe_key="message:1",
                event="message_created",
                conversation_ref="7",
                status="dead",
                attempts=5,
                next_attempt_at=now,
                findings=0,
                received_at=now,
            )
            session.add(delivery)
            session.flush()
            session.add(
                DeadLetter(
                    team_id=view.team_id,
                    integration_id=view.id,
                    delivery_id=delivery.id,
                    kind="note",
                    error="HTTP 503",
                    attempts=5,
                    created_at=now,
                )
            )

    assert [i.id for i in integrations.list_integrations(desk, staff.lead)] == [ours.id]
    assert {d.integration_id for d in hook_letters.list_deliveries(desk, staff.lead)} == {ours.id}
    letters = hook_letters.list_dead_letters(desk, staff.lead)
    assert {letter.integration_id for letter in letters} == {ours.id}
    with pytest.raises(NotFoundError):
        integrations.get_integration(desk, staff.lead, theirs.id)
    with pytest.raises(NotFoundError):
        integrations.update_integration(desk, staff.lead, theirs.id, active=False)
    their_letter = hook_letters.list_dead_letters(desk, staff.admin)[0]
    assert their_letter.integration_id == theirs.id
    with pytest.raises(NotFoundError):
        hook_letters.send_again(desk, staff.lead, their_letter.id)
    # Admins see every team's.
    assert len(integrations.list_integrations(desk, staff.admin)) == 2
    assert len(hook_letters.list_dead_letters(desk, staff.admin)) == 2


def test_a_lead_cannot_give_an_integration_to_another_team(desk: Desk, staff: Staff) -> None:
    with pytest.raises(InputError):
        _connect(desk, staff, team="Billing")


def test_a_freshdesk_secret_must_be_too_long_to_guess(desk: Desk, staff: Staff) -> None:
    # Freshdesk signs nothing: the secret itself is what each delivery carries.
    freshdesk = {"vendor": "freshdesk", "name": "Freshdesk", "account": None}
    with pytest.raises(InputError) as refused:
        _connect(
            desk, staff, **freshdesk, webhook_secret="x" * (integrations.MIN_SHARED_SECRET - 1)
        )
    assert refused.value.field == "webhook_secret"
    assert integrations.list_integrations(desk, staff.admin) == []

    view = _connect(desk, staff, **freshdesk, webhook_secret="x" * integrations.MIN_SHARED_SECRET)
    assert view.hook_path.startswith("/v1/hooks/freshdesk/") and view.has_webhook_secret
    with pytest.raises(InputError) as refused:
        integrations.update_integration(desk, staff.lead, view.id, webhook_secret="short")
    assert refused.value.field == "webhook_secret"
    found = integrations.credentials(desk, staff.lead, view.id)
    assert found.webhook_secret == "x" * integrations.MIN_SHARED_SECRET
    # The vendors that sign keep their own secrets as the vendor makes them.
    _connect(desk, staff, name="Chatwoot 2", webhook_secret="short")
