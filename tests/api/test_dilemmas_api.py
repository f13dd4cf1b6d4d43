"""/v1/dilemmas through HTTP."""

from __future__ import annotations

from api_support import Api

DILEMMA = "dilemma-privacy-vs-responsiveness-verification"


def test_a_dilemma_round_through_the_api(api: Api) -> None:
    listed = api.client.get("/v1/dilemmas", headers=api.headers("ann")).json()
    assert DILEMMA in {d["id"] for d in listed}
    before = api.client.get(f"/v1/dilemmas/{DILEMMA}", headers=api.headers("ann")).json()
    assert before["discussion"] is None
    chosen = api.client.post(
        f"/v1/dilemmas/{DILEMMA}/choices",
        json={"option": "c", "reason": "A hold can be undone; a refund cannot."},
        headers=api.headers("ann"),
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["discussion"]
    assert [o["chosen_by"] for o in chosen.json()["options"]] == [0, 0, 1]
    again = api.client.post(
        f"/v1/dilemmas/{DILEMMA}/choices",
        json={"option": "a", "reason": "x"},
        headers=api.headers("ann"),
    )
    assert again.status_code == 409
    other = api.client.get(f"/v1/dilemmas/{DILEMMA}", headers=api.headers("oto")).json()
    assert other["discussion"] is None
    lead = api.client.get(f"/v1/dilemmas/{DILEMMA}", headers=api.headers("lee")).json()
    assert lead["reasons"] == [
        {"username": "ann", "option": "c", "reason": "A hold can be undone; a refund cannot."}
    ]
    assert api.client.get("/v1/dilemmas/no-such", headers=api.headers("ann")).status_code == 404
