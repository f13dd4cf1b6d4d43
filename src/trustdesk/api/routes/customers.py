"""A customer's data: read, export everything, erase."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from trustdesk.api.deps import ActorDep, DeskDep, PathId
from trustdesk.desk import customers
from trustdesk.desk.views import CustomerView

router = APIRouter(prefix="/v1/customers", tags=["customers"])


@router.get("/{customer_id}", response_model=CustomerView)
def get_customer(customer_id: PathId, desk: DeskDep, actor: ActorDep) -> CustomerView:
    return customers.get_customer(desk, actor, customer_id)


@router.get("/{customer_id}/export")
def export_customer(customer_id: PathId, desk: DeskDep, actor: ActorDep) -> dict[str, Any]:
    """Everything the desk holds about the customer, as JSON."""
    return customers.export_customer(desk, actor, customer_id)


@router.post("/{customer_id}/erase", response_model=CustomerView)
def erase_customer(customer_id: PathId, desk: DeskDep, actor: ActorDep) -> CustomerView:
    """Remove the customer's identity and words; the audit log is kept."""
    return customers.erase_customer(desk, actor, customer_id)
