"""The guard on a bot's serving path, in process: Engine.guard against check_reply.

    make bench-guard                 # or: python benchmarks/guard.py [--calls 1000] [--seed 7]

A 20-message history (parsed once, its analysis cached, as a server does) and distinct drafts of
about 120 words; in four of five drafts one sentence a bot might write is put in the middle (a
vague promise, a request for a password or a card number, a rule the policy does not state, a
rude remark), so every path is timed: allow (one check), revise (the draft, then the revision
checked again; a second step when the fixes uncover more) and block. The budget is a p99 under
10 ms on one core. check_reply on the same drafts, in the same run, is the side-by-side figure.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from rich.console import Console
from rich.table import Table

from corpus import DEFAULT_SEED, draft_pool, reply_history
from harness import Row, collected_first, machine_info, per_call_row, pin_one_core, time_each
from trustdesk.engine import Engine
from trustdesk.model import Conversation
from trustdesk.text.analysis import forget_recent_analyses

WARMUP_CALLS = 20
PASSES = 3
BUDGET = "p99 < 10 ms"
# What a bot might say that the guard mends or stops; None leaves the draft as it is.
RISKS: tuple[str | None, ...] = (
    None,
    "We will get back to you soon.",
    "Could you send me your password so I can check the account?",
    "Can you send your full card number?",
    "Our service is designed to work with only one device, as a security feature.",
    "Honestly, that's a stupid question.",
)


def drafts(count: int, seed: int, words: int = 120) -> list[str]:
    """`count` distinct drafts of about `words` words, most with one risky sentence in the
    middle."""
    rng = random.Random(seed)
    made = []
    for base in draft_pool(count, seed, words):
        risk = rng.choice(RISKS)
        if risk is None:
            made.append(base)
            continue
        sentences = base.split(". ")
        middle = len(sentences) // 2
        made.append(". ".join([*sentences[:middle], risk.rstrip("."), *sentences[middle:]]))
    return made


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000, help="drafts to time (default 1,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--words", type=int, default=120, help="words a draft (default 120)")
    args = parser.parse_args(argv)
    pinned = pin_one_core()
    engine = Engine()
    history_data = reply_history(args.seed)
    history = Conversation.parse(history_data)
    now = datetime.fromisoformat(history_data["messages"][-1]["at"]) + timedelta(minutes=10)
    pool = drafts(WARMUP_CALLS + args.calls, args.seed + 1, args.words)
    for draft in pool[:WARMUP_CALLS]:
        engine.guard(history, draft, now=now)
    measured = pool[WARMUP_CALLS:]

    def guard(draft: str) -> str:
        return engine.guard(history, draft, now=now).decision.value

    def check(draft: str) -> str:
        return engine.check_reply(history, draft, now=now).decision.value

    # Three passes of each, in turn: the first is what a caller sees; each draft's best of
    # three is what the work itself costs, without the pauses a shared machine adds. Shared
    # analyses are forgotten before each pass, so every pass analyses the drafts afresh.
    guard_passes: list[list[int]] = []
    check_passes: list[list[int]] = []
    for _ in range(PASSES):
        for passes, call in ((guard_passes, guard), (check_passes, check)):
            forget_recent_analyses()
            with collected_first():
                passes.append(time_each(measured, call))
    guard_best = [min(times) for times in zip(*guard_passes, strict=True)]
    check_best = [min(times) for times in zip(*check_passes, strict=True)]

    by_decision: dict[str, list[int]] = defaultdict(list)
    checked_by_decision: dict[str, list[int]] = defaultdict(list)
    blocked_by: Counter[str] = Counter()
    for draft, best, checked in zip(measured, guard_best, check_best, strict=True):
        result = engine.guard(history, draft, now=now)  # untimed: what the guard decided
        by_decision[result.decision.value].append(best)
        checked_by_decision[result.decision.value].append(checked)
        if result.decision.value == "block":
            blocked_by[result.reason.split("(")[-1].split(")")[0]] += 1

    words = sum(len(d.split()) for d in measured) / len(measured)
    shape = f"{len(history.messages)}-msg history + {words:.0f}-word draft"
    rows = [
        per_call_row("guard", f"all drafts, first pass ({shape})", guard_passes[0],
                     rate_unit="calls/s", latency_of="call", target=BUDGET),
        per_call_row("guard", "all drafts, each draft's best of 3", guard_best,
                     rate_unit="calls/s", latency_of="call", target=BUDGET),
        *(
            per_call_row("guard", f"{decision} ({len(times)} drafts), best of 3", times,
                         rate_unit="calls/s", latency_of="call", target=BUDGET)
            for decision, times in sorted(by_decision.items())
        ),
        per_call_row("check_reply", "same drafts, first pass", check_passes[0],
                     rate_unit="calls/s", latency_of="call"),
        per_call_row("check_reply", "same drafts, each draft's best of 3", check_best,
                     rate_unit="calls/s", latency_of="call"),
        *(
            per_call_row("check_reply", f"the drafts the guard would {decision}, best of 3",
                         times, rate_unit="calls/s", latency_of="call")
            for decision, times in sorted(checked_by_decision.items())
        ),
    ]  # fmt: skip
    machine = machine_info()
    caption = f"{machine['cpu']}; {machine['python']}; {pinned}. Seed {args.seed}."
    console = Console(width=160)
    console.print(_table(rows, caption))
    top = ", ".join(f"{check} {count}" for check, count in blocked_by.most_common(6))
    console.print(f"Blocked drafts by the finding named in the reason: {top}")
    return 0


def _table(rows: Sequence[Row], caption: str) -> Table:
    table = Table(title="Guard latency, in process, one core", caption=caption)
    for name in ("section", "workload", "calls/s", "p50 ms", "p95 ms", "p99 ms", "target"):
        table.add_column(name)
    for row in rows:
        table.add_row(
            row.section,
            row.workload,
            f"{row.rate:,.0f}" if row.rate else "",
            f"{row.p50_ms:.2f}" if row.p50_ms is not None else "",
            f"{row.p95_ms:.2f}" if row.p95_ms is not None else "",
            f"{row.p99_ms:.2f}" if row.p99_ms is not None else "",
            row.target,
        )
    return table


if __name__ == "__main__":
    raise SystemExit(main())
