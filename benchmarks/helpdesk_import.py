"""A Zendesk export of a million messages: audited in constant memory, imported into SQLite and
PostgreSQL, and an import killed half-way then run again without duplicates or loss.

    python benchmarks/helpdesk_import.py [--messages 1000000] [--postgres URL] [--no-postgres]

Writes a Zendesk-shaped export (`{"tickets": [...], "users": [...]}`, one JSON document, as
the tickets API pages and the incremental export give it) streamed to disk from the seeded
benchmark corpus: HTML comment bodies, internal notes, Answer Bot replies, attachments, and a
ticket reference in every comment so that no two texts are the same. Then, each in a process
of its own, measured with wait4 (peak RSS) and the wall clock:

1. `trustdesk audit EXPORT --from zendesk`: messages per second and peak RSS;
2. `trustdesk import EXPORT --from zendesk` into a fresh SQLite file, and into a throwaway
   PostgreSQL database: messages (rows) per second and peak RSS;
   each import is killed (SIGKILL) once about half the tickets are stored, then run again
   to the end: the tickets and messages stored must equal the export's, with no message
   twice (rows per second: the messages each run stored over its time);
3. with --timed-import, also one whole import into a fresh database of each kind.

Files go to benchmarks/output/helpdesk-import/ (figures in figures-MESSAGES.json).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from corpus import DEFAULT_SEED, iter_corpus
from harness import bench_dir, machine_info

OUT = bench_dir() / "output" / "helpdesk-import"
TRUSTDESK = str(Path(sys.executable).with_name("trustdesk"))
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
AGENTS = {"Alex": 361, "Sam": 362, "Priya": 363, "Jonas": 364, "Mei": 365}
ATTACHMENTS = ["receipt.pdf", "photo.jpg", "screenshot.png", "invoice-2026.pdf"]
console = Console()


# --- the export ---------------------------------------------------------------------------


def _comment(
    message: dict[str, Any], ticket: int, number: int, requester: int, rng: random.Random
) -> dict[str, Any]:
    role = message["role"]
    reference = f"Ref ZD-{ticket}-{number}"  # every text its own
    body = "".join(f"<p>{html.escape(line)}</p>" for line in message["text"].split("\n"))
    comment: dict[str, Any] = {
        "id": ticket * 100 + number,
        "type": "Comment",
        "author_id": requester if role == "customer" else AGENTS.get(message["author"] or "", 360),
        "html_body": f'<div class="zd-comment">{body}<p><small>{reference}</small></p></div>',
        "public": role != "note",
        "created_at": message["at"],
        "via": {"channel": "answer_bot" if role == "bot" else "web"},
        "attachments": [],
    }
    if role == "customer" and rng.random() < 0.08:
        name = rng.choice(ATTACHMENTS)
        comment["attachments"] = [
            {
                "id": ticket * 100 + number,
                "file_name": name,
                "content_url": f"https://example.zendesk.com/attachments/token/{ticket}/{name}",
                "content_type": "application/octet-stream",
                "size": rng.randint(2_000, 900_000),
            }
        ]
    return comment


def _tickets(messages: int, seed: int) -> Iterator[tuple[dict[str, Any], int]]:
    rng = random.Random(seed + 1)
    for index, conversation in enumerate(iter_corpus(messages, seed)):
        requester = 100_000 + index
        ticket = 35_000_000 + index
        comments = [
            _comment(message, ticket, number, requester, rng)
            for number, message in enumerate(conversation["messages"], start=1)
        ]
        yield (
            {
                "id": ticket,
                "subject": html.unescape(conversation["messages"][0]["text"][:60]),
                "status": rng.choice(["open", "pending", "solved", "closed"]),
                "requester_id": requester,
                "organization_id": rng.choice([None, 77, 78]),
                "group_id": 20,
                "via": {"channel": conversation["channel"]},
                "tags": ["benchmark"],
                "created_at": conversation["messages"][0]["at"],
                "comments": comments,
            },
            len(comments),
        )


def write_export(path: Path, messages: int, seed: int) -> tuple[int, int]:
    """(tickets, messages) of the export written to `path`, one ticket at a time."""
    tickets = written = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"tickets": [\n')
        for ticket, count in _tickets(messages, seed):
            handle.write(("" if tickets == 0 else ",\n") + json.dumps(ticket, ensure_ascii=False))
            tickets += 1
            written += count
        users = [
            {"id": user_id, "name": name, "role": "agent", "locale": "en-gb"}
            for name, user_id in AGENTS.items()
        ]
        handle.write(f'\n],\n"users": {json.dumps(users)},\n"count": {tickets}}}\n')
    return tickets, written


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int


def measured(args: list[str], log: Path, kill_when: Any = None) -> Run:
    """Run `args` in a child; its peak RSS from wait4. `kill_when()` polled each second: once
    it says so, the child is killed with SIGKILL."""
    start = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        while kill_when is not None:
            time.sleep(1.0)
            if child.poll() is not None:
                break
            if kill_when():
                child.send_signal(signal.SIGKILL)
                break
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(time.perf_counter() - start, usage.ru_maxrss / 1024, child.returncode)


def audited_messages(folder: Path) -> int:
    """Messages the audit wrote results for (so far, if it was stopped)."""
    path = folder / "conversations.jsonl"
    if not path.exists():
        path = folder / ".conversations.jsonl.partial"
    with path.open(encoding="utf-8") as handle:
        return sum(json.loads(line)["messages"] for line in handle if line.strip())


def counts(url: str) -> tuple[int, int, int]:
    """(tickets, messages, distinct (ticket, message id)) stored at `url`."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tickets = connection.execute(text("SELECT count(*) FROM tickets")).scalar_one()
            messages = connection.execute(text("SELECT count(*) FROM messages")).scalar_one()
            distinct = connection.execute(
                text(
                    "SELECT count(*) FROM (SELECT DISTINCT ticket_id, external_id FROM messages) d"
                )
            ).scalar_one()
        return int(tickets), int(messages), int(distinct)
    finally:
        engine.dispose()


def stored_tickets(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM tickets")).scalar_one())
    except DBAPIError:  # the tables do not exist yet
        return 0
    finally:
        engine.dispose()


class PostgresDatabase:
    """A throwaway database on the server at `admin_url`, dropped on exit."""

    def __init__(self, admin_url: str, name: str) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.name = name
        self.url = admin_url.rsplit("/", 1)[0] + f"/{name}"

    def __enter__(self) -> PostgresDatabase:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}"'))
            connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self

    def __exit__(self, *exc: object) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def import_args(export: Path, url: str) -> list[str]:
    return [TRUSTDESK, "import", str(export), "--from", "zendesk", "--database-url", url]


def timed_import(name: str, export: Path, url: str, messages: int) -> dict[str, Any]:
    run = measured(import_args(export, url), OUT / f"import-{name}.log")
    stored = counts(url)
    console.print(f"import into {name}: {run.seconds:.0f} s, peak RSS {run.peak_rss_mb:.0f} MB")
    return {
        "database": name,
        **asdict(run),
        "tickets": stored[0],
        "messages": stored[1],
        "rows_per_s": round(stored[1] / run.seconds),
        "complete": stored[1] == messages,
    }


def killed_and_resumed(
    name: str, export: Path, url: str, tickets: int, messages: int
) -> dict[str, Any]:
    """The import killed once half the tickets are stored, then run again: each run's rows per
    second and peak RSS, and whether the desk then holds the export exactly."""
    half = tickets // 2
    first = measured(
        import_args(export, url),
        OUT / f"killed-{name}.log",
        kill_when=lambda: stored_tickets(url) >= half,
    )
    at_kill = counts(url)
    again = measured(import_args(export, url), OUT / f"resumed-{name}.log")
    final = counts(url)
    result = {
        "database": name,
        "killed": {**asdict(first), "rows_per_s": round(at_kill[1] / first.seconds)},
        "tickets_at_kill": at_kill[0],
        "messages_at_kill": at_kill[1],
        "rerun": {
            **asdict(again),
            "rows_per_s": round((final[1] - at_kill[1]) / again.seconds),
        },
        "tickets": final[0],
        "messages": final[1],
        "distinct_messages": final[2],
        "no_duplicates_no_loss": final == (tickets, messages, messages),
    }
    console.print(f"killed and resumed on {name}: {result}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--postgres", default=POSTGRES, help="A server's admin URL.")
    parser.add_argument(
        "--timed-import",
        action="store_true",
        help="Also import once whole into a fresh database of each kind, timed.",
    )
    parser.add_argument(
        "--steps",
        default="audit,sqlite,postgresql",
        help="Which of audit, sqlite, postgresql to run (comma-separated).",
    )
    parser.add_argument(
        "--reuse-export",
        action="store_true",
        help="Read the export an earlier run wrote (the same --messages and --seed).",
    )
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    export = OUT / f"zendesk-{options.messages}.json"
    steps = set(options.steps.split(","))
    started = time.perf_counter()
    if options.reuse_export and export.exists():
        tickets = messages = 0
        for _, count in _tickets(options.messages, options.seed):  # the same seed, the same
            tickets, messages = tickets + 1, messages + count
    else:
        tickets, messages = write_export(export, options.messages, options.seed)
    size_mb = export.stat().st_size / 1e6
    console.print(
        f"export: {tickets:,} tickets, {messages:,} messages, {size_mb:,.0f} MB "
        f"({time.perf_counter() - started:.0f} s to write or count)"
    )
    figures: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "export": {"tickets": tickets, "messages": messages, "megabytes": round(size_mb)},
    }

    if "audit" in steps:
        audit_out = OUT / f"audit-{messages}"
        audit = measured(
            [TRUSTDESK, "audit", str(export), "--from", "zendesk", "-o", str(audit_out), "-q"],
            OUT / f"audit-{messages}.log",
        )
        done = audited_messages(audit_out)
        figures["audit"] = {
            **asdict(audit),
            "messages_audited": done,
            "messages_per_s": round(done / audit.seconds),
        }
        console.print(
            f"audit: {done:,} messages in {audit.seconds:.0f} s, "
            f"peak RSS {audit.peak_rss_mb:.0f} MB"
        )

    imports = []
    kills = []
    sqlite = OUT / "desk.db"
    if "sqlite" in steps:
        sqlite.unlink(missing_ok=True)
        kills.append(killed_and_resumed("sqlite", export, f"sqlite:///{sqlite}", tickets, messages))
    if "postgresql" in steps:
        with PostgresDatabase(options.postgres, f"td_bench_kill_{os.getpid()}") as database:
            kills.append(killed_and_resumed("postgresql", export, database.url, tickets, messages))
    if options.timed_import:
        sqlite.unlink(missing_ok=True)
        imports.append(timed_import("sqlite", export, f"sqlite:///{sqlite}", messages))
        if "postgresql" in steps:
            with PostgresDatabase(options.postgres, f"td_bench_{os.getpid()}") as database:
                imports.append(timed_import("postgresql", export, database.url, messages))
    figures["imports"] = imports
    figures["killed_and_resumed"] = kills
    named = "-".join(sorted(steps))
    (OUT / f"figures-{messages}-{named}.json").write_text(json.dumps(figures, indent=2) + "\n")

    table = Table(title=f"Zendesk export, {messages:,} messages in {tickets:,} tickets")
    for column in ("step", "seconds", "per second", "peak RSS MB", "result"):
        table.add_column(column)
    if "audit" in figures:
        row = figures["audit"]
        table.add_row(
            "audit",
            f"{row['seconds']:.0f}",
            f"{row['messages_per_s']:,} msgs",
            f"{row['peak_rss_mb']:.0f}",
            f"exit {row['returncode']}",
        )
    for row in imports:
        table.add_row(
            f"import {row['database']}",
            f"{row['seconds']:.0f}",
            f"{row['rows_per_s']:,} rows",
            f"{row['peak_rss_mb']:.0f}",
            "complete" if row["complete"] else "INCOMPLETE",
        )
    for row in kills:
        for step, run in (("killed", row["killed"]), ("re-run", row["rerun"])):
            table.add_row(
                f"import {row['database']}, {step}",
                f"{run['seconds']:.0f}",
                f"{run['rows_per_s']:,} rows",
                f"{run['peak_rss_mb']:.0f}",
                f"killed at {row['tickets_at_kill']:,} tickets"
                if step == "killed"
                else ("no duplicates, no loss" if row["no_duplicates_no_loss"] else "MISMATCH"),
            )
    console.print(table)


if __name__ == "__main__":
    main()
