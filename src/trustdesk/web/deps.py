"""Dependencies of the web routes, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import Depends, Path, Request

from trustdesk.desk.policies import policy_refresh_due, refresh_policy
from trustdesk.desk.roles import Actor
from trustdesk.desk.service import Desk
from trustdesk.web.render import Pages
from trustdesk.web.session import WebSession, load_session, verify_csrf


async def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.host.state.desk
    # A policy saved by another server process is put in force within seconds.
    if policy_refresh_due(desk):
        await anyio.to_thread.run_sync(refresh_policy, desk)
    return desk


async def _pages(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


DeskDep = Annotated[Desk, Depends(_desk)]
PagesDep = Annotated[Pages, Depends(_pages)]


async def _session(request: Request, desk: DeskDep) -> WebSession:
    session = await load_session(request, desk)
    await verify_csrf(request, session)
    return session


SessionDep = Annotated[WebSession, Depends(_session)]


async def _actor(session: SessionDep) -> Actor:
    return session.require()


ActorDep = Annotated[Actor, Depends(_actor)]
# Record ids in paths, bounded like the database's integers.
PathId = Annotated[int, Path(ge=1, le=2_147_483_647)]
