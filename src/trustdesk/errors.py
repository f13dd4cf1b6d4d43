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


class SettingsError(TrustdeskError):
    """A TRUSTDESK_* variable (or a setting given in code) has a value that cannot be used."""


class TooLargeError(InputError):
    """An input over a size limit (messages in a conversation, characters in a message, bytes
    in a request): refused whole, before any work, so it can neither stall nor half-succeed."""


class OverBudgetError(TrustdeskError):
    """A request still running well past its time budget was stopped, and nothing kept: a
    backstop, since size limits already bound the work of every request."""


class CheckLoadError(TrustdeskError):
    """A registered check could not be loaded or does not follow the check contract."""


class NotFoundError(TrustdeskError):
    """The ticket, customer or record asked for does not exist (or is not yours to see)."""


class PermissionDeniedError(TrustdeskError):
    """The signed-in user's role does not allow this action."""


class AuthenticationError(TrustdeskError):
    """No valid credentials were given."""


class TooManyAttemptsError(TrustdeskError):
    """Too many failed sign-ins for this account or address: wait `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class ConflictError(TrustdeskError):
    """The request cannot be applied to the record in its current state."""


class ReplyRefusedError(TrustdeskError):
    """A reply was not sent: it was blocked, or it has warnings and no override reason.

    Carries the verdict so every front end can show the findings and their fixes.
    """

    def __init__(self, message: str, *, verdict: object, needs: str) -> None:
        self.verdict = verdict
        # "override_reason" (a warning: give a reason) or "lead_override" (a block).
        self.needs = needs
        super().__init__(message)
