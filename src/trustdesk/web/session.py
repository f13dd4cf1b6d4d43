"""Who is signed in to the web desk, and proof that a form was sent by our own page (CSRF).

The session cookie holds a sign-in token (the same kind the API accepts), HttpOnly and
SameSite=Lax, Secure when the desk is reached over HTTPS. Every form and every HTMX request
carries a CSRF token: an HMAC of the session (or, before sign-in, of a random nonce kept in
its own cookie) under the desk's signing key, so a page on another site cannot forge one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import anyio
from fastapi import Request

from trustdesk.desk.auth import authenticate, hash_token, remembered_actor
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor
from trustdesk.desk.surveys import signing_key
from trustdesk.errors import AuthenticationError, TrustdeskError

SESSION_COOKIE = "td_session"
NONCE_COOKIE = "td_nonce"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SignInRequiredError(TrustdeskError):
    """The page needs a signed-in user (the browser is sent to the sign-in page)."""


class CsrfError(TrustdeskError):
    """A form arrived without the token our own page put in it."""


@dataclass
class WebSession:
    actor: Actor | None
    token: str | None
    csrf: str
    # A nonce to set as a cookie on the response (first visit before signing in).
    new_nonce: str | None = None

    def require(self) -> Actor:
        if self.actor is None:
            raise SignInRequiredError("sign in to continue")
        return self.actor


def csrf_token(desk: Desk, binding: str) -> str:
    key = signing_key(desk).encode("utf-8")
    return hmac.new(key, b"csrf|" + binding.encode("utf-8"), hashlib.sha256).hexdigest()


async def load_session(request: Request, desk: Desk) -> WebSession:
    """The request's session (cached on the request), its actor checked off the event loop."""
    cached: WebSession | None = getattr(request.state, "web_session", None)
    if cached is not None:
        return cached
    token = request.cookies.get(SESSION_COOKIE)
    actor = None
    if token:
        actor = remembered_actor(desk, token)
        if actor is None:
            try:
                actor = await anyio.to_thread.run_sync(authenticate, desk, token)
            except AuthenticationError:
                actor = None
    new_nonce = None
    if actor is not None and token:
        binding = "session|" + hash_token(token)
    else:
        nonce = request.cookies.get(NONCE_COOKIE) or ""
        if len(nonce) < 32:
            nonce = new_nonce = secrets.token_urlsafe(32)
        binding = "nonce|" + nonce
    csrf = await anyio.to_thread.run_sync(csrf_token, desk, binding)
    session = WebSession(
        actor=actor, token=token if actor else None, csrf=csrf, new_nonce=new_nonce
    )
    request.state.web_session = session
    return session


async def verify_csrf(request: Request, session: WebSession) -> None:
    """Refuse a state-changing request whose CSRF token is missing or not ours."""
    if request.method not in UNSAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if session.new_nonce is not None or not sent or not hmac.compare_digest(sent, session.csrf):
        raise CsrfError(
            "this form has expired or did not come from this desk: reload the page and try again"
        )


def is_https(request: Request, public_url: str) -> bool:
    return request.url.scheme == "https" or public_url.startswith("https://")
