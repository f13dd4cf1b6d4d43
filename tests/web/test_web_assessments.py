"""Assessments in the web desk: a lead sets one, an agent answers, the lead reads the results."""

from __future__ import annotations

from web_support import Web


def test_a_lead_sets_an_assessment_an_agent_answers_and_the_lead_reads_statistics(
    web: Web,
) -> None:
    lee = web.signed_in("lee")
    page = lee.get("/assessments").text
    assert "Set an assessment for your team" in page
    made = lee.post(
        "/assessments",
        {
            "title": "Week 1",
            "scenario_ids": ["honesty-refund-timeline"],
            "item_ids": ["sjt-privacy-caller", "sjt-respect-mistake"],
            "due_at": "2026-12-31T17:00",
        },
    )
    assert made.status_code == 303
    url = made.headers["location"]

    ann = web.signed_in("ann")
    assert "Set an assessment" not in ann.get("/assessments").text
    detail = ann.get(url).text
    assert "What would you do?" in detail and "Best:" not in detail
    answered = ann.post(
        f"{url}/answers", {"item:sjt-privacy-caller": "b", "item:sjt-respect-mistake": "a"}
    )
    assert answered.status_code == 303
    after = ann.get(url).text
    assert "Best:" in after and "Your choice:" in after
    assert "1 of 2 judgement answers best" in after
    assert "By principle: " in after and "privacy 1 of 1" in after
    assert "Item statistics" not in after

    lead_view = lee.get(url).text
    row = lead_view.split('data-person="ann"')[1].split("</tr>")[0]
    assert "1 of 2 answered" in row
    stats = lead_view.split('data-item="sjt-privacy-caller"')[1].split("</tr>")[0]
    assert "<td>1</td><td>1.00</td><td>—</td><td>b: 1</td>" in stats
    alpha = lead_view.split('data-principle="privacy"')[1].split("</tr>")[0]
    assert "<td>1</td><td>1</td>" in alpha  # one item, one person who answered it
    assert "not shown: only 1 item trains it; alpha needs at least 2" in alpha
    assert web.signed_in("oto").get(url).status_code == 404


def test_a_bad_assessment_form_is_refused_in_the_page(web: Web) -> None:
    lee = web.signed_in("lee")
    lee.get("/assessments")
    refused = lee.post("/assessments", {"title": "Empty"})
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text and "at least one scenario" in refused.text
    assert 'value="Empty"' in refused.text
