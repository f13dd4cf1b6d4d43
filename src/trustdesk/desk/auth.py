"""People and machines: users with argon2-hashed passwords, teams, and bearer tokens.

A token is shown once and only its SHA-256 is stored, so a stolen database holds no usable
token. Sign-in tokens ("session") expire; API tokens for bots and helpdesks do not, until
revoked. Failed sign-ins lock an account or an address for a while (sign_in_limits).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log, sign_in_limits
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission, Role
from trustdesk.desk.views import TeamView, TokenCreated, UserView
from trustdesk.errors import AuthenticationError, ConflictError, InputError, NotFoundError
from trustdesk.store.tables import ApiToken, Team, User

TOKEN_PREFIX = "td_"
MIN_PASSWORD_CHARS = 10
# Refresh a token's last-used time at most this often (each refresh is a write).
LAST_USED_RESOLUTION = timedelta(minutes=5)
# How long this process trusts a token it has checked, and how many it remembers.
TOKEN_CACHE_SECONDS = 10
TOKEN_CACHE = timedelta(seconds=TOKEN_CACHE_SECONDS)
TOKEN_CACHE_ENTRIES = 10_000

_hasher = PasswordHasher()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def generate_password() -> str:
    return secrets.token_urlsafe(15)


def create_team(desk: Desk, actor: Actor, *, name: str) -> TeamView:
    actor.require(Permission.MANAGE_USERS)
    name = name.strip()
    if not name:
        raise InputError("a team needs a name", field="name")
    with desk.transaction() as session:
        if session.scalar(select(Team).where(Team.name == name)) is not None:
            raise ConflictError(f"a team called {name!r} exists already")
        team = Team(name=name, created_at=desk.now())
        session.add(team)
        session.flush()
        audit_log.record(session, desk, actor, "create", "team", team.id, name=name)
        return TeamView.model_validate(team)


def list_teams(desk: Desk, actor: Actor) -> list[TeamView]:
    actor.require(Permission.READ)
    with desk.reading() as session:
        return [TeamView.model_validate(t) for t in session.scalars(select(Team).order_by(Team.id))]


def create_user(
    desk: Desk,
    actor: Actor,
    *,
    username: str,
    password: str,
    role: Role | str,
    team: str | None = None,
    display_name: str | None = None,
) -> UserView:
    actor.require(Permission.MANAGE_USERS)
    username = username.strip()
    if not username or len(username) > 120:
        raise InputError("a user name has 1 to 120 characters", field="username")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(
            f"a password has at least {MIN_PASSWORD_CHARS} characters", field="password"
        )
    try:
        role = Role(role)
    except ValueError:
        raise InputError(
            f"unknown role {role!r} (agent, lead, admin or auditor)", field="role"
        ) from None
    with desk.transaction() as session:
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise ConflictError(f"a user called {username!r} exists already")
        team_row = _team_named(session, desk, team) if team else None
        user = User(
            username=username,
            display_name=display_name or username,
            role=role.value,
            team_id=team_row.id if team_row else None,
            password_hash=_hasher.hash(password),
            active=True,
            created_at=desk.now(),
        )
        session.add(user)
        session.flush()
        audit_log.record(session, desk, actor, "create", "user", user.id, role=role.value)
        return UserView.model_validate(user)


def ensure_team(desk: Desk, name: str) -> int:
    """The id of the team called `name`, created if it does not exist yet."""
    with desk.transaction() as session:
        return _team_named(session, desk, name).id


def assign_team(desk: Desk, actor: Actor, *, user_id: int, team: str | None) -> UserView:
    """Put a user in the team called `team` (created if new), or in none: an agent or lead
    without a team sees nothing (see trustdesk.desk.tenancy)."""
    actor.require(Permission.MANAGE_USERS)
    with desk.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFoundError(f"no user {user_id}")
        user.team = _team_named(session, desk, team.strip()) if team and team.strip() else None
        session.flush()
        _forget_tokens(desk, user.id)
        audit_log.record(session, desk, actor, "update", "user", user.id, team=user.team_id)
        return UserView.model_validate(user)


def change_role(desk: Desk, actor: Actor, *, user_id: int, role: Role | str) -> UserView:
    """Give a user another role; an admin cannot change their own (another admin does)."""
    actor.require(Permission.MANAGE_USERS)
    try:
        role = Role(role)
    except ValueError:
        raise InputError(
            f"unknown role {role!r} (agent, lead, admin or auditor)", field="role"
        ) from None
    with desk.transaction() as session:
        user = _managed_user(session, actor, user_id, "change your own role")
        if user.role == Role.ADMIN and role is not Role.ADMIN:
            _keep_an_admin(session, user)
        user.role = role.value
        _forget_tokens(desk, user.id)
        audit_log.record(session, desk, actor, "update", "user", user.id, role=role.value)
        return UserView.model_validate(user)


def set_active(desk: Desk, actor: Actor, *, user_id: int, active: bool) -> UserView:
    """Deactivate a user (their tokens stop working at once in this process) or bring them back.
    Nobody deactivates themselves, and the last active admin stays."""
    actor.require(Permission.MANAGE_USERS)
    with desk.transaction() as session:
        user = _managed_user(session, actor, user_id, "deactivate yourself")
        if not active and user.active and user.role == Role.ADMIN:
            _keep_an_admin(session, user)
        user.active = active
        _forget_tokens(desk, user.id)
        audit_log.record(session, desk, actor, "update", "user", user.id, active=active)
        return UserView.model_validate(user)


def _managed_user(session: Session, actor: Actor, user_id: int, own: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user {user_id}")
    if user.id == actor.user_id:
        raise ConflictError(f"you cannot {own}: ask another admin")
    return user


def _keep_an_admin(session: Session, leaving: User) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != leaving.id)
    )
    if not others:
        raise ConflictError("the desk needs at least one active admin")


def _forget_tokens(desk: Desk, user_id: int) -> None:
    """Tokens this process remembers carry the old role or state: they are checked afresh."""
    for digest, (remembered, _) in list(desk.tokens.items()):
        if remembered.user_id == user_id:
            desk.tokens.pop(digest, None)


def _team_named(session: Session, desk: Desk, name: str) -> Team:
    """The team called `name`, created on first use (teams are only names)."""
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, created_at=desk.now())
        session.add(team)
        session.flush()
    return team


def list_users(desk: Desk, actor: Actor) -> list[UserView]:
    actor.require(Permission.MANAGE_USERS)
    with desk.reading() as session:
        return [UserView.model_validate(u) for u in session.scalars(select(User).order_by(User.id))]


def current_user(desk: Desk, actor: Actor) -> UserView:
    with desk.reading() as session:
        user = session.get(User, actor.user_id) if actor.user_id is not None else None
        if user is None:
            raise NotFoundError(f"no user called {actor.username!r}")
        return UserView.model_validate(user)


def sign_in(
    desk: Desk, *, username: str, password: str, address: str | None = None
) -> TokenCreated:
    """Check a person's password and give them a session token that expires.

    Attempts are limited per account and per client `address` (see sign_in_limits): while
    either is locked, TooManyAttemptsError is raised before the password is checked."""
    attempt = sign_in_limits.begin(desk, username=username, address=address)
    with desk.transaction() as session:
        user = session.scalar(select(User).where(User.username == username))
        valid = False
        if user is not None and user.active and user.password_hash:
            try:
                valid = _hasher.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                valid = False
        else:
            # Spend the same time on an unknown name, so timing does not reveal who exists.
            _hasher.hash(password)
        if not valid or user is None:
            # The attempt stays counted as a failure.
            raise AuthenticationError("wrong user name or password")
        if _hasher.check_needs_rehash(user.password_hash or ""):
            user.password_hash = _hasher.hash(password)
        actor = _actor(user)
        created = _issue(
            session,
            desk,
            user,
            name="sign-in",
            kind="session",
            lifetime=timedelta(hours=desk.settings.session_hours),
        )
        audit_log.record(session, desk, actor, "sign_in", "user", user.id)
    sign_in_limits.succeeded(desk, attempt)
    return created


def create_token(
    desk: Desk, actor: Actor, *, name: str, username: str | None = None
) -> TokenCreated:
    """A long-lived API token for a bot or helpdesk, for the actor (or, for an admin, anyone)."""
    name = name.strip()
    if not name:
        raise InputError("a token needs a name (what uses it)", field="name")
    with desk.transaction() as session:
        if username is None or username == actor.username:
            user = session.get(User, actor.user_id) if actor.user_id is not None else None
        else:
            actor.require(Permission.MANAGE_USERS)
            user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"no user called {username or actor.username!r}")
        created = _issue(session, desk, user, name=name, kind="api", lifetime=None)
        audit_log.record(session, desk, actor, "create", "token", created.id, user=user.username)
        return created


def _issue(
    session: Session,
    desk: Desk,
    user: User,
    *,
    name: str,
    kind: str,
    lifetime: timedelta | None,
) -> TokenCreated:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = desk.now()
    row = ApiToken(
        user_id=user.id,
        name=name,
        kind=kind,
        token_hash=hash_token(token),
        prefix=token[:10],
        created_at=now,
        expires_at=now + lifetime if lifetime else None,
    )
    session.add(row)
    session.flush()
    return TokenCreated(
        id=row.id,
        name=name,
        kind="session" if kind == "session" else "api",
        token=token,
        expires_at=row.expires_at,
        user=UserView.model_validate(user),
    )


def revoke_token(desk: Desk, actor: Actor, *, token_id: int) -> None:
    with desk.transaction() as session:
        row = session.get(ApiToken, token_id)
        if row is None or (row.user_id != actor.user_id and not actor.can(Permission.MANAGE_USERS)):
            raise NotFoundError(f"no token {token_id}")
        desk.tokens.pop(row.token_hash, None)
        if row.revoked_at is None:
            row.revoked_at = desk.now()
            audit_log.record(session, desk, actor, "revoke", "token", token_id)


def sign_out(desk: Desk, token: str) -> None:
    """End a sign-in session: its token stops working here at once, elsewhere within seconds."""
    digest = hash_token(token)
    desk.tokens.pop(digest, None)
    with desk.transaction() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
        if row is None or row.revoked_at is not None or row.kind != "session":
            return
        row.revoked_at = desk.now()
        audit_log.record(session, desk, _actor(row.user), "sign_out", "user", row.user_id)


def remembered_actor(desk: Desk, token: str) -> Actor | None:
    """The actor of a token this process checked less than TOKEN_CACHE_SECONDS ago, if any.

    It answers without the database, so the hot path of a bot calling /v1/check many times a
    second costs no query. A token revoked by another process is refused at most
    TOKEN_CACHE_SECONDS later; one revoked here is refused at once.
    """
    remembered = desk.tokens.get(hash_token(token))
    if remembered is None:
        return None
    actor, valid_until = remembered
    return actor if desk.now() < valid_until else None


def authenticate(desk: Desk, token: str) -> Actor:
    """The actor behind a bearer token; AuthenticationError if it is unknown, expired or revoked."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise AuthenticationError("invalid token")
    digest = hash_token(token)
    now = desk.now()
    remembered = remembered_actor(desk, token)
    if remembered is not None:
        return remembered
    with desk.reading() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
        if (
            row is None
            or row.revoked_at is not None
            or (row.expires_at is not None and row.expires_at <= now)
            or not row.user.active
        ):
            raise AuthenticationError("invalid or expired token")
        actor = _actor(row.user)
        stale = row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION
        token_id = row.id
        valid_until = now + TOKEN_CACHE
        if row.expires_at is not None:
            valid_until = min(valid_until, row.expires_at)
    if len(desk.tokens) >= TOKEN_CACHE_ENTRIES:
        desk.tokens.clear()
    desk.tokens[digest] = (actor, valid_until)
    if stale:
        with desk.transaction() as session:
            fresh = session.get(ApiToken, token_id)
            if fresh is not None:
                fresh.last_used_at = now
    return actor


def _actor(user: User) -> Actor:
    return Actor(
        user_id=user.id, username=user.username, role=Role(user.role), team_id=user.team_id
    )
