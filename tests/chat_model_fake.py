"""An OpenAI-compatible chat-completions endpoint for the tests: answers with the drafts it is
given, in turn, and records what it was asked."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

KEY = "sk-test"


class FakeChatModel:
    """POST /v1/chat/completions answers with the next of `drafts`; a wrong key is a 401."""

    def __init__(self, drafts: list[str]) -> None:
        self.drafts = list(drafts)
        self.requests: list[dict[str, Any]] = []
        self.app = Starlette(
            routes=[Route("/v1/chat/completions", self._complete, methods=["POST"])]
        )

    async def _complete(self, request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {KEY}":
            return JSONResponse({"error": {"message": "Incorrect API key"}}, status_code=401)
        body = await request.json()
        self.requests.append(body)
        content = self.drafts.pop(0)
        return JSONResponse(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
            }
        )
