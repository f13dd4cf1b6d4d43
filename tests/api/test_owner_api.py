"""A ticket's owner through the API: set, cleared, refused for someone who cannot work it."""

from __future__ import annotations

from api_support import Api
from desk_support import Staff, new_ticket
from trustdesk.desk.desk import Desk


def test_patch_sets_and_clears_the_owner_and_the_list_filters_by_it(
    api: Api, desk: Desk, staff: Staff
) -> None:
    ticket = new_ticket(desk, staff.agent, text="Hello,\nmy parcel has not arrived.")
    url = f"/v1/tickets/{ticket.id}"
    ann = api.headers("ann")
    taken = api.client.patch(url, headers=ann, json={"owner_id": staff.agent.user_id})
    assert taken.status_code == 200
    assert taken.json()["owner_user_id"] == staff.agent.user_id
    assert taken.json()["owner_name"] == "ann"
    assert taken.json()["subject"] == "My parcel has not arrived."
    mine = api.client.get("/v1/tickets?owner=me", headers=ann).json()["items"]
    assert [t["id"] for t in mine] == [ticket.id]
    assert api.client.get("/v1/tickets?owner=none", headers=ann).json()["items"] == []
    # Another field changed alone leaves the owner as it was.
    kept = api.client.patch(url, headers=ann, json={"diagnosed_need": "a courier trace"})
    assert kept.json()["owner_user_id"] == staff.agent.user_id
    cleared = api.client.patch(url, headers=ann, json={"owner_id": None})
    assert cleared.json()["owner_user_id"] is None


def test_an_owner_who_cannot_work_the_ticket_is_refused(api: Api, desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent, text="My parcel has not arrived.")
    url = f"/v1/tickets/{ticket.id}"
    for owner in (staff.other_agent.user_id, staff.auditor.user_id, 999_999):
        refused = api.client.patch(url, headers=api.headers("ann"), json={"owner_id": owner})
        assert refused.status_code == 422, refused.text
    auditor = api.client.patch(url, headers=api.headers("aud"), json={"owner_id": None})
    assert auditor.status_code == 403


def test_the_owner_and_list_filters_are_in_the_openapi(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    update = schema["components"]["schemas"]["TicketUpdate"]["properties"]
    assert "owner_id" in update
    listing = schema["paths"]["/v1/tickets"]["get"]
    assert {"owner", "findings", "sort"} <= {p["name"] for p in listing["parameters"]}
    assert {"401", "403", "422"} <= set(
        schema["paths"]["/v1/tickets/{ticket_id}"]["patch"]["responses"]
    )
