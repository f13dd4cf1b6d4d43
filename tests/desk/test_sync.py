"""Pull sync against fake Zendesk and Chatwoot servers on loopback: every conversation is
imported once, the place is saved after every page so a stopped sync goes on from there,
and a helpdesk's Retry-After is waited for (the waits are counted, never slept)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from desk_support import Staff
from fake_helpdesks import (
    CHATWOOT_TOKEN,
    FRESHDESK_KEY,
    INTERCOM_TOKEN,
    ZENDESK_EMAIL,
    ZENDESK_TOKEN,
    FakeChatwoot,
    FakeFreshdesk,
    FakeIntercom,
    FakeZendesk,
    serving,
)
from trustdesk.desk import hook_letters, integrations
from trustdesk.desk.desk import Desk
from trustdesk.desk.sync import MAX_TRIES, sync
from trustdesk.errors import InputError
from trustdesk.io.helpdesk_api.http import VendorError
from trustdesk.store.tables import Message, Ticket

SINCE = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def zendesk() -> Iterator[tuple[FakeZendesk, str]]:
    fake = FakeZendesk()
    with serving(fake.app) as url:
        yield fake, url


@pytest.fixture
def chatwoot() -> Iterator[tuple[FakeChatwoot, str]]:
    fake = FakeChatwoot()
    with serving(fake.app) as url:
        yield fake, url


def _zendesk(desk: Desk, staff: Staff, url: str) -> int:
    return integrations.create_integration(
        desk,
        staff.lead,
        vendor="zendesk",
        name="Zendesk",
        base_url=url,
        account=ZENDESK_EMAIL,
        api_token=ZENDESK_TOKEN,
    ).id


def _counts(desk: Desk) -> tuple[int, int]:
    with desk.reading() as session:
        tickets = session.scalar(select(func.count()).select_from(Ticket)) or 0
        messages = session.scalar(select(func.count()).select_from(Message)) or 0
    return tickets, messages


def test_a_zendesk_sync_stopped_half_way_goes_on_from_its_place(
    desk: Desk, staff: Staff, zendesk: tuple[FakeZendesk, str]
) -> None:
    fake, url = zendesk
    integration = _zendesk(desk, staff, url)
    waits: list[float] = []

    first = sync(desk, staff.lead, integration, since=SINCE, sleep=waits.append, max_pages=2)
    assert (first.pages, first.finished, first.resumed) == (2, False, False)
    assert _counts(desk)[0] == 6
    rest = sync(desk, staff.lead, integration, sleep=waits.append)
    assert rest.resumed and rest.finished
    assert first.conversations + rest.conversations == len(fake.tickets)
    assert fake.calls["GET export"] == 7  # 20 tickets, 3 a page: no page read twice
    tickets, messages = _counts(desk)
    assert tickets == len(fake.tickets)
    assert messages == sum(len(c) for c in fake.comments.values())

    # The next sync asks only for what changed since; nothing did.
    again = sync(desk, staff.lead, integration, sleep=waits.append)
    assert (again.conversations, again.finished) == (0, True)
    assert _counts(desk) == (tickets, messages)
    assert waits == []


def test_a_zendesk_sync_waits_as_long_as_retry_after_asks(
    desk: Desk, staff: Staff, zendesk: tuple[FakeZendesk, str]
) -> None:
    fake, url = zendesk
    integration = _zendesk(desk, staff, url)
    fake.limited["GET export"] = 2
    fake.retry_after = "7"
    waits: list[float] = []
    outcome = sync(desk, staff.lead, integration, since=SINCE, sleep=waits.append)
    assert waits == [7.0, 7.0]
    assert outcome.finished
    assert _counts(desk)[0] == len(fake.tickets)


def test_a_sync_given_up_on_keeps_its_place_and_leaves_a_dead_letter(
    desk: Desk, staff: Staff, zendesk: tuple[FakeZendesk, str]
) -> None:
    fake, url = zendesk
    integration = _zendesk(desk, staff, url)
    waits: list[float] = []
    sync(desk, staff.lead, integration, since=SINCE, sleep=waits.append, max_pages=1)
    fake.failing["GET comments"] = 1000
    with pytest.raises(VendorError, match="503"):
        sync(desk, staff.lead, integration, sleep=waits.append)
    assert len(waits) == MAX_TRIES - 1
    assert waits == sorted(waits)  # each wait longer than the last
    [letter] = hook_letters.list_dead_letters(desk, staff.lead)
    assert letter.kind == "sync"
    assert _counts(desk)[0] == 3

    fake.failing.clear()
    done = sync(desk, staff.lead, integration, sleep=waits.append)
    assert done.resumed and done.finished
    tickets, messages = _counts(desk)
    assert tickets == len(fake.tickets)
    assert messages == sum(len(c) for c in fake.comments.values())


def test_the_first_sync_needs_a_since(
    desk: Desk, staff: Staff, zendesk: tuple[FakeZendesk, str]
) -> None:
    _, url = zendesk
    integration = _zendesk(desk, staff, url)
    with pytest.raises(InputError, match="--since"):
        sync(desk, staff.lead, integration)


def test_another_team_cannot_sync_an_integration(
    desk: Desk, staff: Staff, zendesk: tuple[FakeZendesk, str]
) -> None:
    _, url = zendesk
    integration = _zendesk(desk, staff, url)
    with pytest.raises(Exception, match="manage helpdesk integrations"):
        sync(desk, staff.other_agent, integration, since=SINCE)


def test_a_chatwoot_sync_imports_every_conversation_once(
    desk: Desk, staff: Staff, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    fake, url = chatwoot
    integration = integrations.create_integration(
        desk,
        staff.lead,
        vendor="chatwoot",
        name="Chatwoot",
        base_url=url,
        account="1",
        api_token=CHATWOOT_TOKEN,
    ).id
    first = sync(desk, staff.lead, integration, since=SINCE, sleep=list().append, max_pages=2)
    assert not first.finished
    rest = sync(desk, staff.lead, integration, sleep=list().append)
    assert rest.resumed and rest.finished
    stored = first.conversations + rest.conversations
    assert stored + first.skipped + rest.skipped == len(fake.conversations)
    tickets, _ = _counts(desk)
    assert tickets == stored
    # Every conversation's messages were read, page by page, not only the last one listed.
    with desk.reading() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.external_id == "200"))
        assert ticket is not None
        texts = session.scalars(select(Message.external_id).where(Message.ticket_id == ticket.id))
        assert sorted(texts) == sorted(str(m["id"]) for m in fake.conversations[200]["messages"])


def test_a_freshdesk_sync_imports_every_ticket_with_all_its_conversations(
    desk: Desk, staff: Staff
) -> None:
    fake = FakeFreshdesk()
    with serving(fake.app) as url:
        integration = integrations.create_integration(
            desk,
            staff.lead,
            vendor="freshdesk",
            name="Freshdesk",
            base_url=url,
            account=None,
            api_token=FRESHDESK_KEY,
        ).id
        fake.limited["GET ticket"] = 1
        fake.retry_after = "3"
        waits: list[float] = []
        first = sync(desk, staff.lead, integration, since=SINCE, sleep=waits.append, max_pages=1)
        rest = sync(desk, staff.lead, integration, sleep=waits.append)
        again = sync(desk, staff.lead, integration, sleep=waits.append)
    assert waits == [3.0]
    assert rest.resumed and rest.finished
    assert first.conversations + rest.conversations == len(fake.tickets)
    tickets, messages = _counts(desk)
    assert tickets == len(fake.tickets)
    # Each ticket's description is its first message, then every conversation.
    assert messages == sum(1 + len(c) for c in fake.conversations.values())
    assert (again.messages_added, _counts(desk)) == (0, (tickets, messages))


def test_an_intercom_sync_follows_the_search_cursor_and_resumes(desk: Desk, staff: Staff) -> None:
    fake = FakeIntercom()
    with serving(fake.app) as url:
        integration = integrations.create_integration(
            desk,
            staff.lead,
            vendor="intercom",
            name="Intercom",
            base_url=url,
            account=None,
            api_token=INTERCOM_TOKEN,
        ).id
        fake.limited["POST search"] = 1
        fake.retry_after = "5"
        waits: list[float] = []
        first = sync(desk, staff.lead, integration, since=SINCE, sleep=waits.append, max_pages=2)
        rest = sync(desk, staff.lead, integration, sleep=waits.append)
    assert waits == [5.0]
    assert not first.finished and rest.resumed and rest.finished
    assert first.conversations + rest.conversations + first.skipped + rest.skipped == len(
        fake.conversations
    )
    assert fake.calls["POST search"] == 1 + 4  # one refused, then four pages of six
    tickets, _ = _counts(desk)
    assert tickets == first.conversations + rest.conversations
