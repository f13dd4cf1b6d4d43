"""The web desk's live check and pages, side by side with the API a bot would call.

    python benchmarks/web_desk.py [--requests 300]

A temporary SQLite desk holds a 20-message conversation and 200 tickets. In process (no
network, one client), it times, for the same drafts:

- `check_draft`, the desk's use case (the floor: the engine and one read of the ticket);
- `POST /v1/tickets/{id}/drafts/check`, the JSON a bot or helpdesk would ask for;
- `POST /tickets/{id}/check`, the HTMX fragment the reply box asks for as an agent types
  (session cookie and CSRF checked, the verdict rendered with every finding marked);

and the pages an agent opens most: the inbox (50 rows) and the conversation. The figures go to
benchmarks/output/web_desk.json.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table

from corpus import DEFAULT_SEED, draft_pool, reply_history
from harness import Row, bench_dir, latency_row, machine_info, write_figures
from trustdesk.api.app import create_app
from trustdesk.desk import auth
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.opening import open_desk
from trustdesk.desk.replies import check_draft
from trustdesk.desk.roles import SYSTEM, Actor, Role
from trustdesk.desk.tickets import create_ticket
from trustdesk.model import Conversation
from trustdesk.settings import Settings

PASSWORD = "bench-password-1"


def _timed(count: int, call: Callable[[int], object]) -> tuple[list[float], float]:
    latencies: list[float] = []
    began = time.perf_counter()
    for index in range(count):
        start = time.perf_counter()
        call(index)
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    count = max(10, args.requests)
    drafts = draft_pool(64, DEFAULT_SEED)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'desk.db'}", scheduler_enabled=False
        )
        desk = open_desk(settings)
        team = auth.ensure_team(desk, "Support")
        auth.create_user(
            desk, SYSTEM, username="agent", password=PASSWORD, role="agent", team="Support"
        )
        actor = Actor(user_id=None, username="bench", role=Role.ADMIN, team_id=team)
        history = Conversation.model_validate(reply_history(DEFAULT_SEED))
        import_conversations(desk, actor, [history])
        for number in range(200):
            create_ticket(
                desk,
                actor,
                customer=CustomerIn(external_id=f"cus-{number}"),
                text=f"Where is my order {10000 + number}? It was due last week.",
            )
        agent = auth.authenticate(
            desk, auth.sign_in(desk, username="agent", password=PASSWORD).token
        )
        token = auth.sign_in(desk, username="agent", password=PASSWORD).token
        rows: list[Row] = []
        with TestClient(create_app(desk=desk, scheduler=False)) as client:
            page = client.get("/sign-in")
            csrf = re.search(r'name="csrf_token" value="(\w+)"', page.text).group(1)  # type: ignore[union-attr]
            client.post(
                "/sign-in",
                data={"username": "agent", "password": PASSWORD, "csrf_token": csrf},
                follow_redirects=False,
            )
            csrf = re.search(r'name="csrf_token" value="(\w+)"', client.get("/").text).group(1)  # type: ignore[union-attr]
            ticket_id = 1
            bearer = {"Authorization": f"Bearer {token}"}
            htmx = {"HX-Request": "true", "X-CSRF-Token": csrf}
            cases: list[tuple[str, str, Callable[[int], object]]] = [
                (
                    "check_draft (use case, no HTTP)",
                    "draft",
                    lambda i: check_draft(
                        desk, agent, ticket_id=ticket_id, text=drafts[i % len(drafts)]
                    ),
                ),
                (
                    "POST /v1/tickets/{id}/drafts/check (API JSON)",
                    "request",
                    lambda i: client.post(
                        f"/v1/tickets/{ticket_id}/drafts/check",
                        json={"text": drafts[i % len(drafts)]},
                        headers=bearer,
                    ).raise_for_status(),
                ),
                (
                    "POST /tickets/{id}/check (reply box, HTMX)",
                    "request",
                    lambda i: client.post(
                        f"/tickets/{ticket_id}/check",
                        data={"text": drafts[i % len(drafts)]},
                        headers=htmx,
                    ).raise_for_status(),
                ),
                (
                    "GET /tickets (inbox, 50 rows)",
                    "page",
                    lambda i: client.get("/tickets").raise_for_status(),
                ),
                (
                    "GET /tickets/{id} (conversation, 20 messages)",
                    "page",
                    lambda i: client.get(f"/tickets/{ticket_id}").raise_for_status(),
                ),
            ]
            for name, unit, call in cases:
                _timed(10, call)  # warm up
                latencies, seconds = _timed(count, call)
                rows.append(
                    latency_row(
                        "web desk",
                        name,
                        latencies,
                        rate_items=count,
                        seconds=seconds,
                        rate_unit=f"{unit}s/s",
                        latency_of=unit,
                    )
                )
        desk.close()
    table = Table(title="The web desk beside the API (one client, in process)")
    for column in ("workload", "throughput", "p50 ms", "p95 ms", "p99 ms"):
        table.add_column(column, justify="left" if column == "workload" else "right")
    for row in rows:
        table.add_row(
            row.workload,
            f"{row.rate:,.0f} {row.rate_unit}" if row.rate else "",
            f"{row.p50_ms:.1f}",
            f"{row.p95_ms:.1f}",
            f"{row.p99_ms:.1f}",
        )
    Console().print(table)
    write_figures(
        bench_dir() / "output" / "web_desk.json", rows, machine=machine_info(), requests=count
    )


if __name__ == "__main__":
    main()
