"""Many agents at once: concurrent use cases queue for the database instead of failing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from desk_support import Staff, new_ticket
from trustdesk.desk import replies, tickets
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn

REPLY = "Sorry for the wait. I will email you by 4pm tomorrow with the courier's answer."


def test_concurrent_tickets_and_replies_all_land(desk: Desk, staff: Staff) -> None:
    def work(index: int) -> int:
        ticket = new_ticket(
            desk,
            staff.agent,
            text=f"Order {index} has not arrived. Where is it?",
            customer=CustomerIn(external_id=f"cus-{index}"),
        )
        replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=REPLY)
        tickets.get_ticket(desk, staff.lead, ticket.id)
        return ticket.id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(work, range(40)))
    assert len(set(ids)) == 40
    listed = tickets.list_tickets(desk, staff.admin, limit=200).items
    assert len(listed) == 40
    # Each was answered with a promise of news: open, the promised update owed.
    assert all(t.state == "open" and t.open_commitments == 1 for t in listed)


def test_the_same_webhook_delivered_twice_at_once_is_stored_once(desk: Desk, staff: Staff) -> None:
    def deliver(_: int) -> int:
        ticket, _created = tickets.create_ticket(
            desk, staff.agent, customer=CustomerIn(), text="Hello?", external_id="zd-77"
        )
        return ticket.id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = set(pool.map(deliver, range(8)))
    assert len(ids) == 1
    assert len(tickets.list_tickets(desk, staff.admin).items) == 1
