"""The inbox's columns (subject, customer, owner, priority, findings), its sorts and filters,
and taking a ticket or handing it to a teammate."""

from __future__ import annotations

from desk_support import FakeClock, new_ticket
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.replies import send_reply
from trustdesk.desk.tickets import get_ticket
from web_support import Web


def _row(page: str, ticket_id: int) -> str:
    rows = page.split("<tbody>")[1]
    return rows.split(f'data-ticket="{ticket_id}"')[1].split("</tr>")[0]


def test_the_inbox_shows_subject_customer_owner_priority_and_findings(
    web: Web, clock: FakeClock
) -> None:
    greeted = new_ticket(
        web.desk,
        web.staff.agent,
        text="Buenos dias:\nMi pedido llegó roto y quiero devolverlo.",
        customer=CustomerIn(external_id="cus-1", name="Lucía Gómez"),
    )
    # A lead sends a reply the check blocks (a password request): a block finding.
    send_reply(
        web.desk,
        web.staff.lead,
        ticket_id=greeted.id,
        text="Please send me your password so I can look.",
        override_reason="Testing what the inbox shows",
    )
    page = web.signed_in("ann").get("/tickets").text
    row = _row(page, greeted.id)
    assert "Mi pedido llegó roto y quiero devolverlo." in row
    assert "Buenos dias" not in row
    assert "Lucía Gómez" in row
    assert "nobody" in row and "Assign to me" in row
    assert "1 block" in row  # in words beside the icon, not colour alone
    assert "high" in row and "block finding" in row  # the priority says why


def test_an_agent_takes_a_ticket_and_hands_it_to_a_teammate(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent, text="Hi,\nMy invoice shows the wrong address.")
    ann = web.signed_in("ann")
    back = "/tickets?owner=none"
    ann.get(back)
    taken = ann.post(f"/tickets/{ticket.id}/owner", {"owner": "me", "back": back})
    assert taken.status_code == 303 and taken.headers["location"] == back
    assert get_ticket(web.desk, web.staff.admin, ticket.id).owner_user_id == web.staff.agent.user_id
    mine = ann.get("/tickets?owner=me").text
    assert f'data-ticket="{ticket.id}"' in mine
    assert f'data-ticket="{ticket.id}"' not in ann.get("/tickets?owner=none").text
    handed = ann.post(f"/tickets/{ticket.id}/owner", {"owner": str(web.staff.lead.user_id)})
    assert handed.status_code == 303
    assert get_ticket(web.desk, web.staff.admin, ticket.id).owner_user_id == web.staff.lead.user_id
    assert "lee" in _row(ann.get("/tickets").text, ticket.id)


def test_a_ticket_is_never_given_to_someone_who_cannot_see_it(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent, text="My parcel never arrived.")
    ann = web.signed_in("ann")
    ann.get("/tickets")
    other_team = ann.post(
        f"/tickets/{ticket.id}/owner", {"owner": str(web.staff.other_agent.user_id)}
    )
    auditor = ann.post(f"/tickets/{ticket.id}/owner", {"owner": str(web.staff.auditor.user_id)})
    assert other_team.status_code == 422 and auditor.status_code == 422
    assert "cannot work this ticket" in other_team.text
    assert get_ticket(web.desk, web.staff.admin, ticket.id).owner_user_id is None
    # The teammates offered are the ones who can take it.
    page = ann.get("/tickets").text
    assert ">lee<" in page and ">oto<" not in page and ">aud<" not in page


def test_an_assignment_without_the_forms_token_is_refused(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent, text="My parcel never arrived.")
    ann = web.signed_in("ann")
    refused = ann.client.post(f"/tickets/{ticket.id}/owner", data={"owner": "me"})
    assert refused.status_code == 403
    assert get_ticket(web.desk, web.staff.admin, ticket.id).owner_user_id is None


def test_the_inbox_sorts_by_findings_and_filters_by_them(web: Web, clock: FakeClock) -> None:
    clean = new_ticket(web.desk, web.staff.agent, text="Can I change my delivery address?")
    clock.advance(hours=1)
    flagged = new_ticket(
        web.desk,
        web.staff.agent,
        text="I was charged twice this month.",
        customer=CustomerIn(external_id="cus-2"),
    )
    send_reply(
        web.desk,
        web.staff.lead,
        ticket_id=flagged.id,
        text="Please send me your password so I can look.",
        override_reason="Testing what the inbox shows",
    )
    ann = web.signed_in("ann")
    by_wait = ann.get("/tickets?sort=waiting").text.split("<tbody>")[1]
    by_findings = ann.get("/tickets?sort=findings").text.split("<tbody>")[1]
    assert by_findings.index(f'data-ticket="{flagged.id}"') < by_findings.index(
        f'data-ticket="{clean.id}"'
    )
    assert by_wait.index(f'data-ticket="{clean.id}"') < by_wait.index(f'data-ticket="{flagged.id}"')
    only_block = ann.get("/tickets?findings=block").text
    assert (
        f'data-ticket="{flagged.id}"' in only_block
        and f'data-ticket="{clean.id}"' not in only_block
    )
    prioritised = ann.get("/tickets?sort=priority&format=json").json()["tickets"]["items"]
    assert [t["id"] for t in prioritised][:1] == [flagged.id]
    assert prioritised[0]["priority"] == "high"


def test_the_conversation_shows_its_owner_and_can_be_taken_there(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent, text="My parcel never arrived.")
    ann = web.signed_in("ann")
    page = ann.get(f"/tickets/{ticket.id}").text
    assert "Nobody has taken it." in page and "Assign to me" in page
    taken = ann.post(
        f"/tickets/{ticket.id}/owner", {"owner": "me", "back": f"/tickets/{ticket.id}"}
    )
    assert taken.headers["location"] == f"/tickets/{ticket.id}"
    page = ann.get(f"/tickets/{ticket.id}").text
    assert "Nobody has taken it." not in page and "Assign to me" not in page
    # An outside address is never a place to go back to.
    elsewhere = ann.post(
        f"/tickets/{ticket.id}/owner", {"owner": "", "back": "//evil.example/tickets"}
    )
    assert elsewhere.headers["location"] == f"/tickets/{ticket.id}"
    assert get_ticket(web.desk, web.staff.admin, ticket.id).owner_user_id is None  # "nobody"
