"""Policy revisions: the newest is in force; an admin edits it in the desk; a changed file is
recorded at start-up; other processes pick up a saved policy after a refresh."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from desk_support import FakeClock, Staff, new_ticket, open_desk
from trustdesk.desk import audit_log, policies, replies
from trustdesk.desk.desk import Desk
from trustdesk.errors import InputError, PermissionDeniedError, PolicyError
from trustdesk.policy.loader import default_policy_text

DEFAULT = default_policy_text()
GOOD = (
    "I am sorry your parcel is late. I have asked the courier to trace it and I will email "
    "you by 4pm tomorrow with what they find."
)
NEVER_COURIER = (
    "never_say:\n"
    "  - phrase: the courier\n"
    "    reason: Name the carrier, so the customer can follow the parcel.\n"
    "    severity: block\n"
)


def edited(text: str = DEFAULT, *, label: str = "2026-12", never_say: bool = True) -> str:
    """The default policy under a new label, with "the courier" on the never-say list."""
    changed = text.replace('revision: "2026-11"', f'revision: "{label}"')
    if never_say:
        changed = changed.replace("never_say:\n", NEVER_COURIER, 1)
    assert changed != text or (label == "2026-11" and not never_say)
    return changed


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@contextmanager
def counting_queries(desk: Desk) -> Iterator[list[str]]:
    # The SELECTs it sends (BEGIN and COMMIT aside).
    statements: list[str] = []

    def count(*args: object) -> None:
        if str(args[2]).startswith("SELECT"):
            statements.append(str(args[2]))

    event.listen(desk.db, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(desk.db, "before_cursor_execute", count)


def test_the_configured_policy_is_recorded_once_and_in_force(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    active = policies.get_active_policy(desk, staff.agent)
    assert active.source == "default" and active.revision == "2026-11"
    assert active.yaml == DEFAULT and active.active
    assert active.created_by is None and active.created_by_user_id is None
    assert desk.in_force.revision_id == active.id
    again = open_desk(desk.settings.database_url, clock)
    try:
        assert again.in_force.revision_id == active.id
        assert [r.id for r in policies.list_policy_revisions(again, staff.lead)] == [active.id]
    finally:
        again.close()


def test_a_saved_policy_changes_what_check_draft_decides(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    before = replies.check_draft(desk, staff.agent, ticket_id=ticket.id, text=GOOD)
    assert before.decision == "allow"
    first = replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=GOOD)
    assert first.message.policy_revision == "2026-11"

    saved = policies.save_policy(desk, staff.admin, yaml_text=edited())
    assert saved.source == "desk" and saved.revision == "2026-12" and saved.active
    assert saved.created_by == "ada" and saved.created_by_user_id == staff.admin.user_id
    assert desk.policy.revision == "2026-12" and desk.in_force.revision_id == saved.id
    after = replies.check_draft(desk, staff.agent, ticket_id=ticket.id, text=GOOD)
    assert after.decision == "block"
    assert [f.check for f in after.findings] == ["conduct.never_say"]
    sent = replies.send_reply(
        desk,
        staff.lead,
        ticket_id=ticket.id,
        text=GOOD,
        override_reason="The customer asked which carrier has the parcel.",
    )
    assert sent.message.policy_revision == "2026-12"

    listed = policies.list_policy_revisions(desk, staff.auditor)
    assert [(r.revision, r.source, r.active) for r in listed] == [
        ("2026-12", "desk", True),
        ("2026-11", "default", False),
    ]
    assert [r.messages_judged for r in listed] == [1, 1]
    assert policies.get_active_policy(desk, staff.lead).id == saved.id
    [entry] = audit_log.list_entries(desk, staff.auditor, entity="policy_revision").items[:1]
    assert entry.actor == "ada" and entry.entity_id == str(saved.id)
    assert entry.detail["revision"] == "2026-12" and entry.detail["source"] == "desk"


@pytest.mark.parametrize(
    ("broken", "fragment", "field"),
    [
        (DEFAULT.replace("first_response: 4h", "first_response: soon"), "first_response", "sla"),
        (DEFAULT.replace("name: trustdesk default", "name: trustdesk: default"), "name:", None),
        (
            DEFAULT.replace("      lookback_messages: 12", "      lookback_messages: many"),
            "lookback_messages: many",
            "checks.autonomy.no_consent.params.lookback_messages",
        ),
    ],
    ids=["bad-value", "bad-yaml", "bad-check-param"],
)
def test_a_policy_mistake_is_refused_with_its_line_and_the_old_policy_stays(
    desk: Desk, staff: Staff, broken: str, fragment: str, field: str | None
) -> None:
    in_force = desk.policy
    with pytest.raises(PolicyError) as error:
        policies.save_policy(desk, staff.admin, yaml_text=broken)
    assert error.value.line == line_of(broken, fragment)
    if field is not None:
        assert (error.value.field or "").startswith(field)
    assert desk.policy is in_force
    assert len(policies.list_policy_revisions(desk, staff.admin)) == 1


def test_a_label_already_used_by_another_policy_is_refused(desk: Desk, staff: Staff) -> None:
    with pytest.raises(InputError) as error:
        policies.save_policy(desk, staff.admin, yaml_text=edited(label="2026-11"))
    assert error.value.field == "revision"
    assert "2026-11" in str(error.value)
    assert desk.policy.revision == "2026-11" and len(desk.policy.never_say) == 5
    # A change of comments alone is the same policy: it may keep its label.
    commented = DEFAULT.replace("# Service levels:", "# Service levels (agreed with ops):")
    saved = policies.save_policy(desk, staff.admin, yaml_text=commented)
    assert saved.revision == "2026-11" and saved.source == "desk"
    # Going back to an earlier policy, label and all, is allowed too.
    policies.save_policy(desk, staff.admin, yaml_text=edited())
    back = policies.save_policy(desk, staff.admin, yaml_text=DEFAULT)
    assert back.revision == "2026-11" and back.active
    assert len(policies.list_policy_revisions(desk, staff.admin)) == 4


def test_saving_the_policy_in_force_again_changes_nothing(desk: Desk, staff: Staff) -> None:
    active = policies.get_active_policy(desk, staff.admin)
    same = policies.save_policy(desk, staff.admin, yaml_text=DEFAULT.replace("\n", "\r\n"))
    assert same.id == active.id and same.source == "default"
    assert len(policies.list_policy_revisions(desk, staff.admin)) == 1
    assert audit_log.list_entries(desk, staff.admin, entity="policy_revision").items[0].actor == (
        "system"
    )


@pytest.mark.parametrize("who", ["lead", "agent", "auditor"])
def test_only_an_admin_edits_the_policy(desk: Desk, staff: Staff, who: str) -> None:
    actor = getattr(staff, who)
    with pytest.raises(PermissionDeniedError, match="change the policy"):
        policies.save_policy(desk, actor, yaml_text=edited())
    assert policies.get_active_policy(desk, actor).revision == "2026-11"


def test_empty_or_oversized_text_is_refused(desk: Desk, staff: Staff) -> None:
    for text in (" \n", "#" * (policies.MAX_POLICY_CHARS + 1)):
        with pytest.raises(InputError) as error:
            policies.save_policy(desk, staff.admin, yaml_text=text)
        assert error.value.field == "yaml"


def test_another_desk_on_the_database_picks_up_a_saved_policy_after_a_refresh(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    ticket = new_ticket(desk, staff.agent)
    other = open_desk(desk.settings.database_url, clock)
    try:
        saved = policies.save_policy(desk, staff.admin, yaml_text=edited())
        assert other.policy.revision == "2026-11"
        # Within the refresh interval, nothing is asked of the database.
        with counting_queries(other) as statements:
            assert not policies.policy_refresh_due(other)
            assert policies.refresh_policy(other) is False
        assert statements == []
        other.in_force.refresh_s = 0
        assert policies.policy_refresh_due(other)
        assert policies.refresh_policy(other) is True
        assert other.policy.revision == "2026-12" and other.in_force.revision_id == saved.id
        verdict = replies.check_draft(other, staff.agent, ticket_id=ticket.id, text=GOOD)
        assert verdict.decision == "block"
        # Nothing new: one small query, and the policy stays.
        kept = other.policy
        with counting_queries(other) as statements:
            assert policies.refresh_policy(other) is False
        assert len(statements) == 1 and other.policy is kept
    finally:
        other.close()


def test_a_desk_edit_stays_in_force_across_a_restart(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    saved = policies.save_policy(desk, staff.admin, yaml_text=edited())
    restarted = open_desk(desk.settings.database_url, clock)
    try:
        assert restarted.policy.revision == "2026-12"
        assert restarted.in_force.revision_id == saved.id
        assert len(policies.list_policy_revisions(restarted, staff.admin)) == 2
    finally:
        restarted.close()


def test_a_restart_with_a_changed_file_records_a_new_revision(
    desk: Desk, staff: Staff, clock: FakeClock, tmp_path: Path
) -> None:
    policies.save_policy(desk, staff.admin, yaml_text=edited())
    file = tmp_path / "policy.yaml"
    # The bundled policy's text, now from a file: already seen, so the desk edit stays.
    file.write_text(DEFAULT, encoding="utf-8")
    first = open_desk(desk.settings.database_url, clock, policy=file)
    first.close()
    assert first.policy.revision == "2026-12"
    assert len(policies.list_policy_revisions(desk, staff.admin)) == 2

    file.write_text(edited(label="2027-01", never_say=False), encoding="utf-8")
    second = open_desk(desk.settings.database_url, clock, policy=file)
    try:
        assert second.policy.revision == "2027-01"
        assert second.policy.source == str(file)
        newest = policies.get_active_policy(second, staff.admin)
        assert newest.source == "file" and newest.revision == "2027-01"
        assert newest.id == second.in_force.revision_id
        assert newest.yaml == file.read_text(encoding="utf-8")
    finally:
        second.close()
    # The running desk follows at its next refresh.
    desk.in_force.refresh_s = 0
    assert policies.refresh_policy(desk) and desk.policy.revision == "2027-01"


def test_a_file_changed_under_the_same_label_is_recorded_with_a_warning(
    desk: Desk, clock: FakeClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file = tmp_path / "policy.yaml"
    file.write_text(edited(label="2026-11"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="trustdesk.policy"):
        reopened = open_desk(desk.settings.database_url, clock, policy=file)
    reopened.close()
    assert reopened.policy.revision == "2026-11" and len(reopened.policy.never_say) == 6
    assert "kept its revision label '2026-11'" in caplog.text


def test_a_broken_file_stops_the_desk_from_opening(
    desk: Desk, clock: FakeClock, tmp_path: Path
) -> None:
    file = tmp_path / "policy.yaml"
    file.write_text("sla:\n  first_response: soon\n", encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        open_desk(desk.settings.database_url, clock, policy=file)
    assert error.value.line == 2 and error.value.source == str(file)
