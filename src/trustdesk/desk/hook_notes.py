"""The private note posted back to a helpdesk: the verdict on the reply, and each finding with
the words it is about, why, and the fix, in plain text (notes are read in the helpdesk's
own editor, which may show no formatting)."""

from __future__ import annotations

from trustdesk.model import Verdict

# Helpdesks take long notes, but a note nobody reads to the end helps no one.
MAX_NOTE_CHARS = 4000
HEADINGS = {
    "block": "trustdesk: this reply breaks the customer's trust and should be corrected.",
    "warn": "trustdesk: this reply needs a second look.",
}


def note_text(verdict: Verdict, policy_revision: str | None) -> str:
    lines = [HEADINGS.get(verdict.decision.value, f"trustdesk: {verdict.decision.value}")]
    for number, finding in enumerate(verdict.findings, start=1):
        lines.append("")
        lines.append(f"{number}. [{finding.severity.value}] {finding.check}: “{finding.quote}”")
        lines.append(f"   {finding.explanation}")
        if finding.suggestion:
            lines.append(f"   Try: {finding.suggestion}")
    if verdict.unchecked:
        lines.extend(["", f"Not checked in time: {', '.join(verdict.unchecked)}."])
    if policy_revision:
        lines.extend(["", f"Policy: {policy_revision}."])
    text = "\n".join(lines)
    if len(text) > MAX_NOTE_CHARS:
        text = text[: MAX_NOTE_CHARS - 1].rstrip() + "…"
    return text
