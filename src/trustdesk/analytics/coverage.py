"""The conversations an audit read only in part, listed apart from the findings.

Each carries an `audit.truncated` note (see trustdesk.engine.limits): the audit says what it
did not read and why. It is not a finding on the service, so it is in no score, count of
findings, scorecard or list of worst conversations; the report shows these conversations in a
section of their own, so that no one takes a score for the whole of a conversation that was
judged in part.
"""

from __future__ import annotations

from typing import Any

from trustdesk.model import is_audit_note

# The report lists at most this many (report.json holds the count of all of them).
LISTED = 50

_COUNTS = ("messages", "messages_not_read", "messages_cut", "characters_not_read")


def split_notes(
    findings: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(findings on the service, notes of the audit on itself) of one conversation."""
    if not any(is_audit_note(f) for f in findings):
        return findings, []
    return [f for f in findings if not is_audit_note(f)], [f for f in findings if is_audit_note(f)]


class AuditedInPart:
    def __init__(self, listed: int = LISTED) -> None:
        self.listed = listed
        self.conversations = 0
        self.characters_not_read = 0
        self.items: list[dict[str, Any]] = []

    def add(self, conversation_id: str, notes: list[dict[str, Any]]) -> None:
        if not notes:
            return
        self.conversations += 1
        for note in notes:
            found = note.get("data")
            data: dict[str, Any] = found if isinstance(found, dict) else {}
            unread = data.get("characters_not_read")
            if isinstance(unread, int):
                self.characters_not_read += unread
            if len(self.items) < self.listed:
                self.items.append(
                    {
                        "conversation_id": conversation_id,
                        "check": note.get("check"),
                        "message_id": note.get("message_id"),
                        "explanation": note.get("explanation"),
                        **{key: data.get(key) for key in _COUNTS},
                    }
                )

    def merge(self, later: AuditedInPart) -> None:
        self.conversations += later.conversations
        self.characters_not_read += later.characters_not_read
        self.items.extend(later.items[: max(0, self.listed - len(self.items))])

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversations": self.conversations,
            "characters_not_read": self.characters_not_read,
            "listed": self.items,
        }
