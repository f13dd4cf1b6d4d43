"""What every vendor client shares: one httpx client, and failures told apart by whether
trying again later can help (a timeout, a 5xx, a 429 with its Retry-After) or not (a 401, a
404, an answer in an unknown shape)."""

from __future__ import annotations

import html
from email.utils import parsedate_to_datetime
from typing import Any, Self

import httpx

from trustdesk.errors import TrustdeskError

TIMEOUT_SECONDS = 15
# Retry-After values above this are read as this (a vendor asking for an hour is asked
# again in an hour at the latest; the desk's own backoff never waits longer).
MAX_RETRY_AFTER_SECONDS = 3600.0


def note_html(text: str) -> str:
    """A plain-text note as the HTML body a helpdesk's note takes: each line a paragraph."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line)


class VendorError(TrustdeskError):
    """A call to a helpdesk's API failed. `retryable`: a later attempt may succeed;
    `retry_after`: seconds the vendor asked us to wait (a 429's or 503's Retry-After)."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None) -> None:
        self.retryable = retryable
        self.retry_after = retry_after
        super().__init__(message)


def retry_after(response: httpx.Response) -> float | None:
    """The seconds a Retry-After header asks for (a number, or an HTTP date), if any."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        date = response.headers.get("Date")
        try:
            now = parsedate_to_datetime(date) if date else None
        except (TypeError, ValueError):
            now = None
        if now is None:
            return None
        seconds = (moment - now).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


class VendorClient:
    """An httpx client for one helpdesk, with its base URL and sign-in, raising VendorError."""

    vendor = "helpdesk"

    def __init__(self, base_url: str, *, client: httpx.Client | None = None, **kwargs: Any):
        self.base_url = base_url.rstrip("/")
        self._own = client is None
        self.http = client or httpx.Client(timeout=TIMEOUT_SECONDS, **kwargs)

    def close(self) -> None:
        if self._own:
            self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON answer to `method path` (path below the base URL, or a full URL)."""
        url = path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"
        where = f"{self.vendor} {method} {httpx.URL(url).path}"
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise VendorError(f"{where}: {type(exc).__name__}", retryable=True) from None
        if response.status_code == 429 or response.status_code >= 500:
            raise VendorError(
                f"{where}: HTTP {response.status_code}",
                retryable=True,
                retry_after=retry_after(response),
            )
        if response.status_code >= 400:
            raise VendorError(f"{where}: HTTP {response.status_code}", retryable=False)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise VendorError(f"{where}: the answer is not JSON", retryable=False) from None
