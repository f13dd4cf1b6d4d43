"""trustdesk's benchmarks: one table, throughput and latency side by side, on one core.

    make bench                       # or: python benchmarks/run.py [--quick]

Prints the table and writes the figures to benchmarks/output/results.json. The process is
pinned to one CPU first, so every figure is per core. Presidio and VADER run on the same
messages in the same run, so the comparisons are like for like; so does the obvious PII-only
regex scanner (benchmarks/pii_baseline.py), the yardstick the full audit's rate is given
against.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

import workloads
from corpus import DEFAULT_SEED, generate_corpus
from harness import (
    Row,
    bench_dir,
    collected_first,
    load_checks,
    machine_info,
    pin_one_core,
    write_figures,
)
from trustdesk.engine import Engine


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run trustdesk's benchmarks.")
    parser.add_argument(
        "--messages",
        type=int,
        default=100_000,
        help="size of the audit corpus in messages (default 100,000)",
    )
    parser.add_argument(
        "--calls", type=int, default=2_000, help="check_reply calls to time (default 2,000)"
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=5_000,
        help="messages for the side-by-side comparisons (default 5,000)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes, for a smoke run (figures are not representative)",
    )
    parser.add_argument("--out", type=Path, default=bench_dir() / "output" / "results.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.messages, args.calls, args.sample = 5_000, 300, 1_000
    return args


def _sample(corpus: list[dict[str, Any]], messages: int) -> list[dict[str, Any]]:
    taken: list[dict[str, Any]] = []
    count = 0
    for conversation in corpus:
        if count >= messages:
            break
        taken.append(conversation)
        count += len(conversation["messages"])
    return taken


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.0f} µs" if value < 1 else f"{value:.2f} ms"


def _rate(row: Row) -> str:
    return f"{row.rate:,.0f} {row.rate_unit}" if row.rate is not None else ""


def render(rows: Sequence[Row], caption: str) -> Table:
    table = Table(
        title="trustdesk benchmarks (one core)",
        caption=caption,
        caption_justify="left",
        show_lines=False,
    )
    for name, justify in [
        ("section", "left"),
        ("workload", "left"),
        ("throughput", "right"),
        ("mean", "right"),
        ("p50", "right"),
        ("p95", "right"),
        ("p99", "right"),
        ("latency of", "left"),
        ("target", "left"),
        ("notes", "left"),
    ]:
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    previous = ""
    for row in rows:
        if row.section != previous and previous:
            table.add_section()
        table.add_row(
            row.section if row.section != previous else "",
            row.workload,
            _rate(row),
            _ms(row.mean_ms),
            _ms(row.p50_ms),
            _ms(row.p95_ms),
            _ms(row.p99_ms),
            row.latency_of,
            row.target,
            row.note,
        )
        previous = row.section
    return table


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    pinned = pin_one_core()
    machine = machine_info()
    checks, missing = load_checks()
    engine = Engine(checks=checks) if missing else Engine()
    by_id = {cls.id: cls for cls in checks}

    rows: list[Row] = []
    console = Console(stderr=True)
    # Latency first, before the audit corpus exists: a desk process does not hold 100,000
    # conversations in memory, and the garbage collector's pauses grow with the heap.
    console.log("check_reply latency")
    with collected_first():
        rows.extend(workloads.reply_latency(engine, args.calls, args.seed, args.calls // 4))
        rows.append(workloads.cold_first_call(args.seed))
    console.log(f"generating a corpus of {args.messages:,} messages")
    corpus = generate_corpus(args.messages, args.seed)
    sample = _sample(corpus, args.sample)
    console.log("audit throughput, one core")
    with collected_first():
        audit_rows = workloads.audit_throughput(engine, corpus)
        rows.extend(audit_rows)
        # The yardstick right after, on the same messages, while the machine's load is alike.
        rows.extend(workloads.audit_against_pii_scanner(corpus, audit_rows[0]))
    steps = [
        (
            "audit throughput, every core",
            lambda: [workloads.audit_on_all_cores(engine, corpus, audit_rows[0])],
        ),
        ("privacy, side by side", lambda: workloads.privacy_side_by_side(sample, by_id)),
        ("sentiment, side by side", lambda: workloads.sentiment_side_by_side(engine, sample)),
        ("where time goes", lambda: workloads.breakdown(engine, sample, checks)),
    ]
    for name, step in steps:
        console.log(name)
        with collected_first():
            rows.extend(step())

    caption = (
        f"{machine['cpu']}; {machine['python']} on {machine['platform']}; "
        f"{pinned}. {len(checks)} checks"
        + (f" (not loaded: {', '.join(missing)})" if missing else "")
        + f". Corpus seed {args.seed}."
    )
    Console(width=200).print(render(rows, caption))
    write_figures(
        args.out,
        rows,
        machine=machine,
        pinning=pinned,
        checks=[c.id for c in checks],
        checks_missing=missing,
        seed=args.seed,
        quick=args.quick,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
