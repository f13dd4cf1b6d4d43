"""Dependencies of the web routes, as `Annotated` aliases.

A route takes one `Page` (or `SignedIn`, which also requires a signed-in user): the request,
the desk, the session and the templates together, with `render` for the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import anyio
from fastapi import Depends, Path, Request
from fastapi.responses import Response

from trustdesk.desk.desk import Desk
from trustdesk.desk.policies import policy_refresh_due, refresh_policy
from trustdesk.desk.roles import Actor
from trustdesk.web.render import Pages
from trustdesk.web.session import WebSession, load_session, verify_csrf


@dataclass(frozen=True, slots=True)
class PageContext:
    request: Request
    desk: Desk
    pages: Pages
    session: WebSession

    @property
    def actor(self) -> Actor:
        return self.session.require()

    def render(
        self,
        template: str,
        data: dict[str, Any],
        *,
        extra: dict[str, Any] | None = None,
        status: int = 200,
    ) -> Response:
        return self.pages.render(
            self.request, self.desk, self.session, template, data, extra=extra, status=status
        )


async def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.host.state.desk
    # A policy saved by another server process is put in force within seconds.
    if policy_refresh_due(desk):
        await anyio.to_thread.run_sync(refresh_policy, desk)
    return desk


async def _page(request: Request) -> PageContext:
    desk = await desk_of(request)
    session = await load_session(request, desk)
    await verify_csrf(request, session)
    pages: Pages = request.app.state.pages
    return PageContext(request, desk, pages, session)


async def _signed_in(page: Annotated[PageContext, Depends(_page)]) -> PageContext:
    page.session.require()
    return page


Page = Annotated[PageContext, Depends(_page)]
SignedIn = Annotated[PageContext, Depends(_signed_in)]
# Record ids in paths, bounded like the database's integers.
PathId = Annotated[int, Path(ge=1, le=2_147_483_647)]
