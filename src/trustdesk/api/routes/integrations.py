"""Helpdesk integrations (admins, and leads for their own team): connect a helpdesk, change or
switch it off, read its deliveries and the dead letters, and send a dead letter again."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from trustdesk.api.deps import ActorDep, DeskDep, PathId, QueryId
from trustdesk.desk import hook_letters, integrations
from trustdesk.desk.hook_letters import DeadLetterView, DeliveryView
from trustdesk.desk.integrations import IntegrationView

router = APIRouter(prefix="/v1", tags=["integrations"])

Secret = Annotated[str, Field(min_length=1, max_length=500)]


class IntegrationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vendor: Literal["chatwoot", "zendesk", "freshdesk", "intercom"]
    name: str = Field(min_length=1, max_length=120)
    base_url: str = Field(min_length=1, max_length=500, examples=["https://support.example.com"])
    account: str | None = Field(
        default=None,
        max_length=200,
        description="Chatwoot: the account id. Zendesk: the e-mail of the agent the API token "
        "belongs to. Intercom: the id of the admin notes are written as. Freshdesk: nothing.",
    )
    api_token: Secret
    webhook_secret: str | None = Field(
        default=None,
        max_length=500,
        description="The secret the helpdesk signs its webhooks with (stored encrypted). "
        "Freshdesk, which signs nothing: a secret you make up (at least 24 characters) and give "
        "its automation rule as the X-Trustdesk-Secret header.",
    )
    scopes: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list,
        max_length=200,
        description="Chatwoot inbox ids, Zendesk or Freshdesk group ids, or Intercom team ids "
        "to watch (empty: every one).",
    )
    mode: Literal["note", "note_tag"] = "note"
    team: str | None = Field(
        default=None, max_length=120, description="Admins: the team whose helpdesk this is."
    )


class IntegrationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base_url: str | None = Field(default=None, min_length=1, max_length=500)
    account: str | None = Field(default=None, max_length=200)
    api_token: Secret | None = None
    webhook_secret: Secret | None = None
    scopes: list[Annotated[str, Field(max_length=100)]] | None = Field(default=None, max_length=200)
    mode: Literal["note", "note_tag"] | None = None
    active: bool | None = None


@router.get("/integrations", response_model=list[IntegrationView])
def list_integrations(desk: DeskDep, actor: ActorDep) -> list[IntegrationView]:
    """The integrations of your team (admins: of every team). Secrets are never shown."""
    return integrations.list_integrations(desk, actor)


@router.post("/integrations", response_model=IntegrationView, status_code=201)
def create_integration(body: IntegrationCreate, desk: DeskDep, actor: ActorDep) -> IntegrationView:
    """Connect a helpdesk; its webhook address is `hook_path` below the desk's public URL."""
    return integrations.create_integration(desk, actor, **body.model_dump())


@router.get("/hook-deliveries", response_model=list[DeliveryView])
def list_deliveries(
    desk: DeskDep,
    actor: ActorDep,
    integration_id: QueryId = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[DeliveryView]:
    """The replies your helpdesks reported, newest first, and what came of each."""
    return hook_letters.list_deliveries(desk, actor, integration_id=integration_id, limit=limit)


@router.get("/dead-letters", response_model=list[DeadLetterView])
def list_dead_letters(
    desk: DeskDep,
    actor: ActorDep,
    resolved: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[DeadLetterView]:
    """Work the desk gave up on (after its retries, or at once when a retry cannot help)."""
    return hook_letters.list_dead_letters(desk, actor, resolved=resolved, limit=limit)


@router.post("/dead-letters/{letter_id}/retry", response_model=DeliveryView)
def retry_dead_letter(letter_id: PathId, desk: DeskDep, actor: ActorDep) -> DeliveryView:
    """Send a dead letter's work again, now; the delivery as it stands afterwards."""
    return hook_letters.send_again(desk, actor, letter_id)


@router.get("/integrations/{integration_id}", response_model=IntegrationView)
def get_integration(integration_id: PathId, desk: DeskDep, actor: ActorDep) -> IntegrationView:
    return integrations.get_integration(desk, actor, integration_id)


@router.patch("/integrations/{integration_id}", response_model=IntegrationView)
def update_integration(
    integration_id: PathId, body: IntegrationUpdate, desk: DeskDep, actor: ActorDep
) -> IntegrationView:
    """Change an integration; secrets left out stay as they are."""
    return integrations.update_integration(
        desk, actor, integration_id, **body.model_dump(exclude_unset=True)
    )
