"""Health and metrics: what operators and their monitoring call."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from trustdesk.api.deps import ActorDep, DeskDep, MetricsDep
from trustdesk.api.metrics import CONTENT_TYPE
from trustdesk.api.schemas import Health
from trustdesk.desk.health import check_health
from trustdesk.desk.roles import Permission

router = APIRouter(tags=["service"])


@router.get("/healthz", response_model=Health)
def healthz(request: Request, desk: DeskDep) -> Health:
    """Liveness and readiness: the database answers and its schema is known."""
    health = check_health(desk)
    scheduler = getattr(request.app.state, "scheduler", None)
    return Health(
        status="ok",
        database=health.database,
        schema_revision=health.schema_revision,
        policy_revision=health.policy_revision,
        scheduler_last_run=scheduler.last_run if scheduler else None,
    )


@router.get("/metrics", response_class=Response)
def metrics(metrics: MetricsDep, actor: ActorDep) -> Response:
    """Prometheus text format: checks run, verdicts by decision, findings by check, latency.

    Needs a token like every endpoint but health (Prometheus: `authorization: credentials`).
    """
    actor.require(Permission.READ)
    return Response(metrics.render(), media_type=CONTENT_TYPE)
