"""Secrets a customer typed stay out of everything the desk stores and serves: the message
text and the findings judged on it (quotes, explanations, suggestions, data)."""

from __future__ import annotations

from typing import Any

from api_support import Api

PASSWORD = "Kiwi#Storm77"
QUESTION = f"My password is {PASSWORD} so why can my account not log in?"


def _import(api: Api, *messages: dict[str, Any]) -> dict[str, Any]:
    body = {"conversations": [{"id": "conv-1", "customer": {"id": "cus-1"}, "messages": messages}]}
    imported = api.client.post("/v1/conversations", json=body, headers=api.headers("ann"))
    assert imported.status_code == 200, imported.text
    listed = api.client.get("/v1/tickets", headers=api.headers("ann")).json()
    ticket_id = listed["items"][0]["id"]
    served = api.client.get(f"/v1/tickets/{ticket_id}", headers=api.headers("ann"))
    assert served.status_code == 200
    ticket: dict[str, Any] = served.json()
    return ticket


def _message(at: str, role: str, text: str, number: int) -> dict[str, Any]:
    return {"id": f"m{number}", "role": role, "at": f"2026-03-02T{at}:00Z", "text": text}


def test_an_unanswered_question_with_a_password_is_stored_without_it(api: Api) -> None:
    ticket = _import(
        api,
        _message("09:00", "customer", QUESTION, 1),
        _message("09:05", "agent", "Hello, we have received your message.", 2),
    )
    question = ticket["messages"][0]
    assert question["text"] == (
        "My password is [password removed] so why can my account not log in?"
    )
    found = [f for f in question["findings"] if f["check"] == "transparency.unanswered"]
    assert found, question["findings"]
    for finding in found:
        assert finding["quote"] == question["text"][finding["start"] : finding["end"]]
        assert "[password removed]" in finding["quote"]
    assert PASSWORD not in str(ticket)


def test_findings_move_with_every_secret_cut_before_them(api: Api) -> None:
    text = (
        "Card 4111 1111 1111 1111, CVV 123, pass Sunflower2024. "
        "Why was I charged twice for order 5512?"
    )
    ticket = _import(
        api,
        _message("09:00", "customer", text, 1),
        _message("09:05", "agent", "Thanks, we have received your message.", 2),
    )
    customer = ticket["messages"][0]
    assert "4111" not in customer["text"] and "Sunflower2024" not in customer["text"]
    assert customer["findings"]
    for finding in customer["findings"]:
        assert finding["quote"] == customer["text"][finding["start"] : finding["end"]]
        assert finding["quote"].startswith("Why was I charged twice")


def test_a_reply_repeating_a_password_is_flagged_without_copying_it(api: Api) -> None:
    ticket = _import(
        api,
        _message("09:00", "customer", f"Hi, my password is {PASSWORD} and it fails.", 1),
        _message("09:05", "agent", f"I tried {PASSWORD} for you and it works now.", 2),
    )
    reply = ticket["messages"][1]
    (echo,) = [f for f in reply["findings"] if f["check"] == "privacy.exposure"]
    # The reply was sent as written; what the finding says about it holds no secret.
    assert echo["quote"] == reply["text"][echo["start"] : echo["end"]] == PASSWORD
    assert PASSWORD not in str({k: v for k, v in echo.items() if k != "quote"})
