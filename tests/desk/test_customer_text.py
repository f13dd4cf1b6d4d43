"""The customer-text inventory stays true to the store: every text column of every table is
either customer text (exported and erased) or listed with the reason it holds none."""

from __future__ import annotations

from sqlalchemy import JSON, String
from sqlalchemy.sql.type_api import TypeEngine

from trustdesk.desk.customer_text import CUSTOMER_TEXT, NOT_CUSTOMER_TEXT, Erase, row_class
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
