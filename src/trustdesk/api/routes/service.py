"""Health, metrics and bulk import: what operators and helpdesk integrations call."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import text

from trustdesk.api.deps import ActorDep, DeskDep, MetricsDep
from trustdesk.api.metrics import CONTENT_TYPE
from trustdesk.api.schemas import ConversationsImport, Health, ImportResult
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.roles import Permission

router = APIRouter(tags=["service"])


@router.get("/healthz", response_model=Health)
def healthz(request: Request, desk: DeskDep) -> Health:
    """Liveness and readiness: the database answers and its schema is known."""
    with desk.reading() as session:
        session.execute(text("SELECT 1"))
    scheduler = getattr(request.app.state, "scheduler", None)
    return Health(
        status="ok",
        database="ok",
        schema_revision=request.app.state.schema_revision,
        policy_revision=desk.policy.revision,
        scheduler_last_run=scheduler.last_run if scheduler else None,
    )


@router.get("/metrics", response_class=Response)
def metrics(metrics: MetricsDep, actor: ActorDep) -> Response:
    """Prometheus text format: checks run, verdicts by decision, findings by check, latency.

    Needs a token like every endpoint but health (Prometheus: `authorization: credentials`).
    """
    actor.require(Permission.READ)
    return Response(metrics.render(), media_type=CONTENT_TYPE)


@router.post("/v1/conversations", response_model=ImportResult, tags=["import"])
def import_batch(body: ConversationsImport, desk: DeskDep, actor: ActorDep) -> ImportResult:
    """Import conversations in trustdesk's input format (a helpdesk's export or webhook).

    All or nothing; importing the same conversations again adds only messages not seen before.
    """
    summary = import_conversations(desk, actor, body.conversations)
    return ImportResult(**vars(summary))
