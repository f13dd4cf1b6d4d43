"""Where customer text lives: every column of the store that can hold what a customer wrote, or
what the desk wrote about them, and how erasing removes it; and every other text column with
the reason it holds none.

Erase works from this inventory (so a column added here is erased with no further code), and
export returns every one of these columns. tests/desk/test_customer_text.py fails on a text
column of the store that is in neither list; tests/api/test_erase_api.py fills every column
below with a marker through the API and finds the marker nowhere after erase, not even in the
database's files.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, overload

from sqlalchemy import select
from sqlalchemy.orm import Session

from trustdesk.desk.desk import Desk
from trustdesk.desk.redaction import redact_secrets
from trustdesk.store.tables import Base, Customer, Remedy, Ticket

ERASED = "[erased]"


class Erase(enum.Enum):
    """What erasing does to a column."""

    REPLACE = "replaced by [erased] (an empty column stays empty)"
    CLEAR = "emptied (null)"
    EMPTY = "emptied ({})"
    FINDINGS = "each finding keeps its check, principle and severity; its quote, explanation, "
    "suggestion and data are replaced"
    PAYLOAD = "the text of the reminder is replaced"
    CUSTOMER_AUTHOR = "emptied on the customer's own messages (replies keep their author)"


@dataclass(frozen=True, slots=True)
class Held:
    erase: Erase
    what: str
    # Secrets are removed before the text is stored (see `at_rest`). Customer messages are
    # redacted as they come in; replies and drafts are stored as judged, quotes as quoted.
    redacted: bool = False


CUSTOMER_TEXT: dict[tuple[str, str], Held] = {
    ("customers", "external_id"): Held(Erase.CLEAR, "the customer's id in the helpdesk or shop"),
    ("customers", "name"): Held(Erase.CLEAR, "the customer's name"),
    ("customers", "email"): Held(Erase.CLEAR, "the customer's e-mail address"),
    ("customers", "language"): Held(Erase.CLEAR, "the customer's language"),
    ("customers", "segment"): Held(Erase.EMPTY, "region, tier and other attributes"),
    ("customers", "preferences"): Held(Erase.EMPTY, "language, channel, formality, marketing"),
    ("tickets", "external_id"): Held(Erase.CLEAR, "the ticket's id in the helpdesk"),
    ("tickets", "subject"): Held(
        Erase.REPLACE, "the first line of the customer's message", redacted=True
    ),
    ("tickets", "requested"): Held(Erase.REPLACE, "what the customer asked for", redacted=True),
    ("tickets", "diagnosed_need"): Held(
        Erase.REPLACE, "what the agent found they need", redacted=True
    ),
    ("messages", "external_id"): Held(Erase.CLEAR, "the message's id in the helpdesk"),
    ("messages", "author"): Held(Erase.CUSTOMER_AUTHOR, "an imported customer message's author"),
    ("messages", "text"): Held(Erase.REPLACE, "the customer's messages and the replies"),
    ("messages", "findings"): Held(Erase.FINDINGS, "quotes of the message, questions, evidence"),
    ("messages", "override_reason"): Held(
        Erase.REPLACE, "why a reply went out despite a warning", redacted=True
    ),
    ("commitments", "text"): Held(Erase.REPLACE, "the promise as the customer was told it"),
    ("commitments", "note"): Held(
        Erase.REPLACE, "how the promise was kept, broken or moved", redacted=True
    ),
    ("consents", "requested"): Held(Erase.REPLACE, "what the customer asked for", redacted=True),
    ("consents", "proposed"): Held(Erase.REPLACE, "what was offered instead", redacted=True),
    ("remedies", "reason"): Held(Erase.REPLACE, "why the customer was compensated", redacted=True),
    ("remedies", "verification_note"): Held(
        Erase.REPLACE, "the operations note on the complaint", redacted=True
    ),
    ("surveys", "comment"): Held(Erase.CLEAR, "the customer's survey comment", redacted=True),
    ("lead_requests", "text"): Held(Erase.REPLACE, "a draft reply sent to a lead for review"),
    ("lead_requests", "note"): Held(Erase.REPLACE, "the agent's note to the lead", redacted=True),
    ("lead_requests", "lead_note"): Held(Erase.REPLACE, "the lead's answer", redacted=True),
    ("notifications", "payload"): Held(Erase.PAYLOAD, "a reminder quoting the promise"),
}

NOT_CUSTOMER_TEXT: dict[tuple[str, str], str] = {
    ("desk_state", "key"): "names of the desk's own settings",
    ("desk_state", "value"): "the generated survey signing key",
    ("teams", "name"): "staff",
    ("users", "username"): "staff",
    ("users", "display_name"): "staff",
    ("users", "role"): "a role name",
    ("users", "password_hash"): "staff credentials",
    ("api_tokens", "name"): "what uses a token",
    ("api_tokens", "kind"): "api or session",
    ("api_tokens", "token_hash"): "a digest",
    ("api_tokens", "prefix"): "the first characters of a token",
    ("audit_log", "actor"): "staff",
    ("audit_log", "action"): "a verb",
    ("audit_log", "entity"): "a record kind",
    ("audit_log", "entity_id"): "a record id",
    ("audit_log", "detail"): "ids, statuses, counts and amounts only: the log is never "
    "rewritten, so no use case puts text in it",
    ("sign_in_throttles", "key"): "a SHA-256 digest of a user name or a client address",
    ("team_scenarios", "scenario_key"): "a scenario id",
    ("team_scenarios", "title"): "written by a lead",
    ("team_scenarios", "body"): "a practice scenario; one made from a ticket keeps its history "
    "with secrets, e-mail addresses, phone numbers and names taken out",
    ("practice_attempts", "scenario_key"): "a scenario id",
    ("practice_attempts", "reply"): "a practice reply written by staff",
    ("practice_attempts", "decision"): "allow, warn or block",
    ("practice_attempts", "findings"): "findings on a practice reply",
    ("practice_attempts", "requirements"): "the scenario's requirements and whether each was met",
    ("assessments", "title"): "written by a lead",
    ("assessments", "scenario_keys"): "scenario ids",
    ("assessments", "item_keys"): "judgement item ids",
    ("assessments", "assignees"): "user ids",
    ("judgement_answers", "item_key"): "a judgement item id",
    ("judgement_answers", "option_key"): "the option chosen",
    ("dilemma_choices", "dilemma_key"): "a dilemma id",
    ("dilemma_choices", "option_key"): "the option chosen",
    ("dilemma_choices", "reason"): "a reason written by staff",
    # Raised dilemmas are written by staff; secrets, e-mail addresses, phone numbers and the
    # ticket customer's name are taken out before they are stored (as for team scenarios).
    ("raised_dilemmas", "title"): "written by staff, personal data taken out",
    ("raised_dilemmas", "situation"): "written by staff, personal data taken out",
    ("raised_dilemmas", "status"): "open or closed",
    ("raised_dilemmas", "decision"): "written by a lead, personal data taken out",
    ("raised_dilemmas", "outcome"): "decision, policy or scenario",
    ("raised_dilemmas", "clarification"): "a proposed policy entry",
    ("raised_dilemmas", "clarification_status"): "proposed, applied or declined",
    ("raised_dilemmas", "clarification_note"): "written by an admin, personal data taken out",
    ("raised_dilemmas", "scenario_key"): "a scenario id",
    ("dilemma_comments", "text"): "written by staff, personal data taken out",
    ("policy_revisions", "revision"): "the organisation's policy",
    ("policy_revisions", "yaml_text"): "the organisation's policy",
    ("policy_revisions", "sha256"): "a digest",
    ("policy_revisions", "source"): "file, default or desk",
    ("tickets", "channel"): "the channel's name (email, chat)",
    ("tickets", "status"): "a status",
    ("tickets", "state"): "a state: who owes whom a reply",
    ("messages", "role"): "customer, agent, bot, note or system",
    ("messages", "redactions"): "the kinds of secret removed, never the secrets",
    ("messages", "decision"): "allow, warn or block",
    ("messages", "policy_revision"): "a policy label",
    ("notifications", "kind"): "a reminder kind",
    ("notifications", "subject_key"): "record ids and a time",
    ("notifications", "status"): "a delivery status",
    ("notifications", "last_error"): "the delivery channel's error (it never echoes the payload)",
    ("remedies", "kind"): "remediation or goodwill",
    ("remedies", "currency"): "a currency code",
    ("remedies", "status"): "an approval status",
    ("commitments", "kind"): "a kind of promise",
    ("commitments", "status"): "a status",
    ("commitments", "source"): "engine or person",
    ("commitments", "settles_as"): "kept or broken",
    ("consents", "answer"): "pending, accepted or declined",
    ("lead_requests", "decision"): "allow, warn or block",
    ("lead_requests", "status"): "a status",
    ("integrations", "vendor"): "a helpdesk's name",
    ("integrations", "name"): "what the team calls its helpdesk",
    ("integrations", "base_url"): "the helpdesk's address",
    ("integrations", "account"): "the helpdesk account, or the staff member the desk acts as",
    ("integrations", "api_token_encrypted"): "the helpdesk's API token, encrypted",
    ("integrations", "webhook_secret_encrypted"): "the webhook secret, encrypted",
    ("integrations", "hook_key"): "a random part of the webhook's address",
    ("integrations", "scopes"): "inbox, group or team ids",
    ("integrations", "mode"): "note or note_tag",
    # Deliveries name conversations and replies by the helpdesk's ids only (the text is read
    # from the helpdesk each time, never stored here): they are how a repeat is recognised.
    ("integration_deliveries", "dedupe_key"): "a helpdesk's delivery or message id",
    ("integration_deliveries", "reply_key"): "a helpdesk's message id",
    ("integration_deliveries", "event"): "an event name",
    ("integration_deliveries", "conversation_ref"): "a helpdesk's conversation id",
    ("integration_deliveries", "message_ref"): "a helpdesk's message id",
    ("integration_deliveries", "status"): "a status",
    ("integration_deliveries", "last_error"): "a call that failed (method, path with ids, "
    "status) or why a record could not be read; never the text",
    ("integration_deliveries", "decision"): "allow, warn or block",
    ("integration_dead_letters", "kind"): "note or sync",
    ("integration_dead_letters", "detail"): "a helpdesk's ids and a sync cursor",
    ("integration_dead_letters", "error"): "as a delivery's last_error",
    ("integration_sync_cursors", "cursor"): "a helpdesk's page cursor or page number",
}

# What of a finding may stay after erase: which check, which principle, how severe.
FINDING_KEPT = ("check", "principle", "severity", "message_id", "confidence")


@overload
def at_rest(desk: Desk, text: str) -> str: ...
@overload
def at_rest(desk: Desk, text: None) -> None: ...
@overload
def at_rest(desk: Desk, text: str | None) -> str | None: ...
def at_rest(desk: Desk, text: str | None) -> str | None:
    """`text` as a column marked `redacted` stores it: without the card numbers, passwords
    and codes someone pasted into a note (unless the desk's redaction is turned off)."""
    if text is None or not desk.settings.redact_secrets:
        return text
    return redact_secrets(text).text


def erase_customer_text(session: Session, customer: Customer, ticket_ids: list[int]) -> None:
    """Erase every inventoried column of the customer's rows, in the caller's transaction."""
    columns: dict[str, list[tuple[str, Erase]]] = {}
    for (table, column), held in CUSTOMER_TEXT.items():
        columns.setdefault(table, []).append((column, held.erase))
    for table, erasures in columns.items():
        for row in _rows_of(session, row_class(table), customer, ticket_ids):
            for column, erase in erasures:
                value = getattr(row, column)
                setattr(row, column, _erased(erase, value, row))


def _erased(erase: Erase, value: Any, row: Any) -> Any:
    if erase is Erase.REPLACE:
        return None if value is None else ERASED
    if erase is Erase.CLEAR:
        return None
    if erase is Erase.EMPTY:
        return {}
    if erase is Erase.FINDINGS:
        return [_erased_finding(f) for f in value]
    if erase is Erase.PAYLOAD:
        return {**value, "text": ERASED}
    assert erase is Erase.CUSTOMER_AUTHOR
    return None if row.role == "customer" else value


def _erased_finding(finding: dict[str, Any]) -> dict[str, Any]:
    kept = {key: finding[key] for key in FINDING_KEPT if key in finding}
    return {**kept, "quote": ERASED, "explanation": ERASED, "start": 0, "end": 0, "data": {}}


def row_class(table: str) -> type[Any]:
    """The mapped class of the table called `table`."""
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise LookupError(f"no table {table!r} in the store")


def _rows_of(
    session: Session, mapped: type[Any], customer: Customer, ticket_ids: list[int]
) -> Iterable[Any]:
    """The rows of `mapped` that belong to the customer: the customer, their tickets and
    remedies, and whatever hangs on their tickets."""
    if mapped is Customer:
        return [customer]
    if mapped is Ticket:
        return session.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids)))
    if mapped is Remedy:
        return session.scalars(select(Remedy).where(Remedy.customer_id == customer.id))
    return session.scalars(select(mapped).where(mapped.ticket_id.in_(ticket_ids)))
