"""Any helpdesk's CSV: one message per row, its columns named by a mapping.

The mapping names, for each field of the input format, the column that holds it
(`conversation=ticket_id,role=author_type,text=body`), and may translate the helpdesk's role
values (`role.End User=customer`); it is given on the command line or as a small YAML file.
Without one, columns are recognised by their usual names (ticket_id, body, created_at, …)
when the conversation, role and text columns can all be found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trustdesk.errors import InputError
from trustdesk.io.helpdesks.shape import ROLE_NAMES, RecordError, body_text, role_named

# The fields a column can be mapped to; the first three are required.
FIELDS = (
    "conversation",
    "role",
    "text",
    "message",
    "author",
    "at",
    "channel",
    "status",
    "customer",
    "language",
    "organisation",
    "segment",
)
REQUIRED = ("conversation", "role", "text")
# Usual column names for each field, lower-cased, spaces and dashes as underscores.
USUAL: Mapping[str, tuple[str, ...]] = {
    "conversation": (
        "conversation_id",
        "ticket_id",
        "conversation",
        "ticket",
        "thread_id",
        "case_id",
        "ticket_number",
    ),
    "role": (
        "role",
        "author_type",
        "sender_type",
        "author_role",
        "from_type",
        "sender_role",
        "user_type",
        "type",
    ),
    "text": ("text", "body", "message", "content", "comment", "message_body", "body_text"),
    "message": ("message_id", "comment_id", "article_id", "part_id", "id"),
    "author": ("author", "author_name", "sender", "sender_name", "agent", "user", "from"),
    "at": ("at", "created_at", "time", "timestamp", "date", "sent_at", "created"),
    "channel": ("channel", "source", "via"),
    "status": ("status", "ticket_status", "state"),
    "customer": ("customer_id", "requester_id", "contact_id", "customer"),
    "language": ("language", "locale", "customer_language"),
    "organisation": (
        "organisation",
        "organization",
        "company",
        "organization_name",
        "company_name",
    ),
}
STATUSES = {
    "new": "open",
    "open": "open",
    "hold": "open",
    "on-hold": "open",
    "pending": "pending",
    "waiting": "pending",
    "snoozed": "pending",
    "solved": "solved",
    "resolved": "solved",
    "closed": "closed",
    "archived": "closed",
}


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds which field, and the helpdesk's role values as ours."""

    columns: Mapping[str, str]
    roles: Mapping[str, str] = field(default_factory=dict)

    def missing(self, header: list[str]) -> list[str]:
        return [f"{name}={column}" for name, column in self.columns.items() if column not in header]

    def describe(self) -> str:
        return ",".join(f"{name}={column}" for name, column in self.columns.items())


def _checked(columns: Mapping[str, str], roles: Mapping[str, str], where: str) -> ColumnMap:
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise InputError(
            f"unknown field(s) {', '.join(unknown)}: map any of {', '.join(FIELDS)}", field=where
        )
    absent = [name for name in REQUIRED if name not in columns]
    if absent:
        raise InputError(f"no column given for {', '.join(absent)}", field=where)
    ours = set(ROLE_NAMES.values())
    for value, role in roles.items():
        if role not in ours:
            raise InputError(
                f"role value {value!r} maps to {role!r}: use one of {', '.join(sorted(ours))}",
                field=where,
            )
    return ColumnMap(dict(columns), dict(roles))


def parse_map(text: str) -> ColumnMap:
    """A mapping from `--map`: `field=column,...` and `role.VALUE=role`, or a YAML file's path."""
    where = "--map"
    if text.lower().endswith((".yaml", ".yml")):
        return load_map(Path(text))
    columns: dict[str, str] = {}
    roles: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, column = part.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise InputError(f"{part!r} is not FIELD=COLUMN", field=where)
        name = name.strip()
        if name.lower().startswith("role."):
            roles[name[5:]] = column.strip().lower()
        else:
            columns[name.lower()] = column.strip()
    return _checked(columns, roles, where)


def load_map(path: Path) -> ColumnMap:
    """A mapping from a YAML file: `columns: {field: column}` and `roles: {value: role}`."""
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("file not found", source=where) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the mapping: {exc}", source=where) from None
    if not isinstance(data, Mapping) or not isinstance(data.get("columns"), Mapping):
        raise InputError("expected `columns:` (field: column) and optional `roles:`", source=where)
    roles = data.get("roles") or {}
    if not isinstance(roles, Mapping):
        raise InputError("`roles:` must map a value to a role", source=where)
    unknown = sorted(set(data) - {"columns", "roles"})
    if unknown:
        raise InputError(f"unknown key(s): {', '.join(map(str, unknown))}", source=where)
    return _checked(
        {str(k).lower(): str(v) for k, v in data["columns"].items()},
        {str(k): str(v).lower() for k, v in roles.items()},
        where,
    )


def _key(column: str) -> str:
    return "_".join(column.strip().lower().replace("-", " ").split())


def guess_map(header: list[str]) -> ColumnMap | None:
    """The mapping a CSV's usual column names give, if they name the required fields."""
    keyed = {_key(column): column for column in header}
    columns: dict[str, str] = {}
    for name, usual in USUAL.items():
        found = next(
            (keyed[u] for u in usual if u in keyed and keyed[u] not in columns.values()), None
        )
        if found is not None:
            columns[name] = found
    if not all(name in columns for name in REQUIRED):
        return None
    return ColumnMap(columns)


def row_conversation(
    mapping: ColumnMap, row: Mapping[str, str], line: int
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(conversation id, message, the conversation's own fields) for one CSV row."""
    cols = mapping.columns

    def get(name: str) -> str:
        return (row.get(cols[name]) or "").strip() if name in cols else ""

    conversation = get("conversation")
    if not conversation:
        raise RecordError("missing", cols["conversation"])
    value = get("role")
    role = role_named(value, mapping.roles)
    if role is None:
        raise RecordError(
            f"unknown role {value!r}: map it with "
            f"role.{value or 'VALUE'}=customer|agent|bot|note|system",
            cols["role"],
        )
    message: dict[str, Any] = {
        "id": get("message") or f"row-{line}",
        "role": role,
        "text": body_text(row.get(cols["text"]) or ""),
    }
    if get("author"):
        message["author"] = get("author")
    if get("at"):
        at = get("at")
        message["at"] = at.replace(" ", "T", 1) if at[10:11] == " " else at
    extra: dict[str, Any] = {}
    if get("channel"):
        extra["channel"] = get("channel")
    if get("status"):
        status = STATUSES.get(get("status").lower())
        if status:
            extra["status"] = status
    customer: dict[str, Any] = {}
    if get("customer"):
        customer["id"] = get("customer")
    if get("language"):
        customer["language"] = get("language")
    if get("organisation"):
        customer["segment"] = {"organisation": get("organisation")}
    if get("segment"):
        customer.setdefault("segment", {})["segment"] = get("segment")
    if customer:
        extra["customer"] = customer
    return conversation, message, extra
