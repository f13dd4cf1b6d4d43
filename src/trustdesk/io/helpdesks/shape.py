"""What every helpdesk reader shares: HTML to text, roles, times, attachments, statuses.

A reader turns one vendor record (a ticket, a conversation) into a dict of the input format
(docs/input-format.md), which `Conversation.parse` then validates like any other record. A
record it cannot map raises `RecordError` with the field at fault; the caller reports it and
goes on with the next.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any


class RecordError(ValueError):
    """A vendor record that cannot be mapped, with the field at fault (None: the record)."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


# --- text ---------------------------------------------------------------------------------

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "table",
        "hr",
        "section",
        "article",
        "header",
        "footer",
    }
)
_SKIPPED = frozenset({"script", "style", "head", "title"})
_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class _TextOf(HTMLParser):
    """The text a reader sees in an HTML body: block elements end lines, scripts and styles
    are dropped, entities decoded (the standard library's parser: no dependency, and it never
    fails on broken markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(body: str) -> str:
    """Plain text of an HTML body, one line per block, spaces collapsed."""
    parser = _TextOf()
    parser.feed(body)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def body_text(body: Any, *, html: bool | None = None) -> str:
    """A message body as text: HTML (when `html`, or when it holds tags) converted."""
    if body is None:
        return ""
    if not isinstance(body, str):
        raise RecordError("the body is not text", "body")
    if html or (html is None and _TAG.search(body)):
        return html_text(body)
    return body.strip()


def with_attachments(text: str, names: Iterable[str]) -> str:
    """The text with each attachment named on a line of its own (never its content)."""
    lines = [f"[attachment: {name}]" for name in names if name]
    return "\n".join([text, *lines]) if text and lines else (text or "\n".join(lines))


def attachment_names(items: Any, *keys: str) -> list[str]:
    """Names of the attachments in `items` (a list of objects), from the first key present."""
    if not isinstance(items, list):
        return []
    names = []
    for item in items:
        if isinstance(item, Mapping):
            name = next((item[k] for k in keys if isinstance(item.get(k), str) and item[k]), None)
            # A URL names its file by its last segment (without the query).
            names.append(name.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] if name else "file")
    return names


# --- roles --------------------------------------------------------------------------------

# Names helpdesks give the people in a conversation, lower-cased, for the input format's roles.
ROLE_NAMES: Mapping[str, str] = {
    **dict.fromkeys(
        (
            "customer",
            "end user",
            "end-user",
            "end_user",
            "enduser",
            "requester",
            "contact",
            "user",
            "lead",
            "visitor",
            "client",
        ),
        "customer",
    ),
    **dict.fromkeys(
        (
            "agent",
            "admin",
            "administrator",
            "teammate",
            "staff",
            "support",
            "operator",
            "light-agent",
            "light agent",
        ),
        "agent",
    ),
    **dict.fromkeys(
        (
            "bot",
            "agent_bot",
            "agentbot",
            "ai agent",
            "ai_agent",
            "fin",
            "chatbot",
            "answer bot",
            "answer_bot",
            "operator bot",
        ),
        "bot",
    ),
    **dict.fromkeys(("note", "internal", "internal note", "private", "private note"), "note"),
    **dict.fromkeys(("system", "event", "activity", "automation"), "system"),
}


def role_named(value: Any, extra: Mapping[str, str] | None = None) -> str | None:
    """The input format's role for a vendor's name of it (any case), or None if unknown."""
    if not isinstance(value, str):
        return None
    key = " ".join(value.strip().lower().split())
    if extra:
        lowered = {k.strip().lower(): v for k, v in extra.items()}
        if key in lowered:
            return lowered[key]
    return ROLE_NAMES.get(key)


# --- times and ids ------------------------------------------------------------------------


def time_of(value: Any, field: str) -> str | None:
    """An ISO 8601 time from a vendor's time: ISO strings pass through (the model checks
    them), Unix seconds (Intercom, Chatwoot, Front) are converted; empty is no time."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordError("a time must be a date string or Unix seconds", field)
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            raise RecordError(f"time out of range: {value}", field) from None
    if isinstance(value, str):
        return value
    raise RecordError("a time must be a date string or Unix seconds", field)


def ident(value: Any, field: str) -> str:
    """A vendor id as text (ids are numbers in most APIs)."""
    if isinstance(value, bool) or value is None or value == "":
        raise RecordError("missing", field)
    if isinstance(value, int | str):
        return str(value)
    raise RecordError("an id must be a number or a string", field)


def optional_id(value: Any) -> str | None:
    return str(value) if isinstance(value, int | str) and not isinstance(value, bool) else None


def in_order(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Messages oldest first: sorted by time when every message has one (APIs list newest
    first, or comments apart from messages); as given otherwise, since a message without a
    time has no place to be sorted to."""
    times = [m.get("at") for m in messages]
    if not messages or any(t is None for t in times):
        return messages
    try:
        keyed = [(datetime.fromisoformat(str(t)), i) for i, t in enumerate(times)]
    except ValueError:
        return messages  # the model reports the bad time with its field
    moments = [k if k.tzinfo else k.replace(tzinfo=UTC) for k, _ in keyed]
    order = sorted(range(len(messages)), key=lambda i: (moments[i], i))
    return [messages[i] for i in order]


def status_of(value: Any, table: Mapping[str, str]) -> str | None:
    """The input format's status for a vendor's (any case); None when it has no equivalent."""
    if isinstance(value, str):
        return table.get(value.strip().lower())
    if isinstance(value, int) and not isinstance(value, bool):
        return table.get(str(value))
    return None


def survey_of(satisfaction: Any, comment: Any) -> dict[str, Any] | None:
    """A survey answer, when the export holds one (a score 1-5 and/or a comment)."""
    survey: dict[str, Any] = {}
    if isinstance(satisfaction, int) and not isinstance(satisfaction, bool):
        survey["satisfaction"] = satisfaction
    if isinstance(comment, str) and comment.strip():
        survey["comment"] = comment.strip()
    return survey or None


def segment_of(**values: Any) -> dict[str, str]:
    """Segment attributes that have a value, as text."""
    return {
        key: str(value)
        for key, value in values.items()
        if value not in (None, "") and isinstance(value, str | int) and not isinstance(value, bool)
    }


def mapping(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RecordError("must be an object", field)
    return value


def items(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, RecordStream):
        # A record's own list at a path where exports keep their records (a Freshdesk
        # ticket's `conversations`): the one record's, so read whole.
        return list(value)
    if not isinstance(value, list):
        raise RecordError("must be a list", field)
    return value


# --- documents ----------------------------------------------------------------------------

Record = tuple[str | None, Any, dict[str, Any]]


class RecordStream:
    """A list of records too large to hold, read one at a time from its file each time it is
    iterated (`trustdesk.io.json_stream`); `sample` holds its first few, for recognising it."""

    def __init__(self, read: Callable[[], Iterator[Any]], sample: list[Any]) -> None:
        self._read = read
        self.sample = sample

    def __iter__(self) -> Iterator[Any]:
        return self._read()


def is_listed(value: Any) -> bool:
    """Whether `value` is a list of records, held or streamed."""
    return isinstance(value, list | RecordStream)


def listed_records(doc: Any, *paths: str) -> Iterator[Record]:
    """(where, record, context) for each record of a list the document holds at one of `paths`
    ("tickets", "_embedded.conversations", "" for a bare list), else the document as one."""
    for path in paths:
        found: Any = doc
        for key in path.split(".") if path else ():
            found = found.get(key) if isinstance(found, Mapping) else None
        if is_listed(found):
            for index, record in enumerate(found):
                yield f"{path}[{index}]", record, {}
            return
    yield None, doc, {}
