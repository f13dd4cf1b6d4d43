"""The request-size limit, checked before a body is read or parsed.

A body over `max_request_bytes` is answered 413 in the API's one error shape: at once when its
Content-Length says so (nothing of it is read), otherwise as soon as the bytes received pass
the limit. Parsing a body costs time on the server's event loop, which every request shares;
refusing by size first keeps one huge request from holding up the others.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trustdesk.api.errors import error_body


class BodyLimit:
    """ASGI middleware: refuse request bodies over `max_bytes` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _reason(self, size: int) -> str:
        return (
            f"the request body has {size:,} bytes; the limit is {self.max_bytes:,} "
            "(TRUSTDESK_MAX_REQUEST_BYTES)"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        stated = dict(scope["headers"]).get(b"content-length", b"")
        if stated.isdigit() and int(stated) > self.max_bytes:
            await _refuse(send, self._reason(int(stated)))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised where the app reads the body; its handlers answer in one shape.
                    raise StarletteHTTPException(413, self._reason(received))
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Send, reason: str) -> None:
    body = json.dumps(error_body("too_large", reason)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
