"""When a waiting customer is owed an answer, by the policy's SLA (in business hours if set)."""

from __future__ import annotations

from datetime import datetime, timedelta

from trustdesk.policy.schema import Policy
from trustdesk.text.business_time import add_business_time


def due_after(policy: Policy, since: datetime, span: timedelta) -> datetime:
    """The moment `span` after `since`, counting business hours when the policy says so."""
    if policy.sla.business_hours_only:
        organisation = policy.organisation
        return add_business_time(since, span, organisation.tz, organisation.business_hours)
    return since + span


def answer_due(policy: Policy, waiting_since: datetime, *, answered_before: bool) -> datetime:
    """A first answer is due within the first-response SLA; later ones within the update SLA."""
    span = policy.sla.update_interval if answered_before else policy.sla.first_response
    return due_after(policy, waiting_since, span)
