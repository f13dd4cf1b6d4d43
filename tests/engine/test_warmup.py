"""A long-running process readies itself: the models loaded before the first check, and what
it holds set aside from the garbage collector's full collections."""

from __future__ import annotations

import gc

from trustdesk.engine import Engine
from trustdesk.engine.warmup import warm_up
from trustdesk.text.sentiment import _analyzer


def test_warm_up_loads_the_models_and_sets_the_heap_aside() -> None:
    engine = Engine()
    _analyzer.cache_clear()
    warm_up(engine)
    assert _analyzer.cache_info().currsize == 1  # VADER is loaded
    assert gc.get_freeze_count() > 10_000  # the engine, its models and patterns
    verdict = engine.check_reply(
        {"id": "c", "messages": [{"id": "1", "role": "customer", "text": "Where is it?"}]},
        "It ships today.",
    )
    assert verdict.decision.value == "allow"


def test_an_engine_is_warmed_once() -> None:
    engine = Engine()
    warm_up(engine)
    audits = 0
    real = engine.audit

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal audits
        audits += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    engine.audit = counting  # type: ignore[method-assign]
    warm_up(engine)  # as the workers' pool does after the command warmed it
    assert audits == 0
