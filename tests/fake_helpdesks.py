"""Fake Chatwoot, Zendesk, Freshdesk and Intercom servers on loopback for the integration tests:
small Starlette apps that answer the documented endpoints the desk calls, from the fixture
exports in tests/fixtures/helpdesks, and record what the desk posts back. They can fail on
demand (a 503, or a 429 with Retry-After) and refuse a wrong token, as the real services do."""

from __future__ import annotations

import base64
import copy
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

FIXTURES = Path(__file__).parent / "fixtures" / "helpdesks"
CHATWOOT_TOKEN = "cw-token-123"
ZENDESK_EMAIL = "bot@example.com"
ZENDESK_TOKEN = "zd-token-456"
# Chatwoot answers a page of 20 messages; the fake answers fewer, so paging is exercised.
MESSAGES_PER_PAGE = 2
CONVERSATIONS_PER_PAGE = 5


class Fake:
    """What every fake shares: requests counted by route, failures on demand."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        # Routes ("POST note", …) mapped to how many more times they answer 503.
        self.failing: Counter[str] = Counter()
        # Routes answering 429 with this Retry-After, this many more times.
        self.limited: Counter[str] = Counter()
        self.retry_after = "7"

    def trouble(self, route: str) -> Response | None:
        self.calls[route] += 1
        if self.limited[route] > 0:
            self.limited[route] -= 1
            return JSONResponse({"error": "slow down"}, 429, {"Retry-After": self.retry_after})
        if self.failing[route] > 0:
            self.failing[route] -= 1
            return JSONResponse({"error": "unavailable"}, 503)
        return None


class FakeChatwoot(Fake):
    def __init__(self) -> None:
        super().__init__()
        export = json.loads((FIXTURES / "chatwoot.json").read_text("utf-8"))
        self.conversations: dict[int, dict[str, Any]] = {
            c["id"]: copy.deepcopy(c) for c in export["data"]["payload"]
        }
        self.notes: list[tuple[int, str]] = []
        self.labels: dict[int, list[str]] = {
            i: list(c.get("labels", [])) for i, c in self.conversations.items()
        }
        self.app = Starlette(
            routes=[
                Route("/api/v1/accounts/{account}/conversations", self.listing),
                Route("/api/v1/accounts/{account}/conversations/{cid:int}", self.conversation),
                Route(
                    "/api/v1/accounts/{account}/conversations/{cid:int}/messages",
                    self.messages,
                    methods=["GET", "POST"],
                ),
                Route(
                    "/api/v1/accounts/{account}/conversations/{cid:int}/labels",
                    self.label,
                    methods=["GET", "POST"],
                ),
            ]
        )

    def _refused(self, request: Request) -> Response | None:
        if request.headers.get("api_access_token") != CHATWOOT_TOKEN:
            return JSONResponse({"error": "You need to sign in"}, 401)
        if request.path_params["account"] != "1":
            return JSONResponse({"error": "not found"}, 404)
        return None

    def _found(self, request: Request) -> dict[str, Any] | None:
        return self.conversations.get(request.path_params["cid"])

    async def listing(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("GET conversations")
        if refused:
            return refused
        ordered = sorted(
            self.conversations.values(), key=lambda c: (c.get("created_at", 0), c["id"])
        )
        page = int(request.query_params.get("page", "1"))
        chunk = ordered[(page - 1) * CONVERSATIONS_PER_PAGE : page * CONVERSATIONS_PER_PAGE]
        listed = [
            {k: v for k, v in c.items() if k != "messages"} | {"messages": c["messages"][-1:]}
            for c in chunk
        ]
        return JSONResponse({"data": {"meta": {"all_count": len(ordered)}, "payload": listed}})

    async def conversation(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("GET conversation")
        if refused:
            return refused
        found = self._found(request)
        if found is None:
            return JSONResponse({"error": "not found"}, 404)
        return JSONResponse(
            {k: v for k, v in found.items() if k != "messages"}
            | {"messages": found["messages"][-1:]}
        )

    async def messages(self, request: Request) -> Response:
        route = "POST note" if request.method == "POST" else "GET messages"
        refused = self._refused(request) or self.trouble(route)
        if refused:
            return refused
        found = self._found(request)
        if found is None:
            return JSONResponse({"error": "not found"}, 404)
        if request.method == "POST":
            body = await request.json()
            message = {
                "id": 90000 + len(self.notes),
                "content": body["content"],
                "message_type": 1,
                "private": bool(body.get("private")),
                "created_at": int(time.time()),
                "sender": {"id": 1, "type": "user"},
            }
            found["messages"].append(message)
            self.notes.append((found["id"], body["content"]))
            return JSONResponse(message)
        before = request.query_params.get("before")
        kept = [m for m in found["messages"] if before is None or m["id"] < int(before)]
        return JSONResponse({"meta": {}, "payload": kept[-MESSAGES_PER_PAGE:]})

    async def label(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble(f"{request.method} labels")
        if refused:
            return refused
        cid = request.path_params["cid"]
        if request.method == "POST":
            self.labels[cid] = list((await request.json())["labels"])
        return JSONResponse({"payload": self.labels.get(cid, [])})


class FakeZendesk(Fake):
    def __init__(self) -> None:
        super().__init__()
        lines = (FIXTURES / "zendesk.jsonl").read_text("utf-8").splitlines()
        # The export's tickets that have an id (the fixture holds one without, for the reader).
        tickets = [t for t in map(json.loads, filter(str.strip, lines)) if "id" in t]
        self.comments: dict[int, list[dict[str, Any]]] = {
            t["id"]: t.pop("comments") for t in tickets
        }
        self.tickets: dict[int, dict[str, Any]] = {t["id"]: t for t in tickets}
        self.updates: list[tuple[int, dict[str, Any]]] = []
        self.app = Starlette(
            routes=[
                Route("/api/v2/tickets/{tid:int}.json", self.ticket, methods=["GET", "PUT"]),
                Route("/api/v2/tickets/{tid:int}/tags.json", self.add_tags, methods=["PUT"]),
                Route("/api/v2/tickets/{tid:int}/comments.json", self.ticket_comments),
                Route("/api/v2/incremental/tickets/cursor.json", self.export),
            ]
        )

    def _refused(self, request: Request) -> Response | None:
        expected = base64.b64encode(f"{ZENDESK_EMAIL}/token:{ZENDESK_TOKEN}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"error": "Couldn't authenticate you"}, 401)
        return None

    async def ticket(self, request: Request) -> Response:
        route = "PUT ticket" if request.method == "PUT" else "GET ticket"
        refused = self._refused(request) or self.trouble(route)
        if refused:
            return refused
        tid = request.path_params["tid"]
        ticket = self.tickets.get(tid)
        if ticket is None:
            return JSONResponse({"error": "RecordNotFound"}, 404)
        if request.method == "PUT":
            update = (await request.json())["ticket"]
            self.updates.append((tid, update))
            comment = update.get("comment")
            if comment:
                self.comments[tid].append(
                    {
                        "id": 80000 + len(self.updates),
                        "author_id": 361,
                        "body": comment["body"],
                        "public": comment.get("public", True),
                        "created_at": "2026-03-02T10:00:00Z",
                    }
                )
            if "tags" in update:  # Update Ticket replaces the tags, as Zendesk's does
                ticket["tags"] = list(update["tags"])
        return JSONResponse({"ticket": ticket})

    async def add_tags(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("PUT tags")
        if refused:
            return refused
        ticket = self.tickets.get(request.path_params["tid"])
        if ticket is None:
            return JSONResponse({"error": "RecordNotFound"}, 404)
        added = (await request.json())["tags"]
        ticket["tags"] = [
            *ticket.get("tags", []),
            *(t for t in added if t not in ticket.get("tags", [])),
        ]
        return JSONResponse({"tags": ticket["tags"]})

    async def ticket_comments(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("GET comments")
        if refused:
            return refused
        tid = request.path_params["tid"]
        if tid not in self.comments:
            return JSONResponse({"error": "RecordNotFound"}, 404)
        return JSONResponse({"comments": self.comments[tid], "next_page": None, "users": []})

    async def export(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("GET export")
        if refused:
            return refused
        ordered = sorted(self.tickets.values(), key=lambda t: (t["updated_at"], t["id"]))
        cursor = request.query_params.get("cursor")
        if cursor is not None:
            start = int(cursor)
        else:
            start_time = int(request.query_params["start_time"])
            start = next(
                (i for i, t in enumerate(ordered) if _unix(t["updated_at"]) >= start_time),
                len(ordered),
            )
        chunk = ordered[start : start + 3]
        end = start + len(chunk) >= len(ordered)
        return JSONResponse(
            {"tickets": chunk, "after_cursor": str(start + len(chunk)), "end_of_stream": end}
        )


FRESHDESK_KEY = "fd-key-789"
FRESHDESK_PER_PAGE = 4


class FakeFreshdesk(Fake):
    """Freshdesk's tickets list (updated_since, oldest update first, a page at a time), a
    ticket, its conversations (paged), and Create a Note (which adds the note to the ticket's
    conversations, as Freshdesk's does)."""

    def __init__(self) -> None:
        super().__init__()
        export = json.loads((FIXTURES / "freshdesk.json").read_text("utf-8"))
        # The API always gives a ticket's times (the fixture holds one without, for the reader).
        export = [t for t in export if "updated_at" in t]
        self.conversations: dict[int, list[dict[str, Any]]] = {
            t["id"]: t.pop("conversations", []) for t in export
        }
        self.tickets: dict[int, dict[str, Any]] = {t["id"]: t for t in export}
        # (ticket, the note's request body) for each note posted.
        self.notes: list[tuple[int, dict[str, Any]]] = []
        self.app = Starlette(
            routes=[
                Route("/api/v2/tickets", self.listing),
                Route("/api/v2/tickets/{tid:int}", self.ticket),
                Route("/api/v2/tickets/{tid:int}/conversations", self.ticket_conversations),
                Route("/api/v2/tickets/{tid:int}/notes", self.add_note, methods=["POST"]),
            ]
        )

    def _refused(self, request: Request) -> Response | None:
        expected = base64.b64encode(f"{FRESHDESK_KEY}:X".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"code": "invalid_credentials"}, 401)
        return None

    async def listing(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("GET tickets")
        if refused:
            return refused
        since = _unix(request.query_params["updated_since"])
        ordered = sorted(
            (t for t in self.tickets.values() if _unix(t["updated_at"]) >= since),
            key=lambda t: (t["updated_at"], t["id"]),
        )
        page = int(request.query_params.get("page", "1"))
        chunk = ordered[(page - 1) * FRESHDESK_PER_PAGE : page * FRESHDESK_PER_PAGE]
        return JSONResponse([{k: v for k, v in t.items() if k != "requester"} for t in chunk])

    async def ticket(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("GET ticket")
        if refused:
            return refused
        ticket = self.tickets.get(request.path_params["tid"])
        if ticket is None:
            return JSONResponse({"code": "not_found"}, 404)
        return JSONResponse(ticket)

    async def ticket_conversations(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("GET conversations")
        if refused:
            return refused
        found = self.conversations.get(request.path_params["tid"])
        if found is None:
            return JSONResponse({"code": "not_found"}, 404)
        page = int(request.query_params.get("page", "1"))
        per_page = int(request.query_params.get("per_page", "30"))
        return JSONResponse(found[(page - 1) * per_page : page * per_page])

    async def add_note(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("POST note")
        if refused:
            return refused
        tid = request.path_params["tid"]
        found = self.conversations.get(tid)
        if found is None:
            return JSONResponse({"code": "not_found"}, 404)
        body = await request.json()
        if not isinstance(body.get("body"), str) or not body["body"].strip():
            errors = [{"field": "body", "message": "It should not be blank", "code": "missing"}]
            return JSONResponse({"description": "Validation failed", "errors": errors}, 400)
        note = {
            "id": 7000000 + len(self.notes),
            "body": body["body"],
            "body_text": body["body"],
            "incoming": False,
            "private": body.get("private", True),  # a note is private unless told otherwise
            "user_id": 501,
            "support_email": None,
            "source": 2,
            "ticket_id": tid,
            "notified_to": [],
            "attachments": [],
            "created_at": "2026-03-05T12:00:00Z",
            "updated_at": "2026-03-05T12:00:00Z",
        }
        found.append(note)
        self.notes.append((tid, body))
        return JSONResponse(note, 201)


INTERCOM_TOKEN = "ic-token-012"
INTERCOM_PER_PAGE = 6


class FakeIntercom(Fake):
    """Intercom's conversation search (updated_at after a moment, paged by starting_after) and a
    conversation with its parts."""

    def __init__(self) -> None:
        super().__init__()
        export = json.loads((FIXTURES / "intercom.json").read_text("utf-8"))
        # The API always gives a conversation's times (the fixture holds one without).
        self.conversations: dict[str, dict[str, Any]] = {
            c["id"]: c for c in export["conversations"] if c.get("updated_at")
        }
        self.notes: list[tuple[str, str, str]] = []
        self.app = Starlette(
            routes=[
                Route("/conversations/search", self.search, methods=["POST"]),
                Route("/conversations/{cid}", self.conversation),
                Route("/conversations/{cid}/reply", self.reply, methods=["POST"]),
            ]
        )

    def _refused(self, request: Request) -> Response | None:
        if request.headers.get("authorization") != f"Bearer {INTERCOM_TOKEN}":
            return JSONResponse({"type": "error.list", "errors": [{"code": "unauthorized"}]}, 401)
        return None

    async def search(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("POST search")
        if refused:
            return refused
        body = await request.json()
        after = body["query"]["value"]
        ordered = sorted(
            (c for c in self.conversations.values() if c["updated_at"] > after),
            key=lambda c: (c["updated_at"], c["id"]),
        )
        start = int(body["pagination"].get("starting_after") or 0)
        chunk = ordered[start : start + INTERCOM_PER_PAGE]
        following = start + len(chunk)
        pages: dict[str, Any] = {"type": "pages", "per_page": INTERCOM_PER_PAGE}
        if following < len(ordered):
            pages["next"] = {
                "page": following // INTERCOM_PER_PAGE + 1,
                "starting_after": str(following),
            }
        listed = [{k: v for k, v in c.items() if k != "conversation_parts"} for c in chunk]
        return JSONResponse(
            {
                "type": "conversation.list",
                "conversations": listed,
                "total_count": len(ordered),
                "pages": pages,
            }
        )

    async def reply(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("POST reply")
        if refused:
            return refused
        found = self.conversations.get(request.path_params["cid"])
        if found is None:
            return JSONResponse({"type": "error.list", "errors": [{"code": "not_found"}]}, 404)
        body = await request.json()
        if body.get("type") != "admin" or not body.get("admin_id"):
            return JSONResponse(
                {"type": "error.list", "errors": [{"code": "parameter_invalid"}]}, 400
            )
        self.notes.append((found["id"], body["message_type"], body["body"]))
        return JSONResponse(found)

    async def conversation(self, request: Request) -> Response:
        refused = self._refused(request) or self.trouble("GET conversation")
        if refused:
            return refused
        found = self.conversations.get(request.path_params["cid"])
        if found is None:
            return JSONResponse({"type": "error.list", "errors": [{"code": "not_found"}]}, 404)
        return JSONResponse(found)


def _unix(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """Serve `app` on a free loopback port until the block ends; yields its base URL."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port: int = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the fake helpdesk did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()
