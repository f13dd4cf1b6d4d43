"""/v1/assessments and /v1/judgement-items through HTTP."""

from __future__ import annotations

from api_support import Api


def test_an_assessment_round_through_the_api(api: Api) -> None:
    items = api.client.get("/v1/judgement-items", headers=api.headers("ann")).json()
    assert len(items) >= 12 and "best" not in str(items)
    body = {
        "title": "Week 1",
        "scenario_ids": ["honesty-refund-timeline"],
        "item_ids": ["sjt-empathy-bereavement"],
        "due_at": "2026-12-31T17:00:00+00:00",
    }
    assert (
        api.client.post("/v1/assessments", json=body, headers=api.headers("ann")).status_code == 403
    )
    made = api.client.post("/v1/assessments", json=body, headers=api.headers("lee"))
    assert made.status_code == 201, made.text
    ident = made.json()["id"]
    listed = api.client.get("/v1/assessments", headers=api.headers("ann")).json()
    assert [a["id"] for a in listed] == [ident]
    answered = api.client.post(
        f"/v1/assessments/{ident}/answers",
        json={"answers": {"sjt-empathy-bereavement": "b"}},
        headers=api.headers("ann"),
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["mine"]["items_correct"] == 1
    again = api.client.post(
        f"/v1/assessments/{ident}/answers",
        json={"answers": {"sjt-empathy-bereavement": "a"}},
        headers=api.headers("ann"),
    )
    assert again.status_code == 409
    stats = api.client.get(
        f"/v1/assessments/{ident}/item-statistics", headers=api.headers("lee")
    ).json()
    assert stats == [
        {
            "item": "sjt-empathy-bereavement",
            "answers": 1,
            "difficulty": 1.0,
            "discrimination": None,
            "chosen": {"b": 1},
        }
    ]
    assert api.client.get(f"/v1/assessments/{ident}", headers=api.headers("oto")).status_code == 404
    assert (
        api.client.get(
            f"/v1/assessments/{ident}/item-statistics", headers=api.headers("ann")
        ).status_code
        == 403
    )


def test_statistics_give_alpha_per_principle_or_say_why_not(api: Api) -> None:
    body = {
        "title": "Privacy",
        "scenario_ids": [],
        "item_ids": ["sjt-privacy-caller", "sjt-empathy-bereavement"],
    }
    ident = api.client.post("/v1/assessments", json=body, headers=api.headers("lee")).json()["id"]
    answered = api.client.post(
        f"/v1/assessments/{ident}/answers",
        json={"answers": {"sjt-privacy-caller": "b", "sjt-empathy-bereavement": "a"}},
        headers=api.headers("ann"),
    )
    assert answered.status_code == 200, answered.text
    mine = answered.json()["mine"]["principles"]
    assert {"principle": "privacy", "answered": 1, "correct": 1} in mine
    got = api.client.get(f"/v1/assessments/{ident}/statistics", headers=api.headers("lee"))
    assert got.status_code == 200, got.text
    assert [i["item"] for i in got.json()["items"]] == body["item_ids"]
    overall = got.json()["overall"]
    assert (overall["principle"], overall["items"], overall["people"]) == ("all principles", 2, 1)
    assert overall["reason"] == "1 person answered all its items; alpha needs at least 5"
    for row in got.json()["principles"]:
        assert row["alpha"] is None and row["reason"]
        assert row["people"] <= 1
    denied = api.client.get(f"/v1/assessments/{ident}/statistics", headers=api.headers("ann"))
    assert denied.status_code == 403
    other = api.client.get(f"/v1/assessments/{ident}/statistics", headers=api.headers("oto"))
    assert other.status_code == 403
