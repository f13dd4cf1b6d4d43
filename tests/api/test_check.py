"""POST /v1/check (stateless, for bots and other helpdesks), /healthz and /metrics."""

from __future__ import annotations

from api_support import Api
from trustdesk.store.migrate import head_revision

CONVERSATION = {
    "id": "bot-7",
    "messages": [
        {
            "id": "m1",
            "role": "customer",
            "at": "2026-03-02T09:55:00Z",
            "text": "I can't get into my account.",
        }
    ],
}


def test_check_returns_the_verdict_with_evidence_and_fixes(api: Api) -> None:
    response = api.client.post(
        "/v1/check",
        headers=api.headers("ann"),
        json={
            "conversation": CONVERSATION,
            "draft": "What is your password? I will reset it.",
            "role": "bot",
        },
    )
    assert response.status_code == 200, response.text
    verdict = response.json()
    assert verdict["decision"] == "block"
    assert verdict["policy_revision"]
    finding = next(f for f in verdict["findings"] if f["check"] == "privacy.secret_request")
    draft = "What is your password? I will reset it."
    assert draft[finding["start"] : finding["end"]] == finding["quote"]
    assert finding["suggestion"]


def test_a_polite_answer_is_allowed(api: Api) -> None:
    response = api.client.post(
        "/v1/check",
        headers=api.headers("ann"),
        json={
            "conversation": CONVERSATION,
            "draft": "Sorry you are locked out. I have sent a password-reset link to your e-mail.",
            "now": "2026-03-02T10:00:00Z",
        },
    )
    assert response.json()["decision"] == "allow", response.json()


def test_a_bad_conversation_names_the_field(api: Api) -> None:
    bad = {**CONVERSATION, "messages": [{"id": "m1", "role": "boss", "text": "hi"}]}
    response = api.client.post(
        "/v1/check", headers=api.headers("ann"), json={"conversation": bad, "draft": "Hello"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "conversation.messages.0.role"


def test_check_needs_a_token(api: Api) -> None:
    response = api.client.post("/v1/check", json={"conversation": CONVERSATION, "draft": "Hi"})
    assert response.status_code == 401


def test_metrics_count_checks_verdicts_and_latency(api: Api) -> None:
    for draft in ("What is your password?", "Thanks, all sorted."):
        api.client.post(
            "/v1/check",
            headers=api.headers("ann"),
            json={"conversation": CONVERSATION, "draft": draft, "now": "2026-03-02T10:00:00Z"},
        )
    assert api.client.get("/metrics").status_code == 401
    text = api.client.get("/metrics", headers=api.headers("aud")).text
    assert 'trustdesk_checks_total{endpoint="check"} 2.0' in text
    assert 'trustdesk_verdicts_total{decision="block"} 1.0' in text
    assert 'trustdesk_verdicts_total{decision="allow"} 1.0' in text
    assert 'trustdesk_check_seconds_count{endpoint="check"} 2.0' in text
    assert 'trustdesk_findings_total{check="privacy.secret_request"} 1.0' in text


def test_healthz_needs_no_token(api: Api) -> None:
    health = api.client.get("/healthz").json()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["schema_revision"] == head_revision()
