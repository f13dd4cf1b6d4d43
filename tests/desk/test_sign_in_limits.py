"""Sign-in limits: failures lock an account and an address, the lock grows, a success resets
the account, and the counters live in the database (counted, never timed)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk_support import FakeClock, Staff, open_desk
from trustdesk.desk import auth, sign_in_limits
from trustdesk.desk.desk import Desk
from trustdesk.errors import AuthenticationError, TooManyAttemptsError
from trustdesk.store.tables import SignInThrottle

FREE = sign_in_limits.ACCOUNT_FREE_FAILURES
FIRST_LOCK = int(sign_in_limits.FIRST_LOCK.total_seconds())


def _fail(desk: Desk, username: str = "ann", address: str | None = None) -> None:
    with pytest.raises(AuthenticationError):
        auth.sign_in(desk, username=username, password="not-the-password", address=address)


def _refused(desk: Desk, username: str, password: str, address: str | None = None) -> int:
    with pytest.raises(TooManyAttemptsError) as refused:
        auth.sign_in(desk, username=username, password=password, address=address)
    return refused.value.retry_after


def test_forty_wrong_passwords_then_the_right_one_is_refused_until_the_lock_ends(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    outcomes = []
    for _ in range(40):
        try:
            auth.sign_in(desk, username="ann", password="guess-guess")
        except AuthenticationError:
            outcomes.append("wrong")
        except TooManyAttemptsError:
            outcomes.append("refused")
    assert outcomes == ["wrong"] * FREE + ["refused"] * (40 - FREE)
    right = staff.passwords["ann"]
    assert _refused(desk, "ann", right) == FIRST_LOCK
    clock.advance(seconds=FIRST_LOCK - 1)
    assert _refused(desk, "ann", right) == 1
    clock.advance(seconds=1)
    assert auth.sign_in(desk, username="ann", password=right).user.username == "ann"


def test_each_failure_after_a_lock_doubles_it_up_to_the_longest(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    for _ in range(FREE):
        _fail(desk)
    locks = []
    for _ in range(8):
        wait = _refused(desk, "ann", staff.passwords["ann"])
        locks.append(wait)
        clock.advance(seconds=wait)
        _fail(desk)
    longest = int(sign_in_limits.LONGEST_LOCK.total_seconds())
    assert locks == [30, 60, 120, 240, 480, longest, longest, longest]


def test_a_success_resets_the_account(desk: Desk, staff: Staff) -> None:
    for _ in range(FREE - 1):
        _fail(desk)
    auth.sign_in(desk, username="ann", password=staff.passwords["ann"])
    for _ in range(FREE - 1):
        _fail(desk)
    auth.sign_in(desk, username="ann", password=staff.passwords["ann"])


def test_failures_are_forgotten_after_a_quiet_while(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    for _ in range(FREE - 1):
        _fail(desk)
    clock.advance(seconds=sign_in_limits.FORGET_AFTER.total_seconds() + 1)
    for _ in range(FREE - 1):
        _fail(desk)
    auth.sign_in(desk, username="ann", password=staff.passwords["ann"])
    with desk.reading() as session:
        # The expired row was deleted by a later sign-in; only the address-less account row
        # of this success was reset (deleted) too.
        assert session.scalars(select(SignInThrottle)).all() == []


def test_an_unknown_name_is_locked_like_a_real_one(desk: Desk, staff: Staff) -> None:
    for _ in range(FREE):
        _fail(desk, "nobody")
    assert _refused(desk, "nobody", "whatever-it-is") == FIRST_LOCK


def test_one_address_guessing_many_accounts_is_locked(desk: Desk, staff: Staff) -> None:
    names = [f"user{n}" for n in range(sign_in_limits.ADDRESS_FREE_FAILURES)]
    for name in names:
        _fail(desk, name, address="203.0.113.9")
    # Even a right password is refused from that address, and allowed from another.
    assert _refused(desk, "lee", staff.passwords["lee"], "203.0.113.9") == FIRST_LOCK
    auth.sign_in(desk, username="lee", password=staff.passwords["lee"], address="198.51.100.4")


def test_signing_in_to_ones_own_account_does_not_clear_the_address(
    desk: Desk, staff: Staff
) -> None:
    address = "203.0.113.9"
    for n in range(sign_in_limits.ADDRESS_FREE_FAILURES - 1):
        _fail(desk, f"user{n}", address=address)
    auth.sign_in(desk, username="ann", password=staff.passwords["ann"], address=address)
    _fail(desk, "someone-else", address=address)
    assert _refused(desk, "ann", staff.passwords["ann"], address) == FIRST_LOCK


def test_an_attempt_counts_before_its_password_is_checked(desk: Desk, staff: Staff) -> None:
    # Attempts begun at once (say on several workers) are counted before any is settled.
    for _ in range(FREE):
        sign_in_limits.begin(desk, username="ann", address=None)
    assert _refused(desk, "ann", staff.passwords["ann"]) == FIRST_LOCK


def test_every_process_on_the_database_shares_the_counters(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    other = open_desk(desk.settings.database_url, clock)
    try:
        for n in range(FREE):
            _fail(other if n % 2 else desk)
        assert _refused(other, "ann", staff.passwords["ann"]) == FIRST_LOCK
    finally:
        other.close()


def test_neither_names_nor_addresses_are_stored(desk: Desk, staff: Staff) -> None:
    _fail(desk, "Kiwi#Storm77", address="203.0.113.9")  # a password typed as the name
    with desk.reading() as session:
        keys = session.scalars(select(SignInThrottle.key)).all()
    assert sorted(keys) == sorted(
        [sign_in_limits.account_key("Kiwi#Storm77"), sign_in_limits.address_key("203.0.113.9")]
    )
    assert not any("Kiwi" in key or "203.0" in key for key in keys)
