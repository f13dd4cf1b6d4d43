"""Imports: all or nothing, and importing again adds only what is new."""

from __future__ import annotations

import pytest

from desk_support import Staff
from trustdesk.desk import audit_log, commitments, imports, tickets
from trustdesk.desk.desk import Desk
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.roles import Actor
from trustdesk.io import read_conversations
from trustdesk.model import Conversation
from trustdesk.samples import load_samples, sample_path

ARCHIVE = {
    "id": "zd-501",
    "channel": "email",
    "customer": {"id": "cus-501", "segment": {"tier": "basic"}},
    "messages": [
        {
            "id": "1",
            "role": "customer",
            "at": "2026-03-02T09:00:00Z",
            "text": "My refund has not arrived. My card is 4111 1111 1111 1111.",
        },
        {
            "id": "2",
            "role": "agent",
            "author": "agent:kim",
            "at": "2026-03-02T09:30:00Z",
            "text": "Sorry about that. I will email you by 5pm today with an update.",
        },
    ],
}


def test_importing_the_samples_twice_changes_nothing_the_second_time(
    desk: Desk, staff: Staff
) -> None:
    first = import_conversations(desk, staff.admin, read_conversations(str(sample_path())))
    logged = audit_log.list_entries(desk, staff.admin, entity="ticket").items
    again = import_conversations(
        desk, staff.admin, read_conversations(str(sample_path())), batch_size=10
    )
    # Not even an entry in the audit log: nothing was imported.
    assert audit_log.list_entries(desk, staff.admin, entity="ticket").items == logged
    assert first.tickets_created == first.conversations == len(load_samples())
    assert again.tickets_created == 0 and again.messages_added == 0
    assert again.messages_skipped == first.messages_added
    listed = tickets.list_tickets(desk, staff.admin, limit=200).items
    assert len(listed) == len(load_samples())


def test_imported_replies_carry_findings_and_open_promises(desk: Desk, staff: Staff) -> None:
    import_conversations(desk, staff.admin, [Conversation.parse(ARCHIVE)])
    [ticket] = tickets.list_tickets(desk, staff.admin).items
    view = tickets.get_ticket(desk, staff.admin, ticket.id)
    assert "4111" not in view.messages[0].text
    assert view.customer.external_id == "cus-501" and view.customer.segment == {"tier": "basic"}
    # Answered with a promise of an update: open, the customer waiting for the update.
    assert (view.state, view.status) == ("open", "open")
    assert view.waiting_since == view.messages[1].at
    [promise] = commitments.list_commitments(desk, staff.admin).items
    assert promise.text == "I will email you by 5pm today with an update."


def test_a_later_export_adds_only_the_new_messages(desk: Desk, staff: Staff) -> None:
    import_conversations(desk, staff.admin, [Conversation.parse(ARCHIVE)])
    later = {
        **ARCHIVE,
        "messages": [
            *ARCHIVE["messages"],  # type: ignore[misc]
            {"id": "3", "role": "customer", "at": "2026-03-03T09:00:00Z", "text": "Any update?"},
        ],
    }
    summary = import_conversations(desk, staff.admin, [Conversation.parse(later)])
    assert (summary.messages_added, summary.messages_skipped) == (1, 2)
    [ticket] = tickets.list_tickets(desk, staff.admin).items
    assert ticket.status == "open" and ticket.waiting_since is not None


def test_a_failure_midway_leaves_nothing_behind(desk: Desk, staff: Staff) -> None:
    def conversations() -> object:
        yield Conversation.parse(ARCHIVE)
        raise ValueError("the export broke off")

    with pytest.raises(ValueError):
        import_conversations(desk, staff.admin, conversations())  # type: ignore[arg-type]
    assert tickets.list_tickets(desk, staff.admin).items == []


def test_in_batches_a_failure_keeps_the_batches_before_it_and_a_rerun_adds_the_rest(
    desk: Desk, staff: Staff
) -> None:
    samples = list(read_conversations(str(sample_path())))

    def broken_off() -> object:
        yield from samples[:25]
        raise ValueError("the export broke off")

    with pytest.raises(ValueError):
        import_conversations(desk, staff.admin, broken_off(), batch_size=10)  # type: ignore[arg-type]
    # Two batches of ten stored whole; the third, cut off at five, not at all.
    assert len(tickets.list_tickets(desk, staff.admin, limit=200).items) == 20
    again = import_conversations(desk, staff.admin, samples, batch_size=10)
    assert (again.conversations, again.tickets_created) == (len(samples), len(samples) - 20)
    assert len(tickets.list_tickets(desk, staff.admin, limit=200).items) == len(samples)
    entries = audit_log.list_entries(desk, staff.admin, entity="ticket").items
    # One entry a batch that stored something: two before the failure; then none for the
    # two batches already there, and one for each of the others (the last one shorter).
    logged = [e.detail["conversations"] for e in reversed(entries) if e.action == "import"]
    batches = [min(10, len(samples) - start) for start in range(0, len(samples), 10)]
    assert logged == [10, 10, *batches[2:]]


def _as_stored(desk: Desk, actor: Actor) -> list[dict[str, object]]:
    """Every ticket of the actor's team as the desk shows it, without its own row ids."""
    shown = []
    for summary in tickets.list_tickets(desk, actor, limit=200, sort="oldest").items:
        view = tickets.get_ticket(desk, actor, summary.id).model_dump(mode="json")
        shown.append(_without_ids(view))
    return sorted(shown, key=lambda view: str(view["external_id"]))


def _without_ids(value: object) -> object:
    if isinstance(value, dict):
        return {
            key: _without_ids(item)
            for key, item in value.items()
            if key not in ("id", "ticket_id", "customer_id", "message_id", "team_id")
        }
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


def test_groups_store_what_one_conversation_at_a_time_stores(
    desk: Desk, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    samples = list(read_conversations(str(sample_path())))
    # The same conversation again, longer, in the same group: its new message is added.
    first = samples[3].model_dump(mode="json")
    extra = {**samples[5].model_dump(mode="json")["messages"][0], "id": "extra-1"}
    grown = Conversation.parse({**first, "messages": [*first["messages"], extra]})
    export = [*samples, grown]
    grouped = import_conversations(desk, staff.agent, export, batch_size=200)
    monkeypatch.setattr(imports, "GROUP", 1)
    alone = import_conversations(desk, staff.other_agent, export, batch_size=200)
    assert grouped == alone
    assert grouped.tickets_created == len(samples)
    assert grouped.messages_added == sum(len(c.messages) for c in samples) + 1
    assert _as_stored(desk, staff.agent) == _as_stored(desk, staff.other_agent)
