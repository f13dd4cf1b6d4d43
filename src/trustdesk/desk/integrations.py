"""Helpdesk integrations, configured in the desk: which helpdesk, where its API is, how to sign
in to it, which inboxes or groups to watch, and what to post back (a private note, or the
note and a tag). An integration belongs to one team: its replies are imported into that team's
tickets, and only that team's leads (and admins, who see every team) see it, its deliveries and
its dead letters.

API tokens and webhook secrets are stored encrypted (Fernet) with a key derived from the desk's
secret key (TRUSTDESK_SECRET_KEY, or the key the desk generated and keeps in its database), and
never handed back: a view says only whether one is set.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.auth import ensure_team
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission, Role
from trustdesk.desk.surveys import signing_key
from trustdesk.desk.tenancy import cross_team, may_see
from trustdesk.errors import ConflictError, InputError, NotFoundError
from trustdesk.store.tables import Integration

VENDORS = ("chatwoot", "zendesk", "freshdesk", "intercom")
# Those whose webhooks the desk receives (every one can be pulled with `trustdesk sync` too).
WEBHOOK_VENDORS = ("chatwoot", "zendesk", "intercom", "freshdesk")
# Freshdesk signs nothing: the secret the admin makes up is itself the proof a delivery
# carries, so it must be too long to guess (e.g. 32 hex digits from `openssl rand -hex 16`).
MIN_SHARED_SECRET = 24
MODES = ("note", "note_tag")
MAX_SCOPES = 200


class IntegrationView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    team_id: int
    vendor: str
    name: str
    base_url: str
    account: str | None
    scopes: list[str]
    mode: str
    active: bool
    # Where the vendor sends its webhooks (below the desk's public URL).
    hook_path: str
    has_webhook_secret: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Credentials:
    """An integration as the code that calls the vendor needs it (secrets decrypted)."""

    id: int
    team_id: int
    vendor: str
    name: str
    base_url: str
    account: str | None
    api_token: str
    webhook_secret: str | None
    scopes: tuple[str, ...]
    mode: str
    active: bool

    def actor(self) -> Actor:
        """Who the integration's imports act as: a lead of its team (they may write)."""
        return Actor(
            user_id=None, username=f"integration:{self.name}", role=Role.LEAD, team_id=self.team_id
        )


def _fernet(desk: Desk) -> Fernet:
    """The key, from the desk's secret key (read, or made, in a transaction of its own: call
    this before a use case opens its own, as every function here does)."""
    key = hashlib.sha256(b"trustdesk integrations\0" + signing_key(desk).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def prepare_keys(desk: Desk) -> None:
    """Make sure the encryption key is at hand before a transaction reads credentials."""
    _fernet(desk)


def _encrypt(desk: Desk, value: str) -> str:
    return _fernet(desk).encrypt(value.encode()).decode("ascii")


def _decrypt(desk: Desk, value: str, what: str) -> str:
    try:
        return _fernet(desk).decrypt(value.encode("ascii")).decode()
    except InvalidToken:
        raise ConflictError(
            f"the integration's {what} cannot be read with the desk's secret key (was "
            "TRUSTDESK_SECRET_KEY changed?): enter it again"
        ) from None


def _view(row: Integration) -> IntegrationView:
    return IntegrationView(
        id=row.id,
        team_id=row.team_id,
        vendor=row.vendor,
        name=row.name,
        base_url=row.base_url,
        account=row.account,
        scopes=[str(s) for s in row.scopes],
        mode=row.mode,
        active=row.active,
        hook_path=f"/v1/hooks/{row.vendor}/{row.hook_key}",
        has_webhook_secret=row.webhook_secret_encrypted is not None,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _valid_url(value: str) -> str:
    url = value.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError("give the helpdesk's address as http(s)://host", field="base_url")
    return url


def _valid_scopes(scopes: list[str] | None) -> list[str]:
    kept = [s.strip() for s in scopes or [] if s and s.strip()]
    if len(kept) > MAX_SCOPES or any(len(s) > 100 for s in kept):
        raise InputError(f"at most {MAX_SCOPES} inbox or group ids", field="scopes")
    return kept


def _valid_choice(value: str, choices: tuple[str, ...], field: str) -> str:
    if value not in choices:
        raise InputError(f"choose one of {', '.join(choices)}", field=field)
    return value


def _valid_secret(vendor: str, secret: str) -> str:
    """The webhook secret, stripped; a secret of Freshdesk's (one the admin makes up, which
    the rule sends as it is) must be long enough not to be guessed."""
    secret = secret.strip()
    if vendor == "freshdesk" and len(secret) < MIN_SHARED_SECRET:
        raise InputError(
            f"a Freshdesk webhook secret is sent as it is and must be at least "
            f"{MIN_SHARED_SECRET} characters (e.g. the output of `openssl rand -hex 16`)",
            field="webhook_secret",
        )
    return secret


def _needs_account(vendor: str, account: str | None) -> str | None:
    account = (account or "").strip() or None
    if account is None and vendor in ("chatwoot", "zendesk"):
        need = "the Chatwoot account id" if vendor == "chatwoot" else "the agent's e-mail"
        raise InputError(f"a {vendor} integration needs {need}", field="account")
    return account


def create_integration(
    desk: Desk,
    actor: Actor,
    *,
    vendor: str,
    name: str,
    base_url: str,
    account: str | None,
    api_token: str,
    webhook_secret: str | None = None,
    scopes: list[str] | None = None,
    mode: str = "note",
    team: str | None = None,
) -> IntegrationView:
    """Connect a helpdesk for the actor's team (an admin names the team)."""
    actor.require(Permission.MANAGE_INTEGRATIONS)
    vendor = _valid_choice(vendor, VENDORS, "vendor")
    mode = _valid_choice(mode, MODES, "mode")
    name = name.strip()
    if not name or len(name) > 120:
        raise InputError("an integration needs a name of 1 to 120 characters", field="name")
    if not api_token.strip():
        raise InputError("an integration needs the helpdesk's API token", field="api_token")
    team_id = _team_for(desk, actor, team)
    _fernet(desk)
    now = desk.now()
    with desk.transaction() as session:
        taken = session.scalar(
            select(Integration).where(Integration.team_id == team_id, Integration.name == name)
        )
        if taken is not None:
            raise ConflictError(f"the team has an integration called {name!r} already")
        row = Integration(
            team_id=team_id,
            vendor=vendor,
            name=name,
            base_url=_valid_url(base_url),
            account=_needs_account(vendor, account),
            api_token_encrypted=_encrypt(desk, api_token.strip()),
            webhook_secret_encrypted=_encrypt(desk, _valid_secret(vendor, webhook_secret))
            if webhook_secret and webhook_secret.strip()
            else None,
            hook_key=secrets.token_urlsafe(24),
            scopes=_valid_scopes(scopes),
            mode=mode,
            active=True,
            created_at=now,
            updated_at=now,
            created_by_user_id=actor.user_id,
        )
        session.add(row)
        session.flush()
        audit_log.record(session, desk, actor, "create", "integration", row.id, vendor=vendor)
        return _view(row)


def _team_for(desk: Desk, actor: Actor, team: str | None) -> int:
    if team and team.strip():
        if not cross_team(actor):
            raise InputError("only an admin chooses the team of an integration", field="team")
        return ensure_team(desk, team.strip())
    if actor.team_id is None:
        raise InputError("name the team whose helpdesk this is", field="team")
    return actor.team_id


def update_integration(
    desk: Desk,
    actor: Actor,
    integration_id: int,
    *,
    base_url: str | None = None,
    account: str | None = None,
    api_token: str | None = None,
    webhook_secret: str | None = None,
    scopes: list[str] | None = None,
    mode: str | None = None,
    active: bool | None = None,
) -> IntegrationView:
    """Change what is given; a secret left out (None or empty) stays as it was."""
    actor.require(Permission.MANAGE_INTEGRATIONS)
    _fernet(desk)
    with desk.transaction() as session:
        row = _load(session, actor, integration_id)
        if base_url is not None:
            row.base_url = _valid_url(base_url)
        if account is not None:
            row.account = _needs_account(row.vendor, account)
        if api_token and api_token.strip():
            row.api_token_encrypted = _encrypt(desk, api_token.strip())
        if webhook_secret and webhook_secret.strip():
            row.webhook_secret_encrypted = _encrypt(desk, _valid_secret(row.vendor, webhook_secret))
        if scopes is not None:
            row.scopes = _valid_scopes(scopes)
        if mode is not None:
            row.mode = _valid_choice(mode, MODES, "mode")
        if active is not None:
            row.active = active
        row.updated_at = desk.now()
        audit_log.record(session, desk, actor, "update", "integration", row.id)
        return _view(row)


def list_integrations(desk: Desk, actor: Actor) -> list[IntegrationView]:
    actor.require(Permission.MANAGE_INTEGRATIONS)
    with desk.reading() as session:
        query = select(Integration).order_by(Integration.id)
        if not cross_team(actor):
            query = query.where(Integration.team_id == actor.team_id)
        return [_view(row) for row in session.scalars(query)]


def get_integration(desk: Desk, actor: Actor, integration_id: int) -> IntegrationView:
    actor.require(Permission.MANAGE_INTEGRATIONS)
    with desk.reading() as session:
        return _view(_load(session, actor, integration_id))


def _load(session: Session, actor: Actor, integration_id: int) -> Integration:
    """The integration if the actor may see it: otherwise NotFound (never Forbidden), so
    another team's integrations are not confirmed to exist."""
    row = session.get(Integration, integration_id)
    if row is None or not may_see(actor, row.team_id):
        raise NotFoundError(f"no integration {integration_id}")
    return row


def credentials_of(desk: Desk, row: Integration) -> Credentials:
    """The integration with its secrets decrypted (`_fernet` must have run before the
    caller's transaction)."""
    secret = row.webhook_secret_encrypted
    return Credentials(
        id=row.id,
        team_id=row.team_id,
        vendor=row.vendor,
        name=row.name,
        base_url=row.base_url,
        account=row.account,
        api_token=_decrypt(desk, row.api_token_encrypted, "API token"),
        webhook_secret=_decrypt(desk, secret, "webhook secret") if secret else None,
        scopes=tuple(str(s) for s in row.scopes),
        mode=row.mode,
        active=row.active,
    )


def credentials(desk: Desk, actor: Actor, integration_id: int) -> Credentials:
    """An integration the actor may use, with its secrets (for a pull sync)."""
    actor.require(Permission.MANAGE_INTEGRATIONS)
    _fernet(desk)
    with desk.reading() as session:
        return credentials_of(desk, _load(session, actor, integration_id))


def find_integration(desk: Desk, actor: Actor, vendor: str, name: str | None) -> int:
    """The id of the actor's integration of `vendor` called `name` (or its only one)."""
    with desk.reading() as session:
        query = select(Integration).where(Integration.vendor == vendor)
        if not cross_team(actor):
            query = query.where(Integration.team_id == actor.team_id)
        if name:
            query = query.where(Integration.name == name)
        found = list(session.scalars(query.order_by(Integration.id)))
    if not found:
        raise NotFoundError(f"no {vendor} integration" + (f" called {name!r}" if name else ""))
    if len(found) > 1:
        names = ", ".join(sorted(repr(row.name) for row in found))
        raise InputError(f"there are several {vendor} integrations ({names}): name one")
    return found[0].id


def by_hook_key(desk: Desk, vendor: str, hook_key: str) -> Credentials | None:
    """The active integration a webhook address names, or None."""
    _fernet(desk)
    with desk.reading() as session:
        row = session.scalar(
            select(Integration).where(
                Integration.hook_key == hook_key,
                Integration.vendor == vendor,
                Integration.active.is_(True),
            )
        )
        return credentials_of(desk, row) if row is not None else None
