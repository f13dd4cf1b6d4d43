"""Readers for the exports of the helpdesks teams already run, and recognising which wrote a file.

Each vendor module maps that vendor's documented record shapes to the input format:
`recognise(doc)` says whether a parsed JSON document is its shape, `records(doc, source)`
yields (where, record, context) for each ticket or conversation in it, and `convert(record,
context)` returns the record in the input format or raises `RecordError`. A record that cannot
be read is reported with the file, line or position and the reason, and the rest goes on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

from trustdesk.io.helpdesks import chatwoot, freshdesk, front, helpscout, intercom, zammad, zendesk
from trustdesk.io.helpdesks.shape import RecordError

# Checked in this order: the more particular shapes first (a Freshdesk ticket also has a
# requester_id, as a Zendesk one does, but never Zendesk's `via`).
JSON_VENDORS: Mapping[str, ModuleType] = {
    module.NAME: module
    for module in (intercom, helpscout, zammad, chatwoot, front, freshdesk, zendesk)
}
# Every --from choice: ours, each vendor, and any CSV with a column mapping.
NATIVE = "trustdesk"
CSV = "csv"
SOURCES = (NATIVE, *sorted(JSON_VENDORS), CSV)
TITLES: Mapping[str, str] = {
    NATIVE: "trustdesk conversations",
    CSV: "a CSV with a column mapping",
    **{name: module.TITLE for name, module in JSON_VENDORS.items()},
}


def recognise(doc: Any) -> str | None:
    """The source whose shape the parsed JSON `doc` has: ours, a vendor's, or None."""
    if _native(doc):
        return NATIVE
    for name, module in JSON_VENDORS.items():
        if module.recognise(doc):
            return name
    return None


def _native(doc: Any) -> bool:
    if isinstance(doc, list):
        return bool(doc) and _native(doc[0])
    if not isinstance(doc, Mapping) or not isinstance(doc.get("messages"), list):
        return False
    return all(isinstance(m, Mapping) and "role" in m for m in doc["messages"][:5])


def converted(
    vendor: str, doc: Any, source: str
) -> Iterator[tuple[str | None, dict[str, Any] | RecordError]]:
    """(where, the record in the input format or why it cannot be read) for each record."""
    module = JSON_VENDORS[vendor]
    try:
        for where, record, context in module.records(doc, source):
            try:
                yield where, module.convert(record, context)
            except RecordError as exc:
                yield where, exc
    except (TypeError, AttributeError, KeyError):
        yield None, RecordError(f"not a {module.TITLE} export")


__all__ = [
    "CSV",
    "JSON_VENDORS",
    "NATIVE",
    "SOURCES",
    "TITLES",
    "RecordError",
    "converted",
    "recognise",
]
