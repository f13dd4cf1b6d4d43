"""Dilemmas in the open: raised by someone of a team, discussed in a thread, closed by a lead
with a decision that can become a policy clarification or a team scenario."""

from __future__ import annotations

import pytest

from desk_support import Staff, new_ticket
from trustdesk.desk import audit_log, policies, raised_dilemmas, replies, training
from trustdesk.desk.desk import Desk
from trustdesk.desk.dilemma_outcomes import (
    FactClarification,
    MustDiscloseClarification,
    NeverSayClarification,
    ScenarioPlan,
    clarified_policy,
)
from trustdesk.desk.policy_form import unified_diff
from trustdesk.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    PolicyError,
)
from trustdesk.model import Principle
from trustdesk.policy.loader import default_policy_text

BACKDATE = NeverSayClarification(
    kind="never_say",
    phrase="we can backdate it",
    reason="A form is dated when it is signed; backdating it misleads whoever reads it.",
    suggestion="Say what the date on the form means and what we can do instead.",
)


def _audit(
    desk: Desk, staff: Staff, entity: str
) -> list[tuple[str, str | None, dict[str, object]]]:
    page = audit_log.list_entries(desk, staff.admin, entity=entity)
    return [(e.action, e.actor, e.detail) for e in reversed(page.items)]


def test_a_dilemma_is_raised_discussed_and_kept_in_the_team(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    raised = raised_dilemmas.raise_dilemma(
        desk,
        staff.agent,
        title="Robin asks me to backdate a form",
        situation="Robin Shaw (robin@example.org, +44 20 7946 0958) asks me to date the "
        "return form last week, so the refund window still applies.",
        ticket_id=ticket.id,
    )
    assert raised.title == "[customer] asks me to backdate a form"
    assert "robin@example.org" not in raised.situation and "7946" not in raised.situation
    assert raised.situation.startswith("[customer] ([e-mail removed], [phone number removed])")
    assert raised.status == "open" and raised.ticket_id == ticket.id and raised.raised_by == "ann"

    raised_dilemmas.comment(desk, staff.lead, raised.id, text="What does the policy say?")
    thread = raised_dilemmas.comment(desk, staff.agent, raised.id, text="Nothing on dates.")
    assert [(c.username, c.text) for c in thread.thread] == [
        ("lee", "What does the policy say?"),
        ("ann", "Nothing on dates."),
    ]
    assert [d.comments for d in raised_dilemmas.list_raised(desk, staff.lead)] == [2]

    # Another team does not learn it exists; auditors read it and change nothing.
    assert raised_dilemmas.list_raised(desk, staff.other_agent) == []
    with pytest.raises(NotFoundError):
        raised_dilemmas.get_raised(desk, staff.other_agent, raised.id)
    with pytest.raises(NotFoundError):
        raised_dilemmas.comment(desk, staff.other_agent, raised.id, text="Just do it.")
    assert raised_dilemmas.get_raised(desk, staff.auditor, raised.id).comments == 2
    with pytest.raises(PermissionDeniedError):
        raised_dilemmas.comment(desk, staff.auditor, raised.id, text="Noted.")
    # ... nor on another team's ticket.
    with pytest.raises(NotFoundError):
        raised_dilemmas.raise_dilemma(
            desk, staff.other_agent, title="t", situation="s", ticket_id=ticket.id
        )
    assert [(a, who) for a, who, _ in _audit(desk, staff, "raised_dilemma")] == [("create", "ann")]
    assert [(a, who) for a, who, _ in _audit(desk, staff, "dilemma_comment")] == [
        ("create", "lee"),
        ("create", "ann"),
    ]


def test_a_lead_proposes_a_never_say_phrase_and_an_admin_puts_it_in_force(
    desk: Desk, staff: Staff
) -> None:
    raised = raised_dilemmas.raise_dilemma(
        desk, staff.agent, title="Backdating a form", situation="A customer asks me to backdate."
    )
    with pytest.raises(PermissionDeniedError):
        raised_dilemmas.close(desk, staff.agent, raised.id, decision="No.")
    before = policies.get_active_policy(desk, staff.admin)
    closed = raised_dilemmas.close(
        desk, staff.lead, raised.id, decision="We never backdate.", clarification=BACKDATE
    )
    assert (closed.status, closed.outcome, closed.closed_by) == ("closed", "policy", "lee")
    assert closed.clarification_status == "proposed"
    assert closed.clarification is not None
    assert closed.clarification["revision"] == f"{before.revision}+dilemma-{raised.id}"
    # A lead proposes; the policy stays as it was until an admin applies it.
    assert policies.get_active_policy(desk, staff.admin).id == before.id
    with pytest.raises(PermissionDeniedError):
        raised_dilemmas.apply_clarification(desk, staff.lead, raised.id)
    with pytest.raises(ConflictError):
        raised_dilemmas.comment(desk, staff.agent, raised.id, text="Late thought.")
    with pytest.raises(ConflictError):
        raised_dilemmas.close(desk, staff.lead, raised.id, decision="Again.")

    applied = raised_dilemmas.apply_clarification(desk, staff.admin, raised.id)
    assert applied.clarification_status == "applied"
    active = policies.get_active_policy(desk, staff.admin)
    assert applied.policy_revision_id == active.id != before.id
    assert "we can backdate it" in [n.phrase for n in desk.policy.never_say]
    with pytest.raises(ConflictError):
        raised_dilemmas.apply_clarification(desk, staff.admin, raised.id)
    # The new phrase judges replies at once.
    ticket = new_ticket(desk, staff.agent)
    verdict = replies.check_draft(
        desk, staff.agent, ticket_id=ticket.id, text="Sure, we can backdate it."
    )
    assert "conduct.never_say" in {f.check for f in verdict.findings}
    assert [
        (a, who, d.get("outcome") or d.get("clarification"))
        for a, who, d in _audit(desk, staff, "raised_dilemma")
    ] == [
        ("create", "ann", None),
        ("update", "lee", "policy"),
        ("update", "ada", "applied"),
    ]
    assert [who for _, who, _ in _audit(desk, staff, "policy_revision")][-1] == "ada"


def test_an_admin_closing_applies_at_once_and_can_decline_a_leads_proposal(
    desk: Desk, staff: Staff
) -> None:
    first = raised_dilemmas.raise_dilemma(desk, staff.lead, title="Delays", situation="Say why?")
    rule = MustDiscloseClarification(
        kind="must_disclose",
        id="delay-reason",
        when=["is delayed"],
        mention=["because"],
        reason="A delay without its reason leaves the customer guessing.",
    )
    closed = raised_dilemmas.close(
        desk, staff.admin, first.id, decision="Always say why.", clarification=rule
    )
    assert closed.clarification_status == "applied"
    assert "delay-reason" in [d.id for d in desk.policy.must_disclose]

    second = raised_dilemmas.raise_dilemma(desk, staff.agent, title="Fees", situation="Fees?")
    fact = FactClarification(
        kind="fact",
        fact_kind="amount",
        topic="re-delivery fee",
        triggers=["re-delivery fee"],
        statement="A re-delivery costs 5 EUR.",
        amount=5,
        currency="EUR",
    )
    raised_dilemmas.close(desk, staff.lead, second.id, decision="Quote it.", clarification=fact)
    with pytest.raises(InputError, match="say why"):
        raised_dilemmas.decline_clarification(desk, staff.admin, second.id, note=" ")
    declined = raised_dilemmas.decline_clarification(
        desk, staff.admin, second.id, note="The fee changes monthly."
    )
    assert (declined.clarification_status, declined.clarification_note) == (
        "declined",
        "The fee changes monthly.",
    )
    assert "re-delivery fee" not in [f.topic for f in desk.policy.facts]


def test_a_clarification_the_policy_cannot_take_leaves_the_dilemma_open(
    desk: Desk, staff: Staff
) -> None:
    raised = raised_dilemmas.raise_dilemma(
        desk, staff.agent, title="Refunds", situation="How long?"
    )
    unitless = FactClarification(
        kind="fact",
        fact_kind="duration",
        topic="refund time",
        triggers=["refund"],
        statement="Refunds take 5 days.",
        min=5,
        max=5,
    )
    with pytest.raises(PolicyError):
        raised_dilemmas.close(
            desk, staff.lead, raised.id, decision="5 days.", clarification=unitless
        )
    assert raised_dilemmas.get_raised(desk, staff.lead, raised.id).status == "open"


def test_a_decision_becomes_a_team_scenario(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(
        desk, staff.agent, text="Hi, I'm Robin Shaw. Could you date my return form last week?"
    )
    on_ticket = raised_dilemmas.raise_dilemma(
        desk, staff.agent, title="Backdating", situation="Asked to backdate.", ticket_id=ticket.id
    )
    closed = raised_dilemmas.close(
        desk,
        staff.lead,
        on_ticket.id,
        decision="Decline kindly and explain what the date means; offer what we can do.",
        scenario=ScenarioPlan(principles=[Principle.HONESTY]),
    )
    assert (closed.outcome, closed.scenario_id) == ("scenario", f"raised-dilemma-{on_ticket.id}")
    scenario = training.find_scenario(desk, staff.agent, closed.scenario_id)
    assert scenario.origin == f"dilemma {on_ticket.id}"
    assert scenario.good_reply.startswith("Decline kindly")
    assert "[customer]" in scenario.conversation.messages[-1].text
    with pytest.raises(NotFoundError):
        training.find_scenario(desk, staff.other_agent, closed.scenario_id)

    general = raised_dilemmas.raise_dilemma(desk, staff.agent, title="Gifts", situation="Gift?")
    with pytest.raises(InputError, match="customer's message"):
        raised_dilemmas.close(
            desk, staff.lead, general.id, decision="Decline.", scenario=ScenarioPlan()
        )
    made = raised_dilemmas.close(
        desk,
        staff.lead,
        general.id,
        decision="Thank them and decline the gift.",
        scenario=ScenarioPlan(
            id="gift-offer",
            principles=[Principle.HONESTY],
            customer_message="You were so helpful, can I send you a gift card? Mail me at a@b.org",
        ),
    )
    text = training.find_scenario(desk, staff.lead, "gift-offer").conversation.messages[0].text
    assert made.scenario_id == "gift-offer" and "a@b.org" not in text
    assert [d for _, _, d in _audit(desk, staff, "team_scenario")] == [{}, {}]


def test_a_clarification_adds_its_entry_and_label_and_changes_nothing_else() -> None:
    text = default_policy_text()
    changed = clarified_policy(text, BACKDATE, revision="2026-12-dilemma")
    diff = unified_diff(text, changed, old_label="before", new_label="after")
    removed = [line for kind, line in diff if kind == "remove"]
    added = [line for kind, line in diff if kind == "add"]
    assert len(removed) == 1 and removed[0].startswith("-revision:")
    assert '+revision: "2026-12-dilemma"' in added
    assert any("we can backdate it" in line for line in added)
    # The same entry twice is one entry.
    assert clarified_policy(changed, BACKDATE, revision="again") == changed
