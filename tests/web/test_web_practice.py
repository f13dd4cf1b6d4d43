"""The Practice area: open a scenario, reply, see the verdict and the exemplary reply."""

from __future__ import annotations

from desk_support import new_ticket
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.replies import send_reply
from web_support import Web

SCENARIO = "promises-vague-callback"
VAGUE = (
    "Thanks for updating the card. I've passed this to our finance team and we will get back "
    "to you as soon as possible."
)
GOOD = (
    "Thank you for updating the card. The finance team has to confirm the new payment before the "
    "account unlocks. I have sent it to them now, and I will update you by 2pm today."
)


def test_a_practice_round_in_the_desk(web: Web) -> None:
    ann = web.signed_in("ann")
    listing = ann.get("/practice?principle=promises")
    assert listing.status_code == 200
    assert f'href="/practice/{SCENARIO}"' in listing.text
    assert "You have passed 0 scenarios" in listing.text
    page = ann.get(f"/practice/{SCENARIO}")
    assert "Our team account has been locked" in page.text
    assert "An exemplary reply" not in page.text  # shown only after an attempt
    poor = ann.post(f"/practice/{SCENARIO}", {"reply": VAGUE})
    assert poor.status_code == 200
    assert "Not passed yet" in poor.text
    assert "promises.vague" in poor.text
    assert "Missing: gives a concrete time for what it promises" in poor.text
    assert "An exemplary reply" in poor.text and "I will update you by 2pm today" in poor.text
    good = ann.post(f"/practice/{SCENARIO}", {"reply": GOOD})
    assert ">Passed<" in good.text
    listing = ann.get("/practice")
    row = listing.text.split(f'data-scenario="{SCENARIO}"')[1].split("</tr>")[0]
    assert "Passed" in row
    assert "You have passed 1 scenario." in listing.text


def test_an_empty_reply_is_refused_in_the_page(web: Web) -> None:
    ann = web.signed_in("ann")
    ann.get(f"/practice/{SCENARIO}")
    response = ann.post(f"/practice/{SCENARIO}", {"reply": "  "})
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "the reply is empty" in response.text


def test_a_lead_sees_the_team_attempts_and_another_team_does_not(web: Web) -> None:
    ann = web.signed_in("ann")
    ann.get(f"/practice/{SCENARIO}")
    ann.post(f"/practice/{SCENARIO}", {"reply": GOOD})
    lead = web.signed_in("lee").get("/practice").text
    assert "Latest attempts in your team" in lead and "ann · " in lead.split("team-h")[-1]
    progress = lead.split('data-person="ann"')[1].split("</tr>")[0]
    assert "<td>1</td><td>1</td><td>1</td>" in progress and "promises 1/1" in progress
    other = web.signed_in("oto").get("/practice").text
    assert "Latest attempts in your team" not in other
    twin = web.signed_in("oto").get("/practice?format=json").json()
    assert twin["passed"] == 0


def test_an_unknown_scenario_is_a_404_page(web: Web) -> None:
    assert web.signed_in("ann").get("/practice/no-such").status_code == 404


def test_a_lead_makes_a_scenario_from_a_ticket_in_the_page(web: Web) -> None:
    ticket = new_ticket(
        web.desk,
        web.staff.agent,
        text="I'm Robin Shaw, my card 4539 1488 0343 6467 was charged twice. When is it back?",
        customer=CustomerIn(external_id="cus-7", name="Robin Shaw"),
    )
    send_reply(
        web.desk,
        web.staff.agent,
        ticket_id=ticket.id,
        text="We will look into it and get back to you soon.",
        override_reason="the bank has not answered",
    )
    assert "Make a practice scenario" not in web.signed_in("ann").get(f"/tickets/{ticket.id}").text
    lee = web.signed_in("lee")
    page = lee.get(f"/tickets/{ticket.id}").text
    assert "Make a practice scenario" in page
    made = lee.post(
        f"/tickets/{ticket.id}/practice-scenario",
        {
            "message_id": ticket.messages[0].id,
            "title": "Charged twice",
            "scenario_id": "case-charged-twice",
        },
    )
    assert made.status_code == 303
    assert made.headers["location"] == "/practice/case-charged-twice?done=made"
    opened = web.signed_in("ann").get("/practice/case-charged-twice").text
    assert "[card number removed]" in opened and "4539" not in opened and "Robin" not in opened
    after = web.signed_in("ann")
    after.get("/practice/case-charged-twice")
    result = after.post("/practice/case-charged-twice", {"reply": "We will be in touch."}).text
    assert "What was really sent" in result
    assert "get back to you soon" in result
    assert web.signed_in("oto").get("/practice/case-charged-twice").status_code == 404
