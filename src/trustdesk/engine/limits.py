"""How much of a conversation the engine reads: at most so many messages, so many characters
each.

Every check does work linear in what it reads, so these bounds bound the work of one call.
Before a reply is sent (`Engine.check_reply`) a conversation over a limit is refused whole with
a TooLargeError: the caller learns which limit, and nothing is judged on a part. An audit never
refuses: it reads the first `max_messages` messages and the first `max_message_chars`
characters of each, lists what it left out (`Audit.truncated`) and adds a finding of its own,
`audit.truncated`, on the first message it did not read in full, so one odd record in an
archive costs no more than a record at the limits, the rest goes on, and whoever reads the
findings sees that this conversation was judged in part. That finding is a note of the audit
on itself: it has no principle and weighs in no score or verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trustdesk.errors import TooLargeError
from trustdesk.model import (
    AUDIT_TRUNCATED,
    Conversation,
    Finding,
    Message,
    Severity,
    Truncation,
)

# Long enough for any real support conversation (a few hundred messages is already rare).
MAX_MESSAGES = 2_000
# Long enough for any real message, a long e-mail thread quoted in full included.
MAX_MESSAGE_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Limits:
    max_messages: int = MAX_MESSAGES
    max_message_chars: int = MAX_MESSAGE_CHARS

    def __post_init__(self) -> None:
        if self.max_messages < 1 or self.max_message_chars < 1:
            raise ValueError("limits must be at least 1")

    def check_draft(self, draft: str) -> None:
        """Refuse a draft over the message limit."""
        if len(draft) > self.max_message_chars:
            raise TooLargeError(
                f"the draft has {len(draft):,} characters; the limit is {self.max_message_chars:,}",
                field="draft",
            )

    def check_conversation(
        self, conversation: Conversation | Mapping[str, Any], where: str = "conversation"
    ) -> None:
        """Refuse a conversation over a limit (`where`: the field that holds it, for the
        error). It may still be a raw mapping in the input format: counting first means a
        huge one is refused before it is validated."""
        if isinstance(conversation, Conversation):
            texts: Sequence[object] = [m.text for m in conversation.messages]
        else:
            messages = conversation.get("messages")
            if not isinstance(messages, list):
                return  # malformed: validation says how
            texts = [m.get("text") if isinstance(m, Mapping) else None for m in messages]
        if len(texts) > self.max_messages:
            raise TooLargeError(
                f"the conversation has {len(texts):,} messages; the limit is {self.max_messages:,}",
                field=f"{where}.messages",
            )
        for position, text in enumerate(texts):
            if isinstance(text, str) and len(text) > self.max_message_chars:
                raise TooLargeError(
                    f"message {position + 1} has {len(text):,} characters; the limit is "
                    f"{self.max_message_chars:,}",
                    field=f"{where}.messages.{position}.text",
                )

    def within(self, conversation: Conversation) -> tuple[Conversation, tuple[Truncation, ...]]:
        """The part of `conversation` an audit reads, and what it leaves out."""
        messages = conversation.messages
        cut: list[Truncation] = []
        if len(messages) > self.max_messages:
            cut.append(
                Truncation(
                    None,
                    f"the conversation has {len(messages):,} messages; the first "
                    f"{self.max_messages:,} were audited",
                )
            )
            messages = messages[: self.max_messages]
        kept = []
        for message in messages:
            if len(message.text) > self.max_message_chars:
                cut.append(
                    Truncation(
                        message.id,
                        f"the message has {len(message.text):,} characters; the first "
                        f"{self.max_message_chars:,} were audited",
                    )
                )
                # A new message, not a copy: a copy would carry the full text's analysis.
                message = Message(
                    id=message.id,
                    role=message.role,
                    author=message.author,
                    at=message.at,
                    text=message.text[: self.max_message_chars],
                )
            kept.append(message)
        if not cut:
            return conversation, ()
        return conversation.model_copy(update={"messages": kept}), tuple(cut)

    def truncation_note(self, conversation: Conversation) -> Finding | None:
        """The `audit.truncated` finding for `conversation` (as given, before `within`), or
        None when the audit reads all of it.

        It sits on the first message not read in full, at the first character not read (an
        empty span: nothing of the unread text is quoted), and says how much was left out and
        why; `data` holds the counts.
        """
        messages = conversation.messages
        first: tuple[int, Message, int] | None = None  # position, message, offset
        cut = 0
        unread_chars = 0
        for position, message in enumerate(messages[: self.max_messages]):
            if len(message.text) > self.max_message_chars:
                cut += 1
                unread_chars += len(message.text) - self.max_message_chars
                if first is None:
                    first = (position, message, self.max_message_chars)
        skipped = max(0, len(messages) - self.max_messages)
        if skipped:
            unread_chars += sum(len(m.text) for m in messages[self.max_messages :])
            if first is None:
                first = (self.max_messages, messages[self.max_messages], 0)
        if first is None:
            return None
        _, message, offset = first
        parts = []
        if skipped:
            parts.append(
                f"{skipped:,} message{'s' if skipped > 1 else ''} after the first "
                f"{self.max_messages:,}"
            )
        if cut:
            parts.append(
                f"the end of {cut:,} message{'s' if cut > 1 else ''} longer than "
                f"{self.max_message_chars:,} characters"
            )
        explanation = (
            f"This conversation was audited in part: {unread_chars:,} characters were not "
            f"read ({' and '.join(parts)}). An audit reads at most "
            f"{self.max_messages:,} messages of {self.max_message_chars:,} characters each, so "
            "that one huge record costs no more than one at the limits; the findings and scores "
            "of this conversation cover only the part read."
        )
        return Finding(
            check=AUDIT_TRUNCATED,
            principle=None,
            severity=Severity.INFO,
            conversation_id=conversation.id,
            message_id=message.id,
            start=offset,
            end=offset,
            quote="",
            explanation=explanation,
            suggestion="Read the part left out yourself, or split the conversation into "
            "shorter ones and audit those.",
            data={
                "messages": len(messages),
                "messages_read": len(messages) - skipped,
                "messages_not_read": skipped,
                "messages_cut": cut,
                "characters_not_read": unread_chars,
                "max_messages": self.max_messages,
                "max_message_chars": self.max_message_chars,
            },
        )
