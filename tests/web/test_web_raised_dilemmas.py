"""Raised dilemmas in the web desk: raise one from a ticket, discuss it, a lead closes it with a
never-say phrase, an admin applies it; another team sees none of it."""

from __future__ import annotations

from desk_support import new_ticket
from web_support import Web


def test_a_dilemma_raised_from_a_ticket_discussed_and_closed(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    assert f'href="/dilemmas/raised?ticket={ticket.id}"' in ann.get(f"/tickets/{ticket.id}").text
    form = ann.get(f"/dilemmas/raised?ticket={ticket.id}").text
    assert f'name="ticket_id" value="{ticket.id}"' in form
    refused = ann.post("/dilemmas/raised", {"title": "x", "situation": " ", "ticket_id": ticket.id})
    assert refused.status_code == 422 and "the situation is empty" in refused.text
    raised = ann.post(
        "/dilemmas/raised",
        {
            "title": "Backdating a form",
            "situation": "Robin Shaw asks me to date the form last week.",
            "ticket_id": str(ticket.id),
        },
    )
    assert raised.status_code == 303
    url = raised.headers["location"]
    page = ann.get(url).text
    assert "[customer] asks me to date the form last week." in page and "Robin" not in page
    assert f'href="/tickets/{ticket.id}"' in page and 'id="close-form"' not in page
    assert ann.post(f"{url}/comments", {"text": "Never, surely?"}).status_code == 303

    lee = web.signed_in("lee")
    thread = lee.get(url).text
    assert "Never, surely?" in thread and 'id="close-form"' in thread
    closed = lee.post(
        f"{url}/close",
        {
            "decision": "We do not backdate.",
            "outcome": "never_say",
            "ns_phrase": "we can backdate it",
            "ns_reason": "A backdated form misleads.",
        },
    )
    assert closed.status_code == 303
    after = lee.get(url).text
    assert "We do not backdate." in after and "proposed" in after
    assert 'id="clarification-form"' not in after and 'id="comment-form"' not in after

    ada = web.signed_in("ada")
    assert 'id="clarification-form"' in ada.get(url).text
    assert ada.post(f"{url}/clarification", {"apply": "true"}).status_code == 303
    assert "<strong>applied</strong>" in ada.get(url).text
    assert "we can backdate it" in [n.phrase for n in web.desk.policy.never_say]

    oto = web.signed_in("oto")
    assert oto.get(url).status_code == 404
    assert "Backdating a form" not in oto.get("/dilemmas/raised").text
    assert oto.post(f"{url}/comments", {"text": "x"}).status_code == 404


def test_a_policy_the_close_cannot_make_is_said_on_the_page(web: Web) -> None:
    lee = web.signed_in("lee")
    url = lee.post("/dilemmas/raised", {"title": "Refunds", "situation": "How long?"}).headers[
        "location"
    ]
    lee.get(url)
    refused = lee.post(
        f"{url}/close",
        {
            "decision": "Say 5 days.",
            "outcome": "fact",
            "fact_kind": "duration",
            "fact_topic": "refund",
            "fact_triggers": "refund",
            "fact_statement": "5 days",
            "fact_min": "5",
            "fact_max": "5",
        },
    )
    assert refused.status_code == 422 and 'id="close-error"' in refused.text
    assert "Say 5 days." in refused.text  # the decision is kept
    made = lee.post(
        f"{url}/close",
        {
            "decision": "Say the real time.",
            "outcome": "scenario",
            "sc_principles": "honesty",
            "sc_message": "How long does my refund take?",
        },
    )
    assert made.status_code == 303
    assert 'href="/practice/raised-dilemma-' in lee.get(url).text
