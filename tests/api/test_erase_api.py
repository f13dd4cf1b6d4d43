"""Erase means erased: a marker written through the API into every column that can hold
customer text is in the export before erase, and after erase in no column of any table and in
no byte of the database's files."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from api_support import Api
from desk_support import FakeClock
from trustdesk.desk import scheduler
from trustdesk.desk.customer_text import CUSTOMER_TEXT
from trustdesk.desk.desk import Desk
from trustdesk.store.db import purge_erased, sqlite_file

MARKER = "quokka"


def _fill_every_customer_column(api: Api, desk: Desk, clock: FakeClock) -> dict[str, Any]:
    """One customer's ticket with the marker in every inventoried column, through the API."""
    client, agent, lead = api.client, api.headers("ann"), api.headers("lee")

    def ok(response: Any, expected: int = 200) -> Any:
        assert response.status_code == expected, response.text
        return response.json()

    ticket = ok(
        client.post(
            "/v1/tickets",
            headers=agent,
            json={
                "customer": {
                    "external_id": "quokka-7",
                    "name": "Quokka Shaw",
                    "email": "quokka@example.org",
                    "language": "quokka",
                    "segment": {"tier": "quokka"},
                    "preferences": {"channel": "quokka"},
                },
                "text": "Hello,\nmy quokka parcel has not arrived. Where is my quokka parcel?",
                "requested": "a quokka refund",
                "external_id": "quokka-ticket",
                "message_external_id": "quokka-message",
            },
        ),
        201,
    )
    url = f"/v1/tickets/{ticket['id']}"
    ok(client.patch(url, headers=agent, json={"diagnosed_need": "a quokka courier trace"}))
    # The helpdesk's later export of the same conversation adds the customer's next message.
    later = {
        "id": "quokka-ticket",
        "customer": {"id": "quokka-7"},
        "messages": [
            {
                "id": "quokka-import",
                "role": "customer",
                "author": "customer:Quokka Shaw",
                "text": "Is my quokka order lost? When will the quokka order ship?",
            },
            {
                # Longer than a database page: it lives in overflow pages, freed on erase.
                "id": "quokka-long",
                "role": "customer",
                "text": "Here is the whole quokka story. " * 400,
            },
        ],
    }
    ok(client.post("/v1/conversations", headers=agent, json={"conversations": [later]}))
    warned = ok(
        client.post(
            f"{url}/replies",
            headers=agent,
            json={
                "text": "Sorry about the quokka parcel, we'll get back to you soon. I will "
                "email you the quokka tracking link by 4pm tomorrow.",
                "override_reason": "the quokka courier has given no date yet",
            },
        ),
        201,
    )
    [promise] = [c for c in warned["commitments_created"] if "4pm tomorrow" in c["text"]]
    moved = (clock.moment + timedelta(hours=2)).isoformat()
    ok(
        client.patch(
            f"/v1/commitments/{promise['id']}",
            headers=agent,
            json={"status": "renegotiated", "note": "told the quokka customer", "due_at": moved},
        )
    )
    clock.advance(hours=3)
    assert scheduler.run_once(desk, None).created >= 1  # the reminder quotes the promise
    ok(
        client.post(
            f"{url}/consents",
            headers=agent,
            json={"requested": "a quokka refund", "proposed": "quokka store credit"},
        ),
        201,
    )
    ok(
        client.post(
            f"{url}/remedies",
            headers=agent,
            json={
                "kind": "remediation",
                "amount": "20",
                "reason": "the quokka parcel was lost",
                "verification_note": "the quokka courier confirmed the loss",
            },
        ),
        201,
    )
    request = ok(
        client.post(
            f"{url}/lead-requests",
            headers=agent,
            json={
                "text": "Could you confirm your quokka password so I can check the account?",
                "note": "the quokka customer asks for an account check",
            },
        ),
        201,
    )
    ok(
        client.post(
            f"/v1/lead-requests/{request['id']}/answer",
            headers=lead,
            json={"send": True, "note": "a quokka test account, no real data"},
        )
    )
    ok(client.patch(url, headers=agent, json={"status": "resolved"}))
    link = ok(client.get(f"{url}/survey", headers=agent))
    ok(
        client.post(
            f"/v1/public/surveys/{link['token']}",
            json={"satisfaction": 2, "comment": "the quokka service was slow"},
        ),
        201,
    )
    return ticket  # type: ignore[no-any-return]


def _marked_values(desk: Desk) -> dict[tuple[str, str], list[str]]:
    """Per column of any table, the stored values that hold the marker (JSON as stored)."""
    found: dict[tuple[str, str], list[str]] = {}
    inspector = inspect(desk.db)
    columns = [
        (table, column["name"])
        for table in inspector.get_table_names()
        for column in inspector.get_columns(table)
    ]
    with desk.reading() as session:
        for table, name in columns:
            values = session.execute(
                text(
                    f'SELECT CAST("{name}" AS TEXT) FROM "{table}" '
                    f'WHERE LOWER(CAST("{name}" AS TEXT)) LIKE :marker'
                ),
                {"marker": f"%{MARKER}%"},
            ).scalars()
            held = [value for value in values if value is not None]
            if held:
                found[(table, name)] = held
    return found


def _strings(value: Any) -> list[str]:
    """The string leaves of a stored JSON value (or the value itself)."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return _strings(parsed) if not isinstance(parsed, str) else [parsed]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_erase_leaves_the_marker_in_no_table_and_no_file(
    api: Api, desk: Desk, clock: FakeClock
) -> None:
    ticket = _fill_every_customer_column(api, desk, clock)
    before = _marked_values(desk)
    # Every inventoried column was reached, and customer text went nowhere else.
    assert set(CUSTOMER_TEXT) - set(before) == set()
    assert set(before) - set(CUSTOMER_TEXT) == set()

    admin = api.headers("ada")
    customer_url = f"/v1/customers/{ticket['customer_id']}"
    exported = api.client.get(f"{customer_url}/export", headers=admin)
    assert exported.status_code == 200
    export_strings = set(_strings(exported.json()))
    for column, values in before.items():
        for value in values:
            missing = [s for s in _strings(value) if MARKER in s.lower()]
            assert set(missing) <= export_strings, (column, missing)

    # As in a desk that has run a while, SQLite's routine checkpoints moved it all into the file.
    assert purge_erased(desk.db)
    erased = api.client.post(f"{customer_url}/erase", headers=admin)
    assert erased.status_code == 200, erased.text
    database = sqlite_file(desk.db.url.render_as_string(hide_password=False))
    if database is not None:
        wal = Path(f"{database}-wal")
        # The erase emptied the WAL; what is in the database file has been overwritten.
        assert not wal.exists() or wal.stat().st_size == 0
        assert MARKER.encode() not in database.read_bytes().lower()
    assert _marked_values(desk) == {}
    for path in ("/v1/notifications", f"/v1/tickets/{ticket['id']}", f"{customer_url}/export"):
        served = api.client.get(path, headers=admin)
        assert served.status_code == 200 and MARKER not in served.text.lower()
