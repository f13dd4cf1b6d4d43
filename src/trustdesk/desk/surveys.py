"""Surveys after resolution: a signed link per resolved ticket, answered without signing in.

The link carries only the survey's id, signed with the desk's key (itsdangerous), so it cannot
be guessed or altered, expires after `survey_days`, and reveals nothing of the ticket.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.redaction import redact_secrets
from trustdesk.desk.roles import SYSTEM, Actor, Permission
from trustdesk.desk.tenancy import load_ticket, visible_tickets
from trustdesk.desk.views import SurveyLink, SurveyView
from trustdesk.errors import ConflictError, InputError, NotFoundError
from trustdesk.store.tables import KeyValue, Survey, Ticket

SIGNING_KEY = "survey_signing_key"
SALT = "trustdesk.survey"
MAX_COMMENT_CHARS = 5_000


@dataclass(frozen=True, slots=True)
class SurveyForm:
    """What the public form shows: nothing about the ticket but whether it was answered."""

    survey_id: int
    answered: bool


def survey_link(desk: Desk, actor: Actor, *, ticket_id: int) -> SurveyLink:
    actor.require(Permission.READ)
    with desk.reading() as session:
        ticket = load_ticket(session, actor, ticket_id)
        survey = session.scalar(select(Survey).where(Survey.ticket_id == ticket.id))
        if survey is None:
            raise ConflictError(f"ticket {ticket_id} is not resolved, so it has no survey yet")
        survey_id = survey.id
    token = _serializer(desk).dumps(survey_id)
    url = f"{desk.settings.public_url.rstrip('/')}/survey/{token}"
    return SurveyLink(ticket_id=ticket_id, survey_id=survey_id, token=token, url=url)


def open_survey(desk: Desk, token: str) -> SurveyForm:
    survey_id = _survey_id(desk, token)
    with desk.reading() as session:
        survey = session.get(Survey, survey_id)
        if survey is None:
            raise NotFoundError("this survey no longer exists")
        return SurveyForm(survey_id=survey.id, answered=survey.submitted_at is not None)


def submit_survey(
    desk: Desk,
    token: str,
    *,
    satisfaction: int,
    treated_fairly: bool | None,
    comment: str | None = None,
) -> SurveyView:
    survey_id = _survey_id(desk, token)
    if not 1 <= satisfaction <= 5:
        raise InputError("satisfaction is from 1 to 5", field="satisfaction")
    if comment is not None and len(comment) > MAX_COMMENT_CHARS:
        raise InputError(f"a comment has at most {MAX_COMMENT_CHARS} characters", field="comment")
    with desk.transaction() as session:
        survey = session.get(Survey, survey_id)
        if survey is None:
            raise NotFoundError("this survey no longer exists")
        if survey.submitted_at is not None:
            raise ConflictError("this survey was already answered, thank you")
        survey.satisfaction = satisfaction
        survey.treated_fairly = treated_fairly
        survey.comment = redact_secrets(comment).text.strip() or None if comment else None
        survey.submitted_at = desk.now()
        audit_log.record(session, desk, SYSTEM, "submit", "survey", survey.id)
        return SurveyView.model_validate(survey)


def list_surveys(
    desk: Desk, actor: Actor, *, ticket_id: int | None = None, answered: bool | None = None
) -> list[SurveyView]:
    actor.require(Permission.READ)
    with desk.reading() as session:
        query = visible_tickets(
            select(Survey).join(Ticket, Survey.ticket_id == Ticket.id).order_by(Survey.id), actor
        )
        if ticket_id is not None:
            load_ticket(session, actor, ticket_id)
            query = query.where(Survey.ticket_id == ticket_id)
        if answered is not None:
            column = Survey.submitted_at
            query = query.where(column.is_not(None) if answered else column.is_(None))
        return [SurveyView.model_validate(row) for row in session.scalars(query)]


def _survey_id(desk: Desk, token: str) -> int:
    max_age = int(desk.settings.survey_days * 86_400)
    try:
        value = _serializer(desk).loads(token, max_age=max_age)
    except SignatureExpired:
        raise NotFoundError("this survey link has expired") from None
    except BadSignature:
        raise NotFoundError("this survey link is not valid") from None
    if not isinstance(value, int):
        raise NotFoundError("this survey link is not valid")
    return value


def _serializer(desk: Desk) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_key(desk), salt=SALT)


def signing_key(desk: Desk) -> str:
    """The configured secret key, or one generated once and kept in the database."""
    if desk.settings.secret_key:
        return desk.settings.secret_key
    cached = desk.cache.get(SIGNING_KEY)
    if cached:
        return cached
    with desk.reading() as session:
        row = session.get(KeyValue, SIGNING_KEY)
        key = row.value if row else None
    if key is None:
        # Another process may make it first: then its key is the one read back below.
        with contextlib.suppress(IntegrityError), desk.transaction() as session:
            session.add(KeyValue(key=SIGNING_KEY, value=secrets.token_urlsafe(48)))
        with desk.reading() as session:
            stored = session.get(KeyValue, SIGNING_KEY)
            assert stored is not None
            key = stored.value
    desk.cache[SIGNING_KEY] = key
    return key
