"""Webhook signatures as the vendors document them (and Freshdesk's shared secret, as it has
none), and a Retry-After read as they send it."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from trustdesk.io.helpdesk_api.http import MAX_RETRY_AFTER_SECONDS, retry_after
from trustdesk.io.helpdesk_api.signatures import chatwoot_signature, verify, zendesk_signature

# The worked example on Zendesk's "Verifying webhook authenticity" page.
ZENDESK_SECRET = "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA="
ZENDESK_BODY = b'{"say": "hello"}'
ZENDESK_TIMESTAMP = "2021-07-25T10:00:00Z"
ZENDESK_SIGNATURE = "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw="
AT_ZENDESK_EXAMPLE = datetime(2021, 7, 25, 10, 1, tzinfo=UTC)


def _zendesk_headers(signature: str, timestamp: str = ZENDESK_TIMESTAMP) -> dict[str, str]:
    return {
        "x-zendesk-webhook-signature": signature,
        "x-zendesk-webhook-signature-timestamp": timestamp,
    }


def test_zendesks_worked_example_is_accepted() -> None:
    headers = _zendesk_headers(ZENDESK_SIGNATURE)
    assert verify("zendesk", ZENDESK_SECRET, headers, ZENDESK_BODY, AT_ZENDESK_EXAMPLE) is None


def test_a_zendesk_signature_made_timestamp_first_is_accepted() -> None:
    signature = zendesk_signature(ZENDESK_SECRET, ZENDESK_TIMESTAMP, ZENDESK_BODY)
    headers = _zendesk_headers(signature)
    assert verify("zendesk", ZENDESK_SECRET, headers, ZENDESK_BODY, AT_ZENDESK_EXAMPLE) is None


@pytest.mark.parametrize(
    ("secret", "body", "now", "why"),
    [
        ("another secret", ZENDESK_BODY, AT_ZENDESK_EXAMPLE, "does not match"),
        (ZENDESK_SECRET, b'{"say": "goodbye"}', AT_ZENDESK_EXAMPLE, "does not match"),
        (ZENDESK_SECRET, ZENDESK_BODY, datetime(2021, 7, 25, 11, 0, tzinfo=UTC), "too old"),
    ],
)
def test_a_zendesk_delivery_is_refused_with_the_reason(
    secret: str, body: bytes, now: datetime, why: str
) -> None:
    problem = verify("zendesk", secret, _zendesk_headers(ZENDESK_SIGNATURE), body, now)
    assert problem is not None and why in problem


def test_a_chatwoot_signature_covers_the_timestamp() -> None:
    body = b'{"event": "message_created"}'
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    timestamp = str(int(now.timestamp()))
    signature = chatwoot_signature("s3cret", timestamp, body)
    assert signature.startswith("sha256=") and len(signature) == len("sha256=") + 64
    headers = {"x-chatwoot-signature": signature, "x-chatwoot-timestamp": timestamp}
    assert verify("chatwoot", "s3cret", headers, body, now) is None
    moved = {**headers, "x-chatwoot-timestamp": str(int(now.timestamp()) + 1)}
    assert verify("chatwoot", "s3cret", moved, body, now) == "the signature does not match"
    assert verify("chatwoot", "s3cret", {}, body, now) == "the delivery is not signed"


FRESHDESK_SECRET = "0f8e3c7a9b1d2e4f6a8c0b2d4e6f8a1c"


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        ({"x-trustdesk-secret": FRESHDESK_SECRET}, None),
        ({"x-trustdesk-secret": f" {FRESHDESK_SECRET} "}, None),  # as a pasted value may be
        ({"x-trustdesk-secret": FRESHDESK_SECRET[:-1]}, "the shared secret does not match"),
        ({"x-trustdesk-secret": FRESHDESK_SECRET + "0"}, "the shared secret does not match"),
        ({"x-trustdesk-secret": ""}, "the delivery carries no X-Trustdesk-Secret header"),
        ({}, "the delivery carries no X-Trustdesk-Secret header"),
    ],
)
def test_a_freshdesk_delivery_must_carry_the_shared_secret(
    headers: dict[str, str], problem: str | None
) -> None:
    # No signature and no timestamp: the body and the moment play no part.
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert verify("freshdesk", FRESHDESK_SECRET, headers, b"{}", now) == problem
    assert verify("freshdesk", FRESHDESK_SECRET, headers, b"other", now.replace(year=2020)) == (
        problem
    )


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "99999"}, MAX_RETRY_AFTER_SECONDS),
        (
            {
                "Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT",
                "Date": "Wed, 21 Oct 2026 07:28:00 GMT",
            },
            30.0,
        ),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_in_seconds_or_as_a_date(
    headers: dict[str, str], seconds: float | None
) -> None:
    assert retry_after(httpx.Response(429, headers=headers)) == seconds
