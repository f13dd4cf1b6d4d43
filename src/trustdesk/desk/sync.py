"""Pull sync, for teams whose helpdesk cannot call the desk: read the conversations changed
since a moment from the helpdesk's API, a page at a time, and import them into the
integration's team through the import every other source uses (idempotent by the vendor's ids:
a conversation read twice adds only its new messages).

How far a sync has come is saved in the desk after every page it stored, so a sync that was
stopped (killed, or given up on) goes on from there the next time. A helpdesk that asks to
slow down (429, or 503, with Retry-After) is waited for as long as it asks; other passing
failures are tried again after a growing wait; after MAX_TRIES on one page the sync stops,
keeps its place and leaves a dead letter. Waiting goes through `sleep`, so tests count the
waits instead of waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select

from trustdesk.desk.desk import Desk
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.integrations import Credentials, credentials
from trustdesk.desk.roles import Actor
from trustdesk.errors import InputError
from trustdesk.io.helpdesk_api.chatwoot import ChatwootClient
from trustdesk.io.helpdesk_api.freshdesk import FreshdeskClient
from trustdesk.io.helpdesk_api.http import VendorError
from trustdesk.io.helpdesk_api.intercom import IntercomClient
from trustdesk.io.helpdesk_api.zendesk import ZendeskClient
from trustdesk.io.helpdesks.shape import RecordError
from trustdesk.model import Conversation
from trustdesk.store.tables import DeadLetter, SyncCursor

log = logging.getLogger("trustdesk.sync")

MAX_TRIES = 5
# A sync (but Zendesk's) after a finished one reads back this far before the last one ended: a
# conversation active while the last one ran is read again (which adds only what is new).
OVERLAP = timedelta(hours=1)
FIRST_WAIT_SECONDS = 2.0
T = TypeVar("T")
Sleep = Callable[[float], None]


@dataclass
class SyncOutcome:
    pages: int = 0
    conversations: int = 0
    messages_added: int = 0
    # Records the vendor's reader could not map (a conversation without messages, …).
    skipped: int = 0
    waits: int = 0
    finished: bool = False
    resumed: bool = False


@dataclass
class _Place:
    cursor: str | None
    since: datetime
    resumed: bool


def sync(
    desk: Desk,
    actor: Actor,
    integration_id: int,
    *,
    since: datetime | None = None,
    sleep: Sleep = time.sleep,
    max_pages: int | None = None,
) -> SyncOutcome:
    """Sync one integration from where its last sync stopped, or from `since`."""
    integration = credentials(desk, actor, integration_id)
    place = _start(desk, integration, since)
    outcome = SyncOutcome(resumed=place.resumed)
    pages = _PAGES[integration.vendor]
    caller = _Caller(sleep, outcome)
    try:
        for cursor_after, records, last in pages(integration, place, caller):
            conversations = []
            for record in records:
                try:
                    conversations.append(Conversation.parse(record()))
                except (RecordError, InputError) as exc:
                    outcome.skipped += 1
                    log.info("sync of %s: a record skipped: %s", integration.name, exc)
            summary = import_conversations(desk, integration.actor(), conversations)
            outcome.conversations += summary.conversations
            outcome.messages_added += summary.messages_added
            outcome.pages += 1
            _save(desk, integration, place.since, cursor_after, len(conversations), finished=last)
            if last:
                outcome.finished = True
                break
            if max_pages is not None and outcome.pages >= max_pages:
                break
    except VendorError as exc:
        _dead_letter(desk, integration, str(exc), caller.tries)
        raise
    return outcome


class _Caller:
    """Calls the vendor, waiting as asked (Retry-After) or with a growing wait, MAX_TRIES times."""

    def __init__(self, sleep: Sleep, outcome: SyncOutcome) -> None:
        self.sleep = sleep
        self.outcome = outcome
        self.tries = 0

    def __call__(self, call: Callable[[], T]) -> T:
        for attempt in range(1, MAX_TRIES + 1):
            self.tries = attempt
            try:
                return call()
            except VendorError as exc:
                if not exc.retryable or attempt == MAX_TRIES:
                    raise
                wait = exc.retry_after
                if wait is None:
                    wait = FIRST_WAIT_SECONDS * 2 ** (attempt - 1)
                self.outcome.waits += 1
                log.info("the helpdesk asked to wait %.0f s: %s", wait, exc)
                self.sleep(wait)
        raise AssertionError("unreachable")


def _start(desk: Desk, integration: Credentials, since: datetime | None) -> _Place:
    with desk.transaction() as session:
        row = session.scalar(select(SyncCursor).where(SyncCursor.integration_id == integration.id))
        if since is not None:
            since = since if since.tzinfo else since.replace(tzinfo=UTC)
        if row is not None and (since is None or since == row.since) and row.finished_at is None:
            return _Place(row.cursor, row.since, resumed=row.cursor is not None)
        if since is None and row is None:
            raise InputError("give --since for the first sync of this integration")
        if since is None:
            assert row is not None
            # After a finished sync: Zendesk's cursor goes on from where the export ended;
            # Chatwoot's list starts again, from the moment the last sync began.
            if integration.vendor == "zendesk":
                return _Place(row.cursor, row.since, resumed=True)
            return _Place(None, row.updated_at - OVERLAP, resumed=False)
        return _Place(None, since, resumed=False)


def _save(
    desk: Desk,
    integration: Credentials,
    since: datetime,
    cursor: str | None,
    stored: int,
    *,
    finished: bool,
) -> None:
    now = desk.now()
    with desk.transaction() as session:
        row = session.scalar(select(SyncCursor).where(SyncCursor.integration_id == integration.id))
        if row is None:
            row = SyncCursor(
                integration_id=integration.id, team_id=integration.team_id, conversations=0
            )
            session.add(row)
        row.cursor = cursor
        row.since = since
        row.conversations += stored
        row.updated_at = now
        row.finished_at = now if finished else None


def _dead_letter(desk: Desk, integration: Credentials, error: str, attempts: int) -> None:
    with desk.transaction() as session:
        row = session.scalar(select(SyncCursor).where(SyncCursor.integration_id == integration.id))
        session.add(
            DeadLetter(
                team_id=integration.team_id,
                integration_id=integration.id,
                kind="sync",
                detail={"cursor": row.cursor if row else None},
                error=error[:1000],
                attempts=attempts,
                created_at=desk.now(),
            )
        )


Page = tuple[str | None, list[Callable[[], Mapping[str, Any]]], bool]


def _zendesk_pages(integration: Credentials, place: _Place, call: _Caller) -> Iterator[Page]:
    assert integration.account is not None
    with ZendeskClient(integration.base_url, integration.account, integration.api_token) as api:
        cursor = place.cursor
        start = int(place.since.timestamp())
        while True:
            page = call(partial(api.export_page, start_time=start, cursor=cursor))
            records = []
            for ticket in page["tickets"]:
                if not isinstance(ticket, Mapping) or ticket.get("status") == "deleted":
                    continue
                if integration.scopes and str(ticket.get("group_id")) not in integration.scopes:
                    continue
                records.append(_zendesk_record(api, ticket, call))
            after = page.get("after_cursor")
            after = after if isinstance(after, str) else cursor
            yield after, records, bool(page.get("end_of_stream"))
            cursor = after


def _zendesk_record(
    api: ZendeskClient, ticket: Mapping[str, Any], call: _Caller
) -> Callable[[], Mapping[str, Any]]:
    def read() -> Mapping[str, Any]:
        comments, users = call(lambda: api.comments(str(ticket.get("id"))))
        return api.convert({**ticket, "comments": comments}, users)

    return read


def _chatwoot_pages(integration: Credentials, place: _Place, call: _Caller) -> Iterator[Page]:
    assert integration.account is not None
    with ChatwootClient(integration.base_url, integration.account, integration.api_token) as api:
        number = int(place.cursor or 1)
        since = place.since.timestamp()
        while True:
            listed = call(partial(api.conversations_page, number))
            records = []
            for conversation in listed:
                last = conversation.get("last_activity_at") or conversation.get("created_at")
                if isinstance(last, int | float) and last < since:
                    continue
                if (
                    integration.scopes
                    and str(conversation.get("inbox_id")) not in integration.scopes
                ):
                    continue
                records.append(_chatwoot_record(api, str(conversation.get("id")), call))
            yield str(number + 1), records, not listed
            number += 1


def _chatwoot_record(
    api: ChatwootClient, conversation_id: str, call: _Caller
) -> Callable[[], Mapping[str, Any]]:
    return lambda: call(lambda: api.converted(conversation_id))


def _freshdesk_pages(integration: Credentials, place: _Place, call: _Caller) -> Iterator[Page]:
    with FreshdeskClient(integration.base_url, integration.api_token) as api:
        number = int(place.cursor or 1)
        while True:
            listed = call(partial(api.tickets_page, place.since, number))
            records = []
            for ticket in listed:
                if integration.scopes and str(ticket.get("group_id")) not in integration.scopes:
                    continue
                records.append(_freshdesk_record(api, str(ticket.get("id")), call))
            yield str(number + 1), records, not listed
            number += 1


def _freshdesk_record(
    api: FreshdeskClient, ticket_id: str, call: _Caller
) -> Callable[[], Mapping[str, Any]]:
    return lambda: call(lambda: api.converted(ticket_id))


def _intercom_pages(integration: Credentials, place: _Place, call: _Caller) -> Iterator[Page]:
    with IntercomClient(integration.base_url, integration.api_token) as api:
        cursor = place.cursor
        while True:
            listed, after = call(partial(api.search_page, place.since, cursor))
            records = []
            for conversation in listed:
                if not isinstance(conversation, Mapping):
                    continue
                team = conversation.get("team_assignee_id")
                if integration.scopes and str(team) not in integration.scopes:
                    continue
                records.append(_intercom_record(api, str(conversation.get("id")), call))
            # The cursor saved is where the next page starts; at the end, where this one did.
            yield after or cursor, records, after is None
            cursor = after


def _intercom_record(
    api: IntercomClient, conversation_id: str, call: _Caller
) -> Callable[[], Mapping[str, Any]]:
    return lambda: call(lambda: api.converted(conversation_id))


_PAGES: dict[str, Callable[[Credentials, _Place, _Caller], Iterator[Page]]] = {
    "chatwoot": _chatwoot_pages,
    "zendesk": _zendesk_pages,
    "freshdesk": _freshdesk_pages,
    "intercom": _intercom_pages,
}
