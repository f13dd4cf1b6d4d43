"""The exceptions a user can cause, translated in one place by each front end."""

from __future__ import annotations


class TrustdeskError(Exception):
    """Base of every error trustdesk raises on purpose; its message is one clear line."""


class PolicyError(TrustdeskError):
    """A policy file or policy object is invalid: names the file, line and field at fault."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.reason = message
        where = source or "policy"
        if line is not None:
            where += f":{line}"
        if field:
            where += f": {field}"
        super().__init__(f"{where}: {message}")


class InputError(TrustdeskError):
    """A conversation, message or file does not follow the input format."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.reason = message
        parts = [p for p in (source, str(line) if line is not None else None) if p]
        where = ":".join(parts)
        if field:
            where = f"{where}: {field}" if where else field
        super().__init__(f"{where}: {message}" if where else message)


class CheckLoadError(TrustdeskError):
    """A registered check could not be loaded or does not follow the check contract."""
