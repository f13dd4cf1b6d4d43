"""POST /v1/guard: what a bot may send (allow, revise or block), for its serving path."""

from __future__ import annotations

from typing import Any

import pytest

from api_support import Api

CONVERSATION = {
    "id": "bot-7",
    "messages": [
        {
            "id": "m1",
            "role": "customer",
            "at": "2026-03-02T09:55:00Z",
            "text": "I can't get into my account and my refund has not arrived.",
        }
    ],
}
NOW = "2026-03-02T10:00:00Z"


def _guard(api: Api, draft: str, **extra: Any) -> Any:
    body = {"conversation": CONVERSATION, "draft": draft, "now": NOW, **extra}
    return api.client.post("/v1/guard", headers=api.headers("ann"), json=body)


def test_a_vague_promise_is_revised_with_the_policys_time_and_checked_again(api: Api) -> None:
    draft = "Sorry for the trouble. We will get back to you soon."
    response = _guard(api, draft)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["decision"] == "revise"
    assert (
        result["text"] == "Sorry for the trouble. We'll update you by 17:00 on Wednesday 4 March."
    )
    assert result["policy_revision"]
    [revision] = result["revisions"]
    assert revision["checks"] == ["promises.vague"]
    assert draft[revision["start"] : revision["end"]] == revision["quote"]
    assert [f["check"] for f in result["findings"]] == ["promises.vague"]
    # The revised text, checked on its own, is allowed.
    check = api.client.post(
        "/v1/check",
        headers=api.headers("ann"),
        json={"conversation": CONVERSATION, "draft": result["text"], "now": NOW, "role": "bot"},
    )
    assert check.json()["decision"] == "allow", check.json()


def test_a_request_for_a_password_is_replaced_by_the_safe_alternative(api: Api) -> None:
    result = _guard(api, "Sorry for the trouble. What is your password? I will check.").json()
    assert result["decision"] == "revise"
    assert "What is your password" not in result["text"]
    assert "never share your password" in result["text"]
    assert result["findings"][0]["check"] == "privacy.secret_request"
    assert result["findings"][0]["severity"] == "block"


def test_an_invented_rule_is_handed_over(api: Api) -> None:
    draft = "Sorry for the trouble. This is expected behaviour, as a security feature."
    result = _guard(api, draft).json()
    assert result["decision"] == "revise", result
    assert result["text"].startswith("Sorry for the trouble. I'll check this with a colleague")
    assert result["hands_over"] is True
    assert result["revisions"][0]["hands_over"] is True


def test_a_rude_reply_is_blocked_with_nothing_to_send(api: Api) -> None:
    result = _guard(api, "That's a stupid question. Read the manual.").json()
    assert result["decision"] == "block"
    assert result["text"] is None
    assert result["revisions"] == []
    assert "respect.rude" in result["reason"]


def test_a_compliant_reply_is_allowed_unchanged(api: Api) -> None:
    draft = "Sorry for the trouble. I have sent a password-reset link to your e-mail."
    result = _guard(api, draft).json()
    assert result["decision"] == "allow", result
    assert result["text"] == draft
    assert result["findings"] == []


def test_guard_needs_a_token(api: Api) -> None:
    response = api.client.post("/v1/guard", json={"conversation": CONVERSATION, "draft": "Hi"})
    assert response.status_code == 401
    assert response.json()["error"]["code"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "conversation": {
                    **CONVERSATION,
                    "messages": [{"id": "m1", "role": "boss", "text": "hi"}],
                },
                "draft": "Hi",
            },
            "conversation.messages.0.role",
        ),
        ({"conversation": CONVERSATION}, "draft"),
        ({"conversation": CONVERSATION, "draft": "Hi", "role": "customer"}, "role"),
        ({"conversation": CONVERSATION, "draft": "Hi", "now": "yesterday"}, "now"),
        ({"conversation": CONVERSATION, "draft": "Hi", "mood": "sunny"}, "mood"),
    ],
)
def test_a_bad_request_names_the_field(api: Api, body: dict[str, Any], field: str) -> None:
    response = api.client.post("/v1/guard", headers=api.headers("ann"), json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field


def test_a_draft_over_the_limit_is_refused(api: Api) -> None:
    limit = api.client.app.state.desk.settings.max_message_chars  # type: ignore[attr-defined]
    response = _guard(api, "a" * (limit + 1))
    assert response.status_code == 413
    assert response.json()["error"]["field"] == "draft"


def test_metrics_count_guard_decisions(api: Api) -> None:
    _guard(api, "We will get back to you soon.")
    _guard(api, "That's a stupid question.")
    text = api.client.get("/metrics", headers=api.headers("aud")).text
    assert 'trustdesk_checks_total{endpoint="guard"} 2.0' in text
    assert 'trustdesk_verdicts_total{decision="revise"} 1.0' in text
    assert 'trustdesk_verdicts_total{decision="block"} 1.0' in text
    assert 'trustdesk_check_seconds_count{endpoint="guard"} 2.0' in text
