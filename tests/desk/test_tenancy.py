"""Tenancy by construction: external ids are names within a team, other teams' records are not
found (and not named), a user without a team sees nothing, and every use case goes through
trustdesk.desk.tenancy to find tickets and customers."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from desk_support import Staff, new_ticket
from trustdesk.desk import (
    auth,
    commitments,
    consent,
    customers,
    imports,
    lead_requests,
    remedies,
    replies,
    tickets,
)
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.roles import SYSTEM, Actor, Role
from trustdesk.errors import NotFoundError, PermissionDeniedError
from trustdesk.model import Conversation

DESK = Path(tickets.__file__).parent
PROMISE = "I am sorry for the wait. I will email you by 4pm tomorrow with the courier's answer."


def test_the_same_external_ids_in_two_teams_name_two_tickets_and_two_customers(
    desk: Desk, staff: Staff
) -> None:
    customer = CustomerIn(external_id="cus-1", name="Robin Shaw", email="robin@example.org")
    support = new_ticket(desk, staff.agent, customer=customer, external_id="hd-1")
    billing, created = tickets.create_ticket(
        desk,
        staff.other_agent,
        customer=CustomerIn(external_id="cus-1", name="Mallory"),
        text="x",
        external_id="hd-1",
    )
    assert created and billing.id != support.id and billing.customer_id != support.customer_id
    assert billing.customer.name == "Mallory" and billing.customer.email is None
    again = tickets.get_ticket(desk, staff.agent, support.id)
    assert again.customer.name == "Robin Shaw" and again.customer.email == "robin@example.org"
    # Each team finds its own under the shared ids.
    repeat, created = tickets.create_ticket(
        desk, staff.agent, customer=customer, text="again", external_id="hd-1"
    )
    assert not created and repeat.id == support.id


def test_another_teams_records_are_not_found_and_not_named(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    sent = replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=PROMISE)
    [promise] = sent.commitments_created
    proposal = consent.propose(
        desk, staff.agent, ticket_id=ticket.id, requested="refund", proposed="store credit"
    )
    remedy = remedies.propose_remedy(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        kind="remediation",
        amount=Decimal("150"),
        reason="lost parcel",
        verification_note="courier confirmed the loss",
    ).remedy
    request = lead_requests.ask_lead(desk, staff.agent, ticket_id=ticket.id, text="Draft")
    billing_lead = Actor(staff.other_agent.user_id, "oto", Role.LEAD, staff.other_agent.team_id)
    attempts = {
        f"no commitment {promise.id}": lambda: commitments.update_commitment(
            desk, staff.other_agent, promise.id, status="kept"
        ),
        f"no consent record {proposal.id}": lambda: consent.record_answer(
            desk, staff.other_agent, proposal.id, answer="accepted"
        ),
        f"no remedy {remedy.id}": lambda: remedies.decide_remedy(
            desk, billing_lead, remedy.id, approve=True
        ),
        f"no request for review {request.id}": lambda: lead_requests.answer_lead_request(
            desk, billing_lead, request.id, send=True, note="looks fine to me"
        ),
        f"no customer {ticket.customer_id}": lambda: customers.get_customer(
            desk, staff.other_agent, ticket.customer_id
        ),
        f"no ticket {ticket.id}": lambda: tickets.get_ticket(desk, staff.other_agent, ticket.id),
    }
    for message, attempt in attempts.items():
        with pytest.raises(NotFoundError) as refused:
            attempt()
        assert str(refused.value) == message
    assert tickets.list_tickets(desk, staff.other_agent).items == []
    assert commitments.list_commitments(desk, staff.other_agent).items == []
    assert lead_requests.list_lead_requests(desk, staff.other_agent) == []


def test_a_user_without_a_team_sees_nothing_and_opens_nothing(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    made = auth.create_user(desk, SYSTEM, username="nat", password="a-long-password", role="lead")
    teamless = Actor(made.id, "nat", Role.LEAD, None)
    assert tickets.list_tickets(desk, teamless).items == []
    with pytest.raises(NotFoundError):
        tickets.get_ticket(desk, teamless, ticket.id)
    with pytest.raises(PermissionDeniedError, match="no team"):
        new_ticket(desk, teamless)
    conversation = Conversation.parse(
        {"id": "c-1", "messages": [{"id": "m-1", "role": "customer", "text": "Hello?"}]}
    )
    with pytest.raises(PermissionDeniedError, match="no team"):
        imports.import_conversations(desk, teamless, [conversation])
    placed = auth.assign_team(desk, staff.admin, user_id=made.id, team="Support")
    assert placed.team_id == staff.agent.team_id
    with pytest.raises(PermissionDeniedError):
        auth.assign_team(desk, staff.lead, user_id=made.id, team="Billing")


def test_admins_read_every_team_and_use_the_ids_of_no_team(desk: Desk, staff: Staff) -> None:
    support = new_ticket(desk, staff.agent, external_id="hd-1")
    assert tickets.get_ticket(desk, staff.admin, support.id).id == support.id
    assert tickets.get_ticket(desk, staff.auditor, support.id).id == support.id
    # An admin without a team writing hd-1 opens a ticket of no team, not Support's.
    own, created = tickets.create_ticket(
        desk, staff.admin, customer=CustomerIn(external_id="cus-1"), text="x", external_id="hd-1"
    )
    assert created and own.team_id is None and own.id != support.id
    assert {t.id for t in tickets.list_tickets(desk, staff.admin).items} == {support.id, own.id}


# What only trustdesk.desk.tenancy may do: fetch a ticket or customer by id, and compare a
# ticket's or customer's team or external id (any lookup by external id).
SCOPED = {"Ticket", "Customer"}
SCOPING_COLUMNS = {"team_id", "external_id"}


def _violations(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in SCOPED
        ):
            found.append(f"{path.name}:{node.lineno} fetches a {node.args[0].id} by id")
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                if (
                    isinstance(side, ast.Attribute)
                    and isinstance(side.value, ast.Name)
                    and side.value.id in SCOPED
                    and side.attr in SCOPING_COLUMNS
                ):
                    found.append(f"{path.name}:{node.lineno} compares {side.value.id}.{side.attr}")
    return found


def test_only_the_tenancy_module_finds_tickets_and_customers() -> None:
    modules = [p for p in DESK.rglob("*.py") if p.name != "tenancy.py"]
    assert len(modules) > 20
    violations = [v for path in modules for v in _violations(path)]
    assert violations == []


def test_the_structure_test_sees_a_lookup_by_external_id(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f(session, x):\n"
        "    session.get(Ticket, 1)\n"
        "    return select(Customer).where(Customer.external_id == x)\n"
    )
    assert len(_violations(bad)) == 2
