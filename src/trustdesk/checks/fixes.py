"""One-click fixes: the edit a finding's suggestion makes to the reply it was found in.

A check that knows a safe wording puts it in the finding's data as
`{"fix": {"replace": "sentence" | "span" | "prepend", "text": "..."}}`:

- `sentence` replaces the whole sentence holding the finding (a request for a password is
  rewritten, not patched),
- `span` replaces exactly the quoted span (a full card number becomes "the card ending 4242"),
- `prepend` puts the text before the reply (an acknowledgement the reply lacks).

Findings without one keep their advice; nothing here guesses a wording the check did not give.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from trustdesk.text.sentences import split_sentences

Scope = Literal["sentence", "span", "prepend"]
SCOPES: tuple[Scope, ...] = ("sentence", "span", "prepend")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `text[start:end]` with `replacement`."""

    start: int
    end: int
    replacement: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]


def fix_data(replacement: str, scope: Scope = "sentence") -> dict[str, Any]:
    """The `data` entry a check adds to a finding to offer a one-click fix."""
    return {"fix": {"replace": scope, "text": replacement}}


def has_fix(data: Mapping[str, Any]) -> bool:
    fix = data.get("fix")
    return (
        isinstance(fix, Mapping)
        and fix.get("replace") in SCOPES
        and isinstance(fix.get("text"), str)
        and bool(fix["text"].strip())
    )


def edit_for(text: str, start: int, end: int, data: Mapping[str, Any]) -> Edit | None:
    """The edit that applies the finding's fix to `text`, or None when it offers none or the
    text no longer holds the span it was found at."""
    if not has_fix(data) or not 0 <= start <= end <= len(text):
        return None
    scope: Scope = data["fix"]["replace"]
    replacement: str = data["fix"]["text"].strip()
    if scope == "prepend":
        if text.lstrip().startswith(replacement):
            return None  # already applied
        return Edit(0, 0, replacement + ("\n\n" if "\n" in text else " "))
    if scope == "span":
        return Edit(start, end, replacement)
    for sentence in split_sentences(text):
        if sentence.start <= start < sentence.end or start == sentence.start:
            return Edit(sentence.start, max(sentence.end, end), replacement)
    return Edit(start, end, replacement)
