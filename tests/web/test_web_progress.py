"""The practice progress page: charts drawn on the server with their values in words."""

from __future__ import annotations

from web_support import Web

SCENARIO = "honesty-refund-timeline"
GOOD = (
    "I have approved the refund for order 5521 just now. I can't make it arrive today: refunds "
    "reach your account within 5-10 business days of approval, depending on your bank."
)
POOR = (
    "Your refund has been approved. Refunds are processed within 24 hours, so the money will "
    "be back in your account tomorrow."
)


def test_a_lead_reads_the_teams_progress_with_charts_and_an_agent_only_their_own(
    web: Web,
) -> None:
    ann = web.signed_in("ann")
    ann.get(f"/practice/{SCENARIO}")
    for reply in (POOR, GOOD):
        assert ann.post(f"/practice/{SCENARIO}", {"reply": reply}).status_code == 200
    oto = web.signed_in("oto")
    oto.get(f"/practice/{SCENARIO}")
    oto.post(f"/practice/{SCENARIO}", {"reply": POOR})

    page = web.signed_in("lee").get("/progress").text
    assert "Practice progress" in page and "correlation" in page
    assert 'data-team-report="Support"' in page and 'data-team-report="Billing"' not in page
    assert '<svg class="chart"' in page and "<script" not in page.split("<main")[1]
    assert "Support: pass rate by attempt number" in page
    step = page.split('data-step="2"')[1].split("</tr>")[0]
    assert "<td>1 (100%)</td>" in step
    assert ">100% of 1</text>" in page  # the bar's value written beside it
    assert 'data-failing="honesty"' in page and "1 of 2 attempts flagged" in page
    row = page.split('data-person="ann"')[1].split("</tr>")[0]
    assert "1 of 1" in row and "honesty 1/2" in row
    assert 'data-person="oto"' not in page

    own = ann.get("/progress").text
    assert 'data-person-report="ann"' in own and 'data-person="lee"' not in own
    assert 'data-live="honesty"' in own and "no replies" in own
    lead_on_ann = web.signed_in("lee").get(f"/progress?user_id={web.staff.agent.user_id}")
    assert 'data-person-report="ann"' in lead_on_ann.text
