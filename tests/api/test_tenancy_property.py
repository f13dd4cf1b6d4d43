"""Two teams with the same external ids, and random API calls from both: no response ever holds
the other team's data, and nothing of the other team's changes.

Everything a team writes carries its own word (alpha for Billing, bravo for Support), so a
response to one team that holds the other's word has leaked. After each call, the other
team's rows (tickets, customers and all that hangs on them) are compared with before.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desk_support import FakeClock, make_staff, open_desk, sqlite_copy
from trustdesk.api.app import create_app
from trustdesk.desk import auth
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import SYSTEM
from trustdesk.store.tables import (
    Commitment,
    Customer,
    LeadRequest,
    Message,
    Remedy,
    Survey,
    Team,
    Ticket,
)

# Each team's agent, and the word all its data carries.
TEAMS = {"Billing": ("oto", "alpha"), "Support": ("ann", "bravo")}
TICKET_IDS = st.sampled_from([None, "T-1", "T-2", "T-3"])
CUSTOMER_IDS = st.sampled_from([None, "C-1", "C-2"])
# Internal ids to probe: low numbers hit both teams' records.
ROW_IDS = st.integers(min_value=1, max_value=10)
EXAMPLES = 12


@contextmanager
def two_team_desk(template: Path) -> Iterator[tuple[Desk, TestClient, dict[str, dict[str, str]]]]:
    with tempfile.TemporaryDirectory() as folder:
        desk = open_desk(sqlite_copy(template, Path(folder) / "desk.db"), FakeClock())
        try:
            make_staff(desk)
            headers = {}
            for team, (username, _) in TEAMS.items():
                token = auth.create_token(desk, SYSTEM, name=team, username=username).token
                headers[team] = {"Authorization": f"Bearer {token}"}
            with TestClient(create_app(desk=desk, scheduler=False)) as client:
                yield desk, client, headers
        finally:
            desk.close()


create_ticket = st.builds(
    lambda ticket, customer, named, question: (
        "create_ticket",
        {"ticket": ticket, "customer": customer, "named": named, "question": question},
    ),
    TICKET_IDS,
    CUSTOMER_IDS,
    st.booleans(),
    st.booleans(),
)
import_conversation = st.builds(
    lambda ticket, customer, role, message: (
        "import",
        {"ticket": ticket, "customer": customer, "role": role, "message": message},
    ),
    st.sampled_from(["T-1", "T-2", "T-3"]),
    st.sampled_from(["C-1", "C-2"]),
    st.sampled_from(["customer", "agent"]),
    st.sampled_from(["m-1", "m-2"]),
)
read_customer = st.builds(lambda row: ("read_customer", {"id": row}), ROW_IDS)
read_ticket = st.builds(lambda row: ("read_ticket", {"id": row}), ROW_IDS)
list_tickets = st.builds(
    lambda search: ("list_tickets", {"q": search}),
    st.sampled_from([None, "alpha", "bravo", "parcel"]),
)
reply = st.builds(
    lambda row, promise: ("reply", {"id": row, "promise": promise}), ROW_IDS, st.booleans()
)
add_message = st.builds(lambda row: ("add_message", {"id": row}), ROW_IDS)
CALLS = st.lists(
    st.tuples(
        st.sampled_from(sorted(TEAMS)),
        st.one_of(
            create_ticket,
            import_conversation,
            read_customer,
            read_ticket,
            list_tickets,
            reply,
            add_message,
        ),
    ),
    min_size=1,
    max_size=14,
)


def _request(client: TestClient, headers: dict[str, str], word: str, call: tuple[str, Any]) -> Any:
    name, args = call
    if name == "create_ticket":
        customer: dict[str, Any] = {"external_id": args["customer"]}
        if args["named"]:
            customer |= {"name": f"{word} person", "email": f"someone@{word}.example"}
            customer["segment"] = {"tier": f"{word}-tier"}
        body: dict[str, Any] = {
            "customer": customer,
            "text": f"My {word} parcel is late."
            + (f" Where is the {word} parcel?" if args["question"] else ""),
        }
        if args["ticket"] is not None:
            body["external_id"] = args["ticket"]
        return client.post("/v1/tickets", headers=headers, json=body)
    if name == "import":
        role = args["role"]
        message = {
            "id": args["message"],
            "role": role,
            "author": f"{role}:{word}",
            "text": f"About the {word} order, please confirm your {word} address.",
        }
        conversation = {
            "id": args["ticket"],
            "customer": {"id": args["customer"], "segment": {"tier": f"{word}-tier"}},
            "messages": [message],
        }
        return client.post(
            "/v1/conversations", headers=headers, json={"conversations": [conversation]}
        )
    if name == "read_customer":
        return client.get(f"/v1/customers/{args['id']}", headers=headers)
    if name == "read_ticket":
        return client.get(f"/v1/tickets/{args['id']}", headers=headers)
    if name == "list_tickets":
        params = {"q": args["q"]} if args["q"] else {}
        return client.get("/v1/tickets", headers=headers, params=params)
    if name == "reply":
        text = f"Sorry about the {word} parcel."
        if args["promise"]:
            text += f" I will email you by 4pm tomorrow with {word} news."
        return client.post(
            f"/v1/tickets/{args['id']}/replies",
            headers=headers,
            json={"text": text, "override_reason": f"the {word} courier gave no date"},
        )
    assert name == "add_message"
    return client.post(
        f"/v1/tickets/{args['id']}/messages",
        headers=headers,
        json={"text": f"Any news on my {word} parcel?"},
    )


def _rows_of(desk: Desk, team: str) -> list[tuple[str, tuple[Any, ...]]]:
    """Every row of the team's tickets and customers and of what hangs on its tickets."""
    with desk.reading() as session:
        team_id = session.scalar(select(Team.id).where(Team.name == team))
        tickets = select(Ticket.id).where(Ticket.team_id == team_id).scalar_subquery()
        queries = [
            select(Ticket).where(Ticket.team_id == team_id),
            select(Customer).where(Customer.team_id == team_id),
        ] + [
            select(table).where(table.ticket_id.in_(tickets))
            for table in (Message, Commitment, Remedy, Survey, LeadRequest)
        ]
        rows = []
        for query in queries:
            for row in session.scalars(query).unique():
                table = row.__table__
                rows.append((table.name, tuple(getattr(row, c.key) for c in table.columns)))
        return sorted(rows, key=repr)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(calls=CALLS)
def test_no_call_reads_or_changes_the_other_teams_data(
    sqlite_template: Path, calls: list[tuple[str, tuple[str, Any]]]
) -> None:
    with two_team_desk(sqlite_template) as (desk, client, headers):
        for team, call in calls:
            other = next(name for name in TEAMS if name != team)
            theirs = TEAMS[other][1]
            before = _rows_of(desk, other)
            response = _request(client, headers[team], TEAMS[team][1], call)
            assert response.status_code < 500, (call, response.text)
            assert theirs not in response.text.lower(), (team, call, response.text)
            assert _rows_of(desk, other) == before, (team, call)
