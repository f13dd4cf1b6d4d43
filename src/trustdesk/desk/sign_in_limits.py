"""Sign-in attempts are limited per account and per address, with a back-off that grows.

Each attempt counts against the account name typed and the address it came from. Once an
account has ACCOUNT_FREE_FAILURES failures (an address ADDRESS_FREE_FAILURES), it is locked
for FIRST_LOCK, and every further failure doubles the lock, up to LONGEST_LOCK. While
locked, a sign-in is refused before its password is checked (the API answers 429 with
Retry-After) and the refusal is not counted, so guessing costs an attacker one try per lock.
A counter is forgotten FORGET_AFTER after its last failure or the end of its lock.

A success resets the account's counter and takes its own attempt off the address's, but
does not clear the address: signing in to one's own account must not let an address go on
guessing other people's passwords. An account can be locked by anyone who knows its name;
the first locks are short so that costs its owner seconds, and the address limit slows the
one guessing.

The counters live in the database (one row per account or address, keyed by a SHA-256
digest, so a password typed into the user name field is never stored), so every worker of
every process shares them. An attempt is counted before its password is checked, in its own
transaction, so concurrent guesses cannot all slip in before the first failure is counted.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from trustdesk.desk.desk import Desk, once_more_on_duplicate
from trustdesk.errors import TooManyAttemptsError
from trustdesk.store.tables import SignInThrottle

ACCOUNT_FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 20
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)
FORGET_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Attempt:
    """An attempt counted before its password is checked: settle it with its outcome."""

    account: str
    address: str | None


def account_key(username: str) -> str:
    return _digest(f"account:{username}")


def address_key(address: str) -> str:
    return _digest(f"address:{address}")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def lock_for(failures: int, free: int) -> timedelta:
    """How long `failures` lock an account or address that has `free` failures."""
    if failures < free:
        return timedelta(0)
    return min(LONGEST_LOCK, FIRST_LOCK * (1 << min(failures - free, 20)))


@once_more_on_duplicate
def begin(desk: Desk, *, username: str, address: str | None) -> Attempt:
    """Count an attempt, or refuse it with TooManyAttemptsError while a lock lasts."""
    attempt = Attempt(account_key(username), address_key(address) if address else None)
    limits = [(attempt.account, ACCOUNT_FREE_FAILURES)]
    if attempt.address is not None:
        limits.append((attempt.address, ADDRESS_FREE_FAILURES))
    with desk.transaction() as session:
        now = desk.now()
        session.execute(delete(SignInThrottle).where(SignInThrottle.expires_at <= now))
        rows = [(_row(session, key, now), free) for key, free in limits]
        wait = max((_waiting(row, now) for row, _ in rows), default=timedelta(0))
        if wait > timedelta(0):
            # Raising rolls the transaction back: a refused attempt is not counted.
            raise TooManyAttemptsError(
                f"too many failed sign-ins: try again in {_seconds(wait)} seconds",
                retry_after=_seconds(wait),
            )
        for row, free in rows:
            _count(row, free, now)
    return attempt


def succeeded(desk: Desk, attempt: Attempt) -> None:
    """The password was right: the account starts afresh; the address keeps its failures."""
    with desk.transaction() as session:
        session.execute(delete(SignInThrottle).where(SignInThrottle.key == attempt.account))
        if attempt.address is None:
            return
        row = session.get(SignInThrottle, attempt.address, with_for_update=True)
        if row is not None:
            row.failures = max(0, row.failures - 1)
            if row.failures < ADDRESS_FREE_FAILURES:
                row.locked_until = None


def _row(session: Session, key: str, now: datetime) -> SignInThrottle:
    row = session.get(SignInThrottle, key, with_for_update=True)
    if row is None:
        row = SignInThrottle(key=key, failures=0, locked_until=None, expires_at=now)
        session.add(row)
    return row


def _waiting(row: SignInThrottle, now: datetime) -> timedelta:
    if row.locked_until is None or row.locked_until <= now:
        return timedelta(0)
    return row.locked_until - now


def _count(row: SignInThrottle, free: int, now: datetime) -> None:
    row.failures += 1
    lock = lock_for(row.failures, free)
    row.locked_until = now + lock if lock else None
    row.expires_at = now + lock + FORGET_AFTER


def _seconds(wait: timedelta) -> int:
    return max(1, math.ceil(wait.total_seconds()))
