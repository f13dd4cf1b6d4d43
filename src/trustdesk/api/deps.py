"""Dependencies shared by the routes, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from trustdesk.api.metrics import Metrics
from trustdesk.api.schemas import MAX_ID
from trustdesk.desk.auth import authenticate, remembered_actor
from trustdesk.desk.desk import Desk
from trustdesk.desk.policies import policy_refresh_due, refresh_policy
from trustdesk.desk.roles import Actor
from trustdesk.errors import AuthenticationError

_bearer = HTTPBearer(auto_error=False, description="An API token or a sign-in token (td_…).")


# Cheap dependencies are `async`: a sync one costs a trip through the thread pool.
async def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    # Another server process may have saved a new policy: at most every few seconds, one
    # small query on a worker thread looks for it (otherwise this costs a clock reading).
    if policy_refresh_due(desk):
        await anyio.to_thread.run_sync(refresh_policy, desk)
    return desk


def metrics_of(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


async def _metrics(request: Request) -> Metrics:
    return metrics_of(request)


DeskDep = Annotated[Desk, Depends(_desk)]
MetricsDep = Annotated[Metrics, Depends(_metrics)]


def desk_of(request: Request) -> Desk:
    """The desk of a request whose actor is known (ActorDep): its policy is already fresh.

    For the hot paths (POST /v1/check and /v1/guard): FastAPI resolves each dependency of a
    route on every request, cached or not, and each resolution costs more than this lookup."""
    desk: Desk = request.app.state.desk
    return desk


async def _actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    # The desk is asked for here, not as a dependency of its own: one resolution fewer on
    # every authenticated request (a route that also takes DeskDep finds the policy fresh).
    desk = await _desk(request)
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationError("sign in: send Authorization: Bearer <token>")
    token = credentials.credentials
    # A token seen in the last seconds is answered from memory; otherwise the database is
    # asked on a worker thread, so the event loop never waits for it.
    remembered = remembered_actor(desk, token)
    if remembered is not None:
        return remembered
    actor: Actor = await anyio.to_thread.run_sync(authenticate, desk, token)
    return actor


ActorDep = Annotated[Actor, Depends(_actor)]

# Record ids in paths and queries, bounded like the database's integers; so is an offset into
# a list (no list is longer), which the database would otherwise refuse with an overflow.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Records to skip.")]
