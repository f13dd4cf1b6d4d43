"""Security headers on every response of the server, API and web desk alike, set in this one
place: nothing is sniffed, framed, cached or leaked through the Referer.

Responses carry tokens (sign-in), customers' messages and personal data, so nothing but the
desk's own static files may be stored by a browser or a proxy. A route that sets one of these
headers itself keeps its own value.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The web desk's pages load only what the desk serves: no inline script or style, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# The interactive API docs load Swagger UI and ReDoc from their CDN, with an inline script.
DOCS_POLICY = "frame-ancestors 'none'"
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}
STATIC_CACHE = "public, max-age=3600"


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


_DEFAULT = _encoded(SECURITY_HEADERS)
_STATIC = _encoded({**SECURITY_HEADERS, "Cache-Control": STATIC_CACHE})
_DOCS = _encoded({**SECURITY_HEADERS, "Content-Security-Policy": DOCS_POLICY})


class SecurityHeaders:
    """ASGI middleware: adds SECURITY_HEADERS to each HTTP response that lacks them (a plain
    wrapper of `send`, so it adds nothing measurable to a check's latency)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/static/"):
            extra = _STATIC
        elif path in DOCS_PATHS:
            extra = _DOCS
        else:
            extra = _DEFAULT

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(item for item in extra if item[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
