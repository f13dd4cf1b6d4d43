"""Service measures: waits and promise outcomes come from the service levels, not from the
checks that judge them, so the engine names no check and a check turned off costs nothing."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from support import conversation
from trustdesk.checks.base import Check, CheckContext, Signal
from trustdesk.checks.registry import available_checks
from trustdesk.checks.responsiveness.wait import LongWait
from trustdesk.engine import Engine
from trustdesk.model import Finding, Principle, Role, ServiceMeasures, Severity
from trustdesk.policy import Policy

SRC = Path(__file__).resolve().parents[2] / "src" / "trustdesk"
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)

CHASED_AND_LET_DOWN = conversation(
    ("customer", "Where is my parcel? Order 62001."),
    ("agent", "It left yesterday. I'll email you the tracking details by 3pm today.", HOUR),
    ("customer", "Still waiting for that tracking email. Any update?", DAY),
    ("agent", "Sorry for the delay, here it is: TRK-20931.", 2 * HOUR),
)


def _imports(package: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield path, node.module
            elif isinstance(node, ast.Import):
                yield from ((path, alias.name) for alias in node.names)


def test_the_engine_imports_no_particular_check() -> None:
    from_checks = {m for _, m in _imports(SRC / "engine") if m.startswith("trustdesk.checks")}
    # fixes: the format of the fix a finding offers (the guard applies it), no particular check.
    allowed = {"trustdesk.checks.base", "trustdesk.checks.registry", "trustdesk.checks.fixes"}
    assert from_checks <= allowed


def test_the_engine_names_no_check_id() -> None:
    for path in sorted((SRC / "engine").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        named = [check_id for check_id in available_checks() if check_id in text]
        assert not named, f"{path.name} names {named}"


def test_service_levels_sit_below_the_checks_and_the_engine() -> None:
    allowed = ("trustdesk.model", "trustdesk.policy", "trustdesk.text", "trustdesk.errors")
    for path, module in _imports(SRC / "service_level"):
        if module.startswith("trustdesk.") and not module.startswith("trustdesk.service_level"):
            assert module.startswith(allowed), f"{path.name} imports {module}"


def _policy(**checks: dict[str, object]) -> Policy:
    return Policy.model_validate({"checks": checks})


def _measured(engine: Engine, conv: dict[str, object]) -> ServiceMeasures:
    service = engine.audit(conv).service
    assert service is not None
    return service


def test_waits_and_promises_are_measured_whichever_checks_run() -> None:
    full = _measured(Engine(), CHASED_AND_LET_DOWN)
    off = {"enabled": False}
    lean = Engine(_policy(**{"responsiveness.wait": off, "promises.broken": off}))
    assert full.promises.broken == 1 and full.first_reply_seconds == 3600
    assert _measured(lean, CHASED_AND_LET_DOWN) == full


def test_a_check_turned_off_is_never_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("a check turned off was run")

    monkeypatch.setattr(LongWait, "run", fail)
    engine = Engine(_policy(**{"responsiveness.wait": {"enabled": False}}))
    assert engine.audit(CHASED_AND_LET_DOWN).service is not None
    engine.check_reply(CHASED_AND_LET_DOWN, "Here is your tracking number.")


def test_the_measures_use_the_policys_closing_length_with_the_wait_check_off() -> None:
    closing = conversation(
        ("customer", "Where is my order?"),
        ("agent", "It arrives tomorrow.", HOUR),
        ("customer", "Great, thanks, that's all I needed to know today!", HOUR),
        ("agent", "You're welcome!", 3 * HOUR),
    )
    params = {"enabled": False, "params": {"closing_max_words": 3}}
    assert _measured(Engine(), closing).update_gaps_seconds == ()
    short = Engine(_policy(**{"responsiveness.wait": params}))
    assert _measured(short, closing).update_gaps_seconds == (3 * 3600,)


def test_chased_comes_from_the_checks_that_signal_a_chase() -> None:
    assert _measured(Engine(), CHASED_AND_LET_DOWN).chased
    quiet = Engine(_policy(**{"responsiveness.chasing": {"enabled": False}}))
    assert not _measured(quiet, CHASED_AND_LET_DOWN).chased


class ShoutedHello(Check):
    """A third-party check whose findings mean the customer had to chase."""

    id = "acme.hello"
    principle = Principle.RESPONSIVENESS
    severity = Severity.INFO
    summary = "The customer shouted hello."
    judges = frozenset({Role.CUSTOMER})
    signals = frozenset({Signal.CHASED})

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for _, message in ctx.judged(self.judges):
            if message.text.startswith("HELLO"):
                yield self.finding(ctx, message, 0, 5, explanation="Shouted hello.")


def test_a_third_party_check_can_signal_a_chase() -> None:
    hello = conversation(("customer", "HELLO?? anyone?"), ("agent", "Hi, sorry!", HOUR))
    assert _measured(Engine(checks=[ShoutedHello]), hello).chased
    assert not _measured(Engine(checks=[LongWait]), hello).chased
