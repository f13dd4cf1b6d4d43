"""The customer-text inventory stays true to the store: every text column of every table is
either customer text (exported and erased) or listed with the reason it holds none; and the
columns it marks `redacted` are stored without secrets."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import JSON, String, text
from sqlalchemy.sql.type_api import TypeEngine

from desk_support import Staff, new_ticket
from trustdesk.desk import commitments, consent, lead_requests, remedies, replies, surveys, tickets
from trustdesk.desk.customer_text import CUSTOMER_TEXT, NOT_CUSTOMER_TEXT, Erase, row_class
from trustdesk.desk.desk import Desk
from trustdesk.store.tables import Base


def _holds_text(kind: TypeEngine[object]) -> bool:
    kind = getattr(kind, "impl", kind)
    return isinstance(kind, String | JSON)


def _text_columns() -> set[tuple[str, str]]:
    return {
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if _holds_text(column.type)
    }


def test_every_text_column_is_inventoried_one_way_or_the_other() -> None:
    columns = _text_columns()
    assert len(columns) > 50
    unlisted = columns - set(CUSTOMER_TEXT) - set(NOT_CUSTOMER_TEXT)
    assert unlisted == set(), "say in trustdesk.desk.customer_text whether these hold customer text"
    assert set(CUSTOMER_TEXT) & set(NOT_CUSTOMER_TEXT) == set()
    assert (set(CUSTOMER_TEXT) | set(NOT_CUSTOMER_TEXT)) - columns == set(), "no such columns"


def test_each_erasure_fits_its_column() -> None:
    tables = Base.metadata.tables
    for (table, name), held in CUSTOMER_TEXT.items():
        column = tables[table].columns[name]
        assert held.what, (table, name)
        assert row_class(table).__tablename__ == table
        if held.erase in (Erase.CLEAR, Erase.CUSTOMER_AUTHOR):
            assert column.nullable, f"{table}.{name} cannot be emptied: it is NOT NULL"
        json_erasures = (Erase.EMPTY, Erase.FINDINGS, Erase.PAYLOAD)
        assert isinstance(column.type, JSON) == (held.erase in json_erasures), (table, name)
    for table in {table for table, _ in CUSTOMER_TEXT}:
        columns = tables[table].columns
        # Erase finds a table's rows through the customer, or through their tickets.
        assert {"ticket_id", "customer_id"} & set(columns.keys()) or table in {
            "customers",
            "tickets",
        }


SECRET = "my password is Kiwi#Storm77"


def test_notes_and_reasons_are_stored_without_secrets(desk: Desk, staff: Staff) -> None:
    """Every column marked `redacted`, written through its use case with a password in it."""
    agent, lead = staff.agent, staff.lead
    ticket = new_ticket(desk, agent, text=f"Hello, {SECRET}. Why can I not log in?")
    tickets.update_ticket(desk, agent, ticket.id, diagnosed_need=SECRET, requested=SECRET)
    sent = replies.send_reply(
        desk,
        agent,
        ticket_id=ticket.id,
        text="Sorry for the trouble, we'll get back to you soon.",
        override_reason=SECRET,
    )
    [promise] = sent.commitments_created
    commitments.update_commitment(desk, agent, promise.id, status="broken", note=SECRET)
    consent.propose(desk, agent, ticket_id=ticket.id, requested=SECRET, proposed=SECRET)
    remedies.propose_remedy(
        desk,
        agent,
        ticket_id=ticket.id,
        kind="remediation",
        amount=Decimal("10"),
        reason=SECRET,
        verification_note=SECRET,
    )
    request = lead_requests.ask_lead(desk, agent, ticket_id=ticket.id, text="Draft", note=SECRET)
    lead_requests.answer_lead_request(desk, lead, request.id, send=False, note=SECRET)
    tickets.update_ticket(desk, agent, ticket.id, status="resolved")
    link = surveys.survey_link(desk, agent, ticket_id=ticket.id)
    surveys.submit_survey(desk, link.token, satisfaction=3, treated_fairly=True, comment=SECRET)

    redacted = [column for column, held in CUSTOMER_TEXT.items() if held.redacted]
    assert len(redacted) >= 10
    with desk.reading() as session:
        for table, column in redacted:
            values = [
                str(value)
                for value in session.execute(text(f'SELECT "{column}" FROM "{table}"')).scalars()
                if value is not None
            ]
            assert values, (table, column)
            assert all("Kiwi#Storm77" not in value for value in values), (table, column)
            assert any("[password removed]" in value for value in values), (table, column)
