"""Schemathesis walks every operation in the OpenAPI schema with generated requests: no 5xx,
and every response matches the schema it documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from api_support import Api
from trustdesk.desk.desk import Desk

# Some 400 generated requests.
pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION = 12
# The server never fails, and every response is one it documents. (Business rules reject
# some schema-valid requests on purpose, a remedy over the limit say, so "every valid request
# is accepted" is not among them.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def api_schema(api: Api, desk: Desk) -> Iterator[schemathesis.BaseSchema]:
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
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    yield schema


def test_no_operation_fails_with_a_server_error(
    api_schema: schemathesis.BaseSchema, api: Api
) -> None:
    headers = api.headers("ada")
    walked = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        call()
        walked.append(operation.label)
    assert len(walked) >= 30, walked
