"""Finding checks: every check, trustdesk's own included, registers through the entry-point
group `trustdesk.checks`, so the extension API is the one the built-in checks use daily."""

from __future__ import annotations

import functools
import re
from importlib.metadata import entry_points
from typing import Any

from trustdesk.checks.base import Check
from trustdesk.errors import CheckLoadError
from trustdesk.model import Principle, Severity

ENTRY_POINT_GROUP = "trustdesk.checks"
_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def validate_check_class(name: str, obj: object) -> type[Check[Any]]:
    """Raise CheckLoadError unless `obj` is a Check subclass registered under its own id."""
    if not (isinstance(obj, type) and issubclass(obj, Check)):
        raise CheckLoadError(f"check {name!r} does not point to a subclass of trustdesk Check")
    for attribute in ("id", "principle", "severity", "summary"):
        if not hasattr(obj, attribute):
            raise CheckLoadError(f"check {name!r} lacks the class attribute {attribute!r}")
    if obj.id != name:
        raise CheckLoadError(f"check registered as {name!r} declares id {obj.id!r}")
    if not _ID.match(obj.id):
        raise CheckLoadError(f"check id {obj.id!r} must look like 'principle.name'")
    if not isinstance(obj.principle, Principle) or not isinstance(obj.severity, Severity):
        raise CheckLoadError(f"check {name!r} must use Principle and Severity values")
    return obj


@functools.cache
def available_checks() -> dict[str, type[Check[Any]]]:
    """Every installed check by id, in id order."""
    found: dict[str, type[Check[Any]]] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
        except Exception as exc:  # a broken plugin must name itself, whatever it raised
            raise CheckLoadError(
                f"check {entry.name!r} ({entry.value}) failed to load: {type(exc).__name__}: {exc}"
            ) from exc
        if entry.name in found and found[entry.name] is not loaded:
            raise CheckLoadError(f"two packages register the check {entry.name!r}")
        found[entry.name] = validate_check_class(entry.name, loaded)
    return dict(sorted(found.items()))
