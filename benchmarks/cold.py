"""A fresh interpreter's cost: `import trustdesk`, then the first and second check_reply.

Run by `run.py` in a subprocess; prints one JSON line. The first call includes loading the
checks through the registry and the lazily loaded VADER and langid models.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timedelta

from corpus import DEFAULT_SEED, draft_pool, reply_history
from harness import load_checks, pin_one_core


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    pin_one_core()
    history = reply_history(args.seed)
    first_draft, second_draft = draft_pool(2, args.seed + 2)
    now = datetime.fromisoformat(history["messages"][-1]["at"]) + timedelta(minutes=10)

    started = time.perf_counter()
    import trustdesk

    imported = time.perf_counter()
    checks, missing = load_checks()
    if missing:  # measure what exists; the table says what is missing
        engine = trustdesk.Engine(checks=checks)
        first = engine.check_reply(history, first_draft, now=now)
    else:
        first = trustdesk.check_reply(history, first_draft, now=now)
    first_done = time.perf_counter()
    if missing:
        engine.check_reply(history, second_draft, now=now)
    else:
        trustdesk.check_reply(history, second_draft, now=now)
    second_done = time.perf_counter()
    print(
        json.dumps(
            {
                "import_ms": 1000 * (imported - started),
                "first_call_ms": 1000 * (first_done - imported),
                "second_call_ms": 1000 * (second_done - first_done),
                "checks": len(checks),
                "first_decision": first.decision.value,
            }
        )
    )


if __name__ == "__main__":
    main()
