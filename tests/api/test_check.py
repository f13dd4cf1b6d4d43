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


def test_findings_carry_a_confidence_and_the_policy_thresholds_apply(api: Api) -> None:
    from trustdesk.policy.loader import default_policy_text

    body = {"conversation": CONVERSATION, "draft": "What is your password? I will reset it."}
    default = api.client.post("/v1/check", headers=api.headers("ann"), json=body).json()
    (asked,) = [f for f in default["findings"] if f["check"] == "privacy.secret_request"]
    assert 0.5 <= asked["confidence"] < 1

    # No confidence reaches 1: with block_confidence 1 the password request only warns.
    unsure = (
        default_policy_text()
        .replace('revision: "2026-11"', 'revision: "unsure"')
        .replace("  block_confidence: 0.5\n", "  block_confidence: 1\n")
    )
    saved = api.client.put("/v1/policy", headers=api.headers("ada"), json={"yaml": unsure})
    assert saved.status_code == 200, saved.text
    lowered = api.client.post("/v1/check", headers=api.headers("ann"), json=body).json()
    (asked,) = [f for f in lowered["findings"] if f["check"] == "privacy.secret_request"]
    assert (lowered["decision"], asked["severity"]) == ("warn", "warn")
    assert asked["data"]["lowered_from"] == "block"

    hidden = unsure.replace('"unsure"', '"hidden"').replace(
        "  min_confidence: 0.0\n", "  min_confidence: 1\n"
    )
    saved = api.client.put("/v1/policy", headers=api.headers("ada"), json={"yaml": hidden})
    assert saved.status_code == 200, saved.text
    quiet = api.client.post("/v1/check", headers=api.headers("ann"), json=body).json()
    assert (quiet["decision"], quiet["findings"]) == ("allow", [])


def test_thresholds_out_of_order_are_refused_with_their_line(api: Api) -> None:
    from trustdesk.policy.loader import default_policy_text

    text = default_policy_text().replace("  min_confidence: 0.0\n", "  min_confidence: 0.9\n")
    response = api.client.put("/v1/policy", headers=api.headers("ada"), json={"yaml": text})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "verdict"
    assert "must not be above block_confidence" in error["message"]
    assert text.splitlines()[error["line"] - 1] == "verdict:"
