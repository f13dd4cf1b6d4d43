"""When a waiting customer is owed an answer, by the policy's SLA (in business hours if set).

How long a customer has waited is measured by `trustdesk.service_level.waits.wait_time`, the
one measure the check, the audit, the queue, the ticket's banner, the SLA marks and the
reminders all use.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from trustdesk.desk.desk import Desk
from trustdesk.policy.schema import Policy
from trustdesk.service_level.waits import WaitTime, wait_time
from trustdesk.store.tables import Ticket
from trustdesk.text.business_time import add_business_time


def due_after(policy: Policy, since: datetime, span: timedelta) -> datetime:
    """The moment `span` after `since`, counting business hours when the policy says so."""
    if policy.sla.business_hours_only:
        organisation = policy.organisation
        return add_business_time(since, span, organisation.tz, organisation.business_hours)
    return since + span


def wait_of(desk: Desk, since: datetime | None, first_reply_at: datetime | None) -> WaitTime | None:
    """The wait running since `since` (None: nobody waits), measured up to now: the first
    response SLA applies when no reply came before it, the update SLA otherwise."""
    if since is None:
        return None
    first = first_reply_at is None or first_reply_at > since
    return wait_time(since, max(desk.now(), since), first, desk.engine.service_level)


def ticket_wait(desk: Desk, ticket: Ticket) -> WaitTime | None:
    return wait_of(desk, ticket.waiting_since, ticket.first_reply_at)
