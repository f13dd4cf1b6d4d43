"""/v1/scenarios and /v1/practice through HTTP, with roles and teams enforced."""

from __future__ import annotations

from api_support import Api

SCENARIO = "empathy-bereaved-refund"
GOOD = (
    "I'm so sorry for the loss of your father. I have asked for the February renewal to be "
    "refunded in full, and I will email you by 5pm tomorrow to confirm it has been approved."
)
POOR = "Renewals can only be refunded within 14 days. Please send the death certificate."


def test_a_practice_round_through_the_api(api: Api) -> None:
    listed = api.client.get("/v1/scenarios?principle=empathy", headers=api.headers("ann"))
    assert listed.status_code == 200
    assert SCENARIO in {s["id"] for s in listed.json()}
    opened = api.client.get(f"/v1/scenarios/{SCENARIO}", headers=api.headers("ann")).json()
    assert opened["conversation"]["messages"][0]["role"] == "customer"
    assert "exemplary" not in opened  # shown after the attempt, not before
    poor = api.client.post(
        "/v1/practice", json={"scenario_id": SCENARIO, "reply": POOR}, headers=api.headers("ann")
    )
    assert poor.status_code == 201
    body = poor.json()
    assert body["attempt"]["passed"] is False
    finding = body["attempt"]["findings"][0]
    assert finding["check"] == "empathy.missing"
    assert finding["quote"] and finding["explanation"] and finding["suggestion"]
    assert body["exemplary"] and body["good_reply"]
    good = api.client.post(
        "/v1/practice", json={"scenario_id": SCENARIO, "reply": GOOD}, headers=api.headers("ann")
    ).json()
    assert good["attempt"]["passed"] is True
    assert all(r["met"] for r in good["attempt"]["requirements"])
    mine = api.client.get("/v1/practice", headers=api.headers("ann")).json()
    assert [a["passed"] for a in mine] == [True, False]


def test_another_team_never_sees_the_attempts(api: Api) -> None:
    api.client.post(
        "/v1/practice", json={"scenario_id": SCENARIO, "reply": GOOD}, headers=api.headers("ann")
    )
    assert api.client.get("/v1/practice", headers=api.headers("oto")).json() == []
    assert len(api.client.get("/v1/practice", headers=api.headers("lee")).json()) == 1


def test_an_unknown_scenario_is_404_and_a_bad_id_422(api: Api) -> None:
    assert api.client.get("/v1/scenarios/no-such", headers=api.headers("ann")).status_code == 404
    bad = api.client.post(
        "/v1/practice", json={"scenario_id": "Bad Id", "reply": GOOD}, headers=api.headers("ann")
    )
    assert bad.status_code == 422


def test_only_leads_add_scenarios_and_a_team_sees_only_its_own(api: Api) -> None:
    scenario = api.client.get(f"/v1/scenarios/{SCENARIO}", headers=api.headers("ann")).json()
    own = {
        "id": "own-bereavement",
        "title": "Our bereavement case",
        "principles": ["empathy"],
        "situation": scenario["situation"],
        "good_reply": "Condolences first.",
        "conversation": scenario["conversation"],
        "requires": [{"kind": "acknowledgement"}],
        "exemplary": [{"text": GOOD}],
        "poor": [{"text": POOR}],
    }
    denied = api.client.post("/v1/scenarios", json=own, headers=api.headers("ann"))
    assert denied.status_code == 403
    added = api.client.post("/v1/scenarios", json=own, headers=api.headers("lee"))
    assert added.status_code == 201
    assert added.json()["origin"] == "team"
    seen = {s["id"] for s in api.client.get("/v1/scenarios", headers=api.headers("ann")).json()}
    assert "own-bereavement" in seen
    other = {s["id"] for s in api.client.get("/v1/scenarios", headers=api.headers("oto")).json()}
    assert "own-bereavement" not in other
    again = api.client.post("/v1/scenarios", json=own, headers=api.headers("lee"))
    assert again.status_code == 409


def test_a_lead_makes_a_scenario_from_a_ticket(api: Api) -> None:
    created = api.client.post(
        "/v1/tickets",
        json={
            "customer": {"external_id": "cus-5", "name": "Dana Fox"},
            "subject": "Refund",
            "text": "Dana here, I was charged twice. When will I get my money back?",
        },
        headers=api.headers("ann"),
    )
    assert created.status_code == 201, created.text
    ticket = created.json()
    made = api.client.post(
        f"/v1/tickets/{ticket['id']}/scenarios",
        json={
            "message_id": ticket["messages"][0]["id"],
            "id": "case-charged-twice",
            "title": "Charged twice",
            "principles": ["transparency"],
        },
        headers=api.headers("lee"),
    )
    assert made.status_code == 201, made.text
    opened = api.client.get("/v1/scenarios/case-charged-twice", headers=api.headers("ann"))
    text = opened.json()["conversation"]["messages"][0]["text"]
    assert text.startswith("[customer] here")


def test_progress_is_for_leads_and_stays_in_the_team(api: Api) -> None:
    api.client.post(
        "/v1/practice", json={"scenario_id": SCENARIO, "reply": GOOD}, headers=api.headers("ann")
    )
    assert api.client.get("/v1/practice/progress", headers=api.headers("ann")).status_code == 403
    rows = api.client.get("/v1/practice/progress", headers=api.headers("lee")).json()
    ann = next(row for row in rows if row["username"] == "ann")
    assert (ann["passed"], ann["principles"]) == (
        1,
        [
            {"principle": "empathy", "tried": 1, "passed": 1},
            {"principle": "fair_remedy", "tried": 1, "passed": 1},
        ],
    )
    assert "oto" not in {row["username"] for row in rows}


def test_a_scenario_whose_policy_snippet_does_not_fit_is_refused_with_its_field(
    api: Api,
) -> None:
    scenario = api.client.get(f"/v1/scenarios/{SCENARIO}", headers=api.headers("ann")).json()
    own = {
        "id": "own-bad-policy",
        "title": "Bad snippet",
        "principles": ["empathy"],
        "situation": "x",
        "good_reply": "y",
        "conversation": scenario["conversation"],
        "policy": {"checks": {"no.such": {"enabled": True}}},
    }
    refused = api.client.post("/v1/scenarios", json=own, headers=api.headers("lee"))
    assert refused.status_code == 422
    assert "no check is called 'no.such'" in refused.text
    assert "own-bad-policy" not in {
        s["id"] for s in api.client.get("/v1/scenarios", headers=api.headers("lee")).json()
    }


def test_the_progress_report_through_the_api_is_scoped_like_everything_else(api: Api) -> None:
    for who, reply in (("ann", POOR), ("ann", GOOD), ("oto", POOR)):
        made = api.client.post(
            "/v1/practice", json={"scenario_id": SCENARIO, "reply": reply}, headers=api.headers(who)
        )
        assert made.status_code == 201, made.text
    own = api.client.get("/v1/practice/report", headers=api.headers("ann"))
    assert own.status_code == 200, own.text
    (ann,) = own.json()["people"]
    assert (ann["username"], ann["attempts"], ann["passed"]) == ("ann", 2, 1)
    assert [(s["number"], s["passed"]) for s in ann["by_attempt"]] == [(1, 0), (2, 1)]
    assert ann["first_and_latest"]["latest_passed"] == 1
    assert {link["principle"] for link in ann["live"]} == {"empathy", "fair_remedy"}
    assert all(link["before"]["replies"] == 0 for link in ann["live"])
    lead = api.client.get("/v1/practice/report", headers=api.headers("lee")).json()
    assert {p["username"] for p in lead["people"]} == {"ann", "lee"}
    assert [t["team"] for t in lead["teams"]] == ["Support"]
    assert "correlation" in lead["caveat"]
    oto = api.client.get("/v1/practice/report", headers=api.headers("oto")).json()
    assert [p["username"] for p in oto["people"]] == ["oto"]
    bad = api.client.get("/v1/practice/report?user_id=0", headers=api.headers("lee"))
    assert bad.status_code == 422
