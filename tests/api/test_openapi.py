"""Schemathesis runs every phase it has over the OpenAPI schema, as its command line does:
examples, coverage (the edges of every parameter, wrong types, missing fields, unexpected
methods), fuzzing (valid and invalid requests) and stateful sequences that follow the links
between operations. No 5xx, and every response is one the schema documents."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from schemathesis import engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events
from schemathesis.engine.run import PhaseName

from api_support import Api
from trustdesk.desk.desk import Desk

# About 2,800 requests: marked slow, still run by every `make test`.
pytestmark = pytest.mark.slow

# A short budget for every `make test` (about 2,800 requests, well under a minute), a fixed seed.
BUDGET = {"seed": 15, "max-examples": 10, "max-steps": 6}
PHASES = {PhaseName.COVERAGE, PhaseName.FUZZING, PhaseName.STATEFUL_TESTING}


def _config(api: Api) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": BUDGET["seed"],
            "headers": api.headers("ada"),
            # The walk judges status codes and schemas, not speed: on a loaded machine the
            # first large check waits for its worker process to start (seconds), which the
            # default 10 s read timeout would report as an error.
            "request-timeout": 120,
            "generation": {"max-examples": BUDGET["max-examples"], "database": "none"},
            "phases": {"stateful": {"max-steps": BUDGET["max-steps"]}},
            "checks": {
                # Every check but one: some schema-valid requests are refused on purpose,
                # by rules a schema cannot state (a time outside the years the engine counts
                # from, YAML that is not a valid policy, answering a request twice).
                "positive_data_acceptance": {"enabled": False},
            },
        }
    )


@pytest.fixture
def api_schema(api: Api, desk: Desk) -> schemathesis.BaseSchema:
    if desk.db.dialect.name != "sqlite":
        pytest.skip("the schema walk runs once, on SQLite")
    # Something to find: a ticket with a reply, so ids in paths can hit real records.
    ticket = api.client.post(
        "/v1/tickets", headers=api.headers("ada"), json={"text": "Where is my parcel?"}
    ).json()
    api.client.post(
        f"/v1/tickets/{ticket['id']}/replies",
        headers=api.headers("ada"),
        json={"text": "Sorry for the wait. I will email you by 5pm today with news."},
    )
    return schemathesis.openapi.from_asgi("/openapi.json", api.client.app, config=_config(api))


def test_every_phase_finds_no_server_error_and_no_schema_violation(
    api_schema: schemathesis.BaseSchema,
) -> None:
    failures: set[str] = set()
    errors: list[str] = []
    scenarios: Counter[PhaseName] = Counter()
    operations: set[str] = set()
    requests = 0
    for event in engine.from_schema(api_schema).execute():
        if isinstance(event, events.ScenarioFinished):
            scenarios[event.phase] += 1
            operations.add(event.recorder.label)
            requests += len(event.recorder.interactions)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        failures.add(f"{failure.operation}: {check.name}: {failure.message}")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(str(getattr(event, "value", None) or getattr(event, "exception", "")))
    assert sorted(failures) == []
    assert errors == []
    assert {phase for phase, count in scenarios.items() if count} >= PHASES, scenarios
    assert len(operations) >= 40, sorted(operations)
    assert requests >= 1_000, requests  # about 2,800 with this budget
