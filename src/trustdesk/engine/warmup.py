"""Readying a process that will audit or check for a long time: a command's audit, its worker
processes, the API server.

`warm_up` loads every model and pattern the engine loads on first use (the first check would
otherwise pay for them), then moves everything the process holds so far, the engine, its
models and compiled patterns, out of the garbage collector's sight (`gc.freeze`): they last as
long as the process, and a full collection would otherwise walk all of them again each time.
Forked workers share those pages undisturbed, too. A library caller's process is left alone:
only the programs trustdesk runs itself call this.
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

from trustdesk.engine.core import Engine
from trustdesk.text.language import identify
from trustdesk.text.sentiment import score

# A conversation that loads every model the engine loads on first use.
WARM_UP: dict[str, Any] = {
    "id": "warm-up",
    "messages": [
        {"id": "1", "role": "customer", "text": "I am upset: where is my refund? Ça suffit."},
        {"id": "2", "role": "agent", "text": "We will get back to you soon."},
    ],
}


# The engines already warmed in this process: a command that warms its engine and then starts
# forked workers (which warm the one they are given) does the work once.
_warmed: weakref.WeakSet[Engine] = weakref.WeakSet()


def warm_up(engine: Engine) -> None:
    """Load what `engine` loads on first use, then set what the process holds aside from the
    garbage collector's full collections; once per engine."""
    if engine in _warmed:
        return
    _warmed.add(engine)
    engine.audit(WARM_UP, remember=False)
    # The models the checks load only when a message needs them.
    identify(WARM_UP["messages"][0]["text"])
    _ = score(WARM_UP["messages"][0]["text"]).compound
    gc.collect()
    gc.freeze()
