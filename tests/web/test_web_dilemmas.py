"""Dilemmas in the web desk: choose with a reason, then the discussion and the team's choices."""

from __future__ import annotations

from web_support import Web

DILEMMA = "dilemma-transparency-vs-respect-blame"


def test_a_dilemma_in_the_desk(web: Web) -> None:
    ann = web.signed_in("ann")
    assert f'href="/dilemmas/{DILEMMA}"' in ann.get("/dilemmas").text
    page = ann.get(f"/dilemmas/{DILEMMA}").text
    assert "What would you do?" in page and "What careful teams weigh" not in page
    refused = ann.post(f"/dilemmas/{DILEMMA}", {"option": "c", "reason": " "})
    assert refused.status_code == 422 and "say why" in refused.text
    chosen = ann.post(f"/dilemmas/{DILEMMA}", {"option": "c", "reason": "Facts, no blame."})
    assert chosen.status_code == 303
    after = ann.get(f"/dilemmas/{DILEMMA}").text
    assert "What careful teams weigh" in after and "Facts, no blame." in after
    row = after.split('data-option="c"')[1].split("</tr>")[0]
    assert row.endswith("<td>1</td>")
    lead = web.signed_in("lee").get(f"/dilemmas/{DILEMMA}").text
    assert "Your team's reasons" in lead and "ann (c)" in lead
    other = web.signed_in("oto").get(f"/dilemmas/{DILEMMA}").text
    assert "What careful teams weigh" not in other
