"""People and tokens: hashed passwords, tokens shown once, sessions that expire, revocation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk_support import FakeClock, Staff
from trustdesk.desk import auth
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import SYSTEM, Role
from trustdesk.errors import AuthenticationError, ConflictError, InputError, PermissionDeniedError
from trustdesk.store.tables import ApiToken, User


def test_sign_in_gives_a_token_that_expires(desk: Desk, staff: Staff, clock: FakeClock) -> None:
    session = auth.sign_in(desk, username="ann", password=staff.passwords["ann"])
    assert session.kind == "session" and session.token.startswith("td_")
    actor = auth.authenticate(desk, session.token)
    assert (actor.username, actor.role, actor.team_id) == ("ann", Role.AGENT, staff.agent.team_id)
    clock.advance(hours=13)
    with pytest.raises(AuthenticationError):
        auth.authenticate(desk, session.token)


def test_wrong_passwords_and_unknown_users_get_the_same_answer(desk: Desk, staff: Staff) -> None:
    with pytest.raises(AuthenticationError) as wrong:
        auth.sign_in(desk, username="ann", password="not-her-password")
    with pytest.raises(AuthenticationError) as unknown:
        auth.sign_in(desk, username="nobody", password="whatever-it-is")
    assert str(wrong.value) == str(unknown.value)


def test_only_hashes_are_stored(desk: Desk, staff: Staff) -> None:
    token = auth.create_token(desk, staff.agent, name="support bot").token
    with desk.reading() as session:
        stored = session.scalars(select(ApiToken.token_hash)).all()
        password_hash = session.scalar(select(User.password_hash).where(User.username == "ann"))
    assert token not in stored and auth.hash_token(token) in stored
    assert password_hash and password_hash.startswith("$argon2")


def test_a_revoked_token_stops_working(desk: Desk, staff: Staff) -> None:
    created = auth.create_token(desk, staff.agent, name="support bot")
    assert auth.authenticate(desk, created.token).username == "ann"
    auth.revoke_token(desk, staff.agent, token_id=created.id)
    with pytest.raises(AuthenticationError):
        auth.authenticate(desk, created.token)


def test_a_token_revoked_elsewhere_is_refused_within_seconds(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    created = auth.create_token(desk, staff.agent, name="support bot")
    assert auth.authenticate(desk, created.token).username == "ann"
    with desk.transaction() as session:  # another server process revokes it
        row = session.get(ApiToken, created.id)
        assert row is not None
        row.revoked_at = clock.moment
    assert auth.authenticate(desk, created.token).username == "ann"  # still remembered here
    clock.advance(seconds=auth.TOKEN_CACHE_SECONDS + 1)
    with pytest.raises(AuthenticationError):
        auth.authenticate(desk, created.token)


@pytest.mark.parametrize("token", ["", "td_", "td_nonsense", "Bearer x", "td_" + "a" * 500])
def test_malformed_tokens_are_refused(desk: Desk, token: str) -> None:
    with pytest.raises(AuthenticationError):
        auth.authenticate(desk, token)


def test_only_an_admin_manages_users(desk: Desk, staff: Staff) -> None:
    with pytest.raises(PermissionDeniedError):
        auth.create_user(desk, staff.lead, username="x", password="long-enough-1", role="agent")
    with pytest.raises(PermissionDeniedError):
        auth.create_token(desk, staff.agent, name="for lee", username="lee")
    with pytest.raises(ConflictError):
        auth.create_user(desk, SYSTEM, username="ann", password="long-enough-1", role="agent")
    with pytest.raises(InputError):
        auth.create_user(desk, SYSTEM, username="new", password="short", role="agent")
    with pytest.raises(InputError):
        auth.create_user(desk, SYSTEM, username="new", password="long-enough-1", role="boss")
