"""Replies checked where they are written: a helpdesk's webhook reports a reply, the desk reads
the whole conversation from the helpdesk's API, checks the reply against it, imports the
conversation into the integration's team, and posts what it found back as a private note
(and a tag, if the integration says so).

A delivery is accepted only when it carries the vendor's signature made with the integration's
secret, or, from Freshdesk, which signs nothing, the secret itself in a header of the rule's
(otherwise nothing is stored). Each reply is one row, keyed by its id within the
integration, so a repeated delivery changes nothing and a note is posted once per reply. The
work is done at once, and again after a backoff (the desk's clock: 30 s, 1 min, 2 min, …)
while the helpdesk fails in a way a later try can mend; after MAX_ATTEMPTS, or at once when
trying again cannot help, the delivery goes to the dead letters an admin reads.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trustdesk.desk.desk import Desk
from trustdesk.desk.hook_events import HookEvent, message_key, read_event
from trustdesk.desk.hook_notes import note_text
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.integrations import Credentials, by_hook_key, credentials_of, prepare_keys
from trustdesk.errors import AuthenticationError, InputError, TrustdeskError
from trustdesk.io.helpdesk_api import signatures
from trustdesk.io.helpdesk_api.chatwoot import ChatwootClient
from trustdesk.io.helpdesk_api.freshdesk import FreshdeskClient
from trustdesk.io.helpdesk_api.http import VendorError
from trustdesk.io.helpdesk_api.intercom import IntercomClient
from trustdesk.io.helpdesk_api.zendesk import ZendeskClient
from trustdesk.io.helpdesks.shape import RecordError
from trustdesk.model import Conversation, Decision, Message, Role
from trustdesk.store.tables import DeadLetter, Delivery, Integration

log = logging.getLogger("trustdesk.hooks")

MAX_ATTEMPTS = 5
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
# A delivery being worked on is tried again after this long if its worker died mid-way.
CLAIM_LEASE = timedelta(minutes=5)
BATCH = 50
REPLY_ROLES = (Role.AGENT, Role.BOT)


@dataclass(frozen=True)
class Received:
    # accepted (stored, to be worked on) | duplicate (seen before) | ignored (nothing to check)
    status: Literal["accepted", "duplicate", "ignored"]
    delivery_id: int | None = None


def receive(
    desk: Desk, vendor: str, hook_key: str, headers: dict[str, str], body: bytes
) -> Received:
    """Verify a webhook delivery and store the reply it reports (once).

    An unknown address, a missing or wrong signature or a stale timestamp raise
    AuthenticationError and store nothing; a body that is not JSON raises InputError."""
    integration = by_hook_key(desk, vendor, hook_key)
    if integration is None:
        raise AuthenticationError("no active integration answers at this address")
    if integration.webhook_secret is None:
        raise AuthenticationError("the integration has no webhook secret: set it in the desk")
    lowered = {k.lower(): v for k, v in headers.items()}
    problem = signatures.verify(vendor, integration.webhook_secret, lowered, body, desk.now())
    if problem is not None:
        raise AuthenticationError(f"webhook refused: {problem}")
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InputError("the webhook's body is not JSON") from None
    event = read_event(integration, payload, lowered, body)
    if event is None:
        return Received("ignored")
    return _store(desk, integration, event)


def _store(desk: Desk, integration: Credentials, event: HookEvent) -> Received:
    now = desk.now()
    try:
        with desk.transaction() as session:
            row = Delivery(
                integration_id=integration.id,
                team_id=integration.team_id,
                dedupe_key=event.dedupe_key,
                reply_key=message_key(event.message_ref) if event.message_ref else None,
                event=event.event,
                conversation_ref=event.conversation_ref,
                message_ref=event.message_ref,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                findings=0,
                received_at=now,
            )
            session.add(row)
            session.flush()
            return Received("accepted", row.id)
    except IntegrityError:
        return Received("duplicate")


def process(desk: Desk, delivery_id: int) -> str | None:
    """Work on one pending delivery that is due; its status afterwards (None: not due)."""
    claimed = _claim(desk, delivery_id)
    if claimed is None:
        return None
    delivery, integration = claimed
    try:
        return _work(desk, integration, delivery)
    except VendorError as exc:
        return _failed(desk, delivery_id, str(exc), exc.retryable, exc.retry_after)
    except (RecordError, TrustdeskError) as exc:
        return _failed(desk, delivery_id, f"{type(exc).__name__}: {exc}", False, None)


def retry_due(desk: Desk) -> int:
    """Work on every pending delivery whose time has come (the scheduler calls this)."""
    with desk.reading() as session:
        due = list(
            session.scalars(
                select(Delivery.id)
                .where(Delivery.status == "pending", Delivery.next_attempt_at <= desk.now())
                .order_by(Delivery.next_attempt_at, Delivery.id)
                .limit(BATCH)
            )
        )
    worked = 0
    for delivery_id in due:
        if process(desk, delivery_id) is not None:
            worked += 1
    return worked


@dataclass(frozen=True)
class _Job:
    id: int
    conversation_ref: str
    message_ref: str | None
    note_posted: bool


def _claim(desk: Desk, delivery_id: int) -> tuple[_Job, Credentials] | None:
    prepare_keys(desk)
    now = desk.now()
    with desk.transaction() as session:
        row = session.get(Delivery, delivery_id)
        if row is None or row.status != "pending" or row.next_attempt_at > now:
            return None
        integration = session.get(Integration, row.integration_id)
        assert integration is not None
        row.attempts += 1
        row.next_attempt_at = now + CLAIM_LEASE
        job = _Job(row.id, row.conversation_ref, row.message_ref, row.note_posted_at is not None)
        return job, credentials_of(desk, integration)


def _work(desk: Desk, integration: Credentials, job: _Job) -> str:
    if integration.vendor == "chatwoot":
        return _work_chatwoot(desk, integration, job)
    if integration.vendor == "intercom":
        return _work_intercom(desk, integration, job)
    if integration.vendor == "freshdesk":
        return _work_freshdesk(desk, integration, job)
    return _work_zendesk(desk, integration, job)


def _work_intercom(desk: Desk, integration: Credentials, job: _Job) -> str:
    """Intercom: a note by the integration's admin (Intercom's notes need an author); no tag."""
    assert job.message_ref is not None
    if not integration.account:
        raise InputError("an Intercom integration posts notes as an admin: set its admin id")
    with IntercomClient(integration.base_url, integration.api_token) as api:
        conversation = Conversation.parse(api.converted(job.conversation_ref))
        reply = _message(conversation, job.message_ref)
        if reply.role not in REPLY_ROLES:
            return _finish(desk, job.id, "skipped", None, 0)
        decision, text, count = _judge(desk, conversation, reply)
        if text is not None and not job.note_posted:
            api.post_note(job.conversation_ref, integration.account, text)
            _note_posted(desk, job.id)
    _import(desk, integration, conversation, job.id)
    return _finish(desk, job.id, "done", decision, count)


def _work_chatwoot(desk: Desk, integration: Credentials, job: _Job) -> str:
    assert integration.account is not None and job.message_ref is not None
    with ChatwootClient(integration.base_url, integration.account, integration.api_token) as api:
        conversation = Conversation.parse(api.converted(job.conversation_ref))
        reply = _message(conversation, job.message_ref)
        if reply.role not in REPLY_ROLES:
            return _finish(desk, job.id, "skipped", None, 0)
        decision, text, count = _judge(desk, conversation, reply)
        if text is not None and not job.note_posted:
            api.post_note(job.conversation_ref, text)
            _note_posted(desk, job.id)
        if decision is not Decision.ALLOW and integration.mode == "note_tag":
            api.add_label(job.conversation_ref, f"trustdesk_{decision.value}")
    _import(desk, integration, conversation, job.id)
    return _finish(desk, job.id, "done", decision, count)


def _work_zendesk(desk: Desk, integration: Credentials, job: _Job) -> str:
    assert integration.account is not None
    with ZendeskClient(integration.base_url, integration.account, integration.api_token) as api:
        ticket, users = api.ticket(job.conversation_ref)
        group = ticket.get("group_id")
        if integration.scopes and str(group) not in integration.scopes:
            return _finish(desk, job.id, "skipped", None, 0)
        conversation = Conversation.parse(api.convert(ticket, users))
        reply = _reported_reply(desk, job, conversation)
        if isinstance(reply, str):
            return _finish(desk, job.id, reply, None, 0)
        decision, text, count = _judge(desk, conversation, reply)
        if text is not None and not job.note_posted:
            api.add_note(job.conversation_ref, text)
            _note_posted(desk, job.id)
        if decision is not Decision.ALLOW and integration.mode == "note_tag":
            api.add_tags(job.conversation_ref, [f"trustdesk_{decision.value}"])
    _import(desk, integration, conversation, job.id)
    return _finish(desk, job.id, "done", decision, count)


def _work_freshdesk(desk: Desk, integration: Credentials, job: _Job) -> str:
    """Freshdesk: the ticket's latest public reply, a private note; no tag (Update Ticket takes
    the ticket's whole list of tags, and the desk does not rewrite what agents set)."""
    with FreshdeskClient(integration.base_url, integration.api_token) as api:
        ticket = api.ticket(job.conversation_ref)
        group = ticket.get("group_id")
        if integration.scopes and str(group) not in integration.scopes:
            return _finish(desk, job.id, "skipped", None, 0)
        conversation = Conversation.parse(api.convert(ticket))
        reply = _reported_reply(desk, job, conversation)
        if isinstance(reply, str):
            return _finish(desk, job.id, reply, None, 0)
        decision, text, count = _judge(desk, conversation, reply)
        if text is not None and not job.note_posted:
            api.post_note(job.conversation_ref, text)
            _note_posted(desk, job.id)
    _import(desk, integration, conversation, job.id)
    return _finish(desk, job.id, "done", decision, count)


def _reported_reply(desk: Desk, job: _Job, conversation: Conversation) -> Message | str:
    """The reply a delivery reports. One that names the ticket only (Zendesk's, Freshdesk's)
    reports its latest public message, claimed for this delivery if an agent or a bot wrote
    it; otherwise the delivery's status: "skipped" (the customer's, or nothing public), or
    "duplicate" (another delivery holds that reply: its note is, or will be, posted by it)."""
    if job.message_ref is not None:
        return _message(conversation, job.message_ref)
    latest = _latest_public(conversation)
    if latest is None or latest.role not in REPLY_ROLES:
        return "skipped"
    if not _rekey(desk, job.id, latest.id):
        return "duplicate"
    return latest


def _message(conversation: Conversation, message_id: str) -> Message:
    for message in conversation.messages:
        if message.id == message_id:
            return message
    raise InputError(f"message {message_id} is not in conversation {conversation.id}")


def _latest_public(conversation: Conversation) -> Message | None:
    public = [m for m in conversation.messages if m.role not in (Role.NOTE, Role.SYSTEM)]
    return public[-1] if public else None


def _judge(
    desk: Desk, conversation: Conversation, reply: Message
) -> tuple[Decision, str | None, int]:
    """The reply's verdict against the messages before it, and the note to post (if any)."""
    before = conversation.messages[: conversation.message_index(reply.id)]
    history = conversation.model_copy(update={"messages": before})
    verdict = desk.engine.check_reply(
        history, reply.text, now=reply.at or desk.now(), role=reply.role, author=reply.author
    )
    if verdict.decision is Decision.ALLOW:
        return verdict.decision, None, len(verdict.findings)
    return verdict.decision, note_text(verdict, desk.policy.revision), len(verdict.findings)


def _rekey(desk: Desk, delivery_id: int, message_id: str) -> bool:
    """Name the reply the delivery turned out to report; False when another delivery holds
    that reply already (its note is, or will be, posted by that one)."""
    try:
        with desk.transaction() as session:
            row = session.get(Delivery, delivery_id)
            assert row is not None
            row.reply_key = message_key(message_id)
            row.message_ref = message_id
            session.flush()
        return True
    except IntegrityError:
        return False


def _note_posted(desk: Desk, delivery_id: int) -> None:
    with desk.transaction() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        row.note_posted_at = desk.now()


def _import(desk: Desk, integration: Credentials, conversation: Conversation, job: int) -> None:
    """The conversation into the team's tickets (as any import: only what is new is added)."""
    try:
        import_conversations(desk, integration.actor(), [conversation])
    except TrustdeskError as exc:
        # The note is out; the desk's copy can wait for the next reply or a pull sync.
        log.warning("delivery %s: conversation not imported: %s", job, exc)


def _finish(
    desk: Desk, delivery_id: int, status: str, decision: Decision | None, count: int
) -> str:
    with desk.transaction() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        row.status = status
        row.decision = decision.value if decision is not None else None
        row.findings = count
        row.last_error = None
        row.finished_at = desk.now()
    return status


def _failed(
    desk: Desk, delivery_id: int, error: str, retryable: bool, retry_after: float | None
) -> str:
    now = desk.now()
    with desk.transaction() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        row.last_error = error[:1000]
        if retryable and row.attempts < MAX_ATTEMPTS:
            wait = backoff(row.attempts)
            if retry_after is not None:
                wait = max(wait, timedelta(seconds=retry_after))
            row.next_attempt_at = now + wait
            log.info(
                "delivery %s failed (attempt %s), retrying: %s", delivery_id, row.attempts, error
            )
            return "pending"
        row.status = "dead"
        row.finished_at = now
        session.add(
            DeadLetter(
                team_id=row.team_id,
                integration_id=row.integration_id,
                delivery_id=row.id,
                kind="note",
                detail={
                    "event": row.event,
                    "conversation": row.conversation_ref,
                    "message": row.message_ref,
                },
                error=error[:1000],
                attempts=row.attempts,
                created_at=now,
            )
        )
        log.warning("delivery %s given up after %s attempts: %s", delivery_id, row.attempts, error)
        return "dead"


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 30 s, doubling, at most an hour."""
    wait: timedelta = FIRST_BACKOFF * 2 ** (attempts - 1)
    return min(wait, MAX_BACKOFF)
