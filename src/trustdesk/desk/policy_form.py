"""The policy's common parts as a form: SLAs, facts, never-say phrases, must-disclose rules and
each check's severity. The form reads from the policy's YAML and writes back into it with a
round-trip YAML library, so everything the form does not show (comments, the organisation,
check parameters, the verdict rules) stays as it was written; the result is then validated
and saved as any other revision (see trustdesk.desk.policies). Revisions are compared as a
unified diff of their YAML."""

from __future__ import annotations

import difflib
import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from trustdesk.checks.registry import available_checks
from trustdesk.errors import PolicyError

SEVERITIES = ("info", "warn", "block")
FACT_KINDS = ("duration", "amount", "not_provided")
DURATION_UNITS = ("minutes", "hours", "days", "business_days", "weeks")
# The keys each kind of fact has beyond topic, triggers and statement.
_FACT_KEYS = {"duration": ("min", "max", "unit"), "amount": ("amount", "currency")}
_ALL_FACT_KEYS = ("min", "max", "unit", "amount", "currency")
FormData = Mapping[str, str]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # long patterns stay on one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(yaml_text: str) -> CommentedMap:
    try:
        document = _yaml().load(yaml_text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PolicyError(f"the policy is not valid YAML: {error}", line=line) from None
    if not isinstance(document, CommentedMap):
        raise PolicyError("the policy must be a mapping of sections")
    return document


def read_form(yaml_text: str) -> dict[str, Any]:
    """The form's values, as the policy's YAML states them (defaults where it says nothing)."""
    document = _load(yaml_text)
    sla = document.get("sla") or {}
    checks = document.get("checks") or {}
    return {
        "revision": str(document.get("revision", "")),
        "sla": {
            "first_response": str(sla.get("first_response", "")),
            "update_interval": str(sla.get("update_interval", "")),
            "business_hours_only": bool(sla.get("business_hours_only", True)),
        },
        "facts": [_fact_row(f) for f in document.get("facts") or []],
        "never_say": [_never_say_row(n) for n in document.get("never_say") or []],
        "must_disclose": [_disclose_row(d) for d in document.get("must_disclose") or []],
        "checks": [
            {
                "id": check_id,
                "summary": check.summary,
                "default": check.severity.value,
                "severity": str((checks.get(check_id) or {}).get("severity") or ""),
            }
            for check_id, check in available_checks().items()
        ],
    }


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _fact_row(fact: Mapping[str, Any]) -> dict[str, str]:
    row = {key: _text(fact.get(key)) for key in ("kind", "topic", "statement", *_ALL_FACT_KEYS)}
    row["triggers"] = ", ".join(str(t) for t in fact.get("triggers") or [])
    return row


def _never_say_row(item: Mapping[str, Any]) -> dict[str, str]:
    kind = "pattern" if item.get("pattern") is not None else "phrase"
    return {
        "kind": kind,
        "text": _text(item.get(kind)),
        "reason": _text(item.get("reason")),
        "suggestion": _text(item.get("suggestion")),
        "severity": _text(item.get("severity")),
    }


def _disclose_row(rule: Mapping[str, Any]) -> dict[str, str]:
    return {
        "id": _text(rule.get("id")),
        "when": _matcher_lines(rule.get("when")),
        "mention": _matcher_lines(rule.get("mention")),
        "reason": _text(rule.get("reason")),
        "suggestion": _text(rule.get("suggestion")),
        "severity": _text(rule.get("severity")),
    }


def _matcher_lines(matchers: Any) -> str:
    lines = []
    for matcher in matchers or []:
        kind = "pattern" if matcher.get("pattern") is not None else "phrase"
        lines.append(f"{kind}: {_text(matcher.get(kind))}")
    return "\n".join(lines)


def apply_form(yaml_text: str, form: FormData) -> str:
    """The policy's YAML with the form's values written in; the rest of the text unchanged.

    Field names: `revision`; `sla.first_response`, `sla.update_interval`,
    `sla.business_hours_only` (present when ticked); `facts-N-<field>`, `never_say-N-<field>`,
    `must_disclose-N-<field>` for row N (a row past the last is a new one, added when its
    first field is filled; `…-N-remove` drops a row); `check-<id>` a check's severity ("" for
    its default).
    """
    document = _load(yaml_text)
    revision = form.get("revision", "").strip()
    if revision:
        document["revision"] = revision
    _apply_sla(document, form)
    _apply_rows(document, form, "facts", "topic", _set_fact)
    _apply_rows(document, form, "never_say", "text", _set_never_say)
    _apply_rows(document, form, "must_disclose", "id", _set_disclose)
    _apply_severities(document, form)
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def _apply_sla(document: CommentedMap, form: FormData) -> None:
    sla = document.get("sla")
    if not isinstance(sla, CommentedMap):
        sla = document["sla"] = CommentedMap()
    for key in ("first_response", "update_interval"):
        value = form.get(f"sla.{key}", "").strip()
        if value:
            sla[key] = value
        else:
            sla.pop(key, None)
    sla["business_hours_only"] = "sla.business_hours_only" in form


def _apply_rows(
    document: CommentedMap,
    form: FormData,
    section: str,
    first_field: str,
    write: Any,
) -> None:
    rows = document.get(section)
    if not isinstance(rows, CommentedSeq):
        rows = CommentedSeq(rows or [])
    kept = CommentedSeq()
    index = 0
    while True:
        prefix = f"{section}-{index}-"
        if not any(name.startswith(prefix) for name in form):
            break
        existing = rows[index] if index < len(rows) else None
        fields = {
            name[len(prefix) :]: value for name, value in form.items() if name.startswith(prefix)
        }
        index += 1
        if "remove" in fields:
            continue
        if existing is None and not fields.get(first_field, "").strip():
            continue  # the blank row for a new entry, left blank
        item = existing if isinstance(existing, CommentedMap) else CommentedMap()
        write(item, fields)
        kept.append(item)
    # Rows the form did not send (none, when the whole list was shown) are kept as they were.
    kept.extend(rows[index:])
    if kept or section in document:
        document[section] = kept


def _set(item: CommentedMap, key: str, value: str) -> None:
    value = value.strip()
    if _text(item.get(key)) == value:
        return  # unchanged: the text keeps its own quoting
    if value:
        _put(item, key, value)
    else:
        item.pop(key, None)


def _put(item: CommentedMap, key: str, value: Any) -> None:
    """Set `key`; a new last key takes over the comment that followed the mapping, so a
    comment introducing the next section stays above it."""
    last = next(reversed(item), None) if key not in item and len(item) else None
    item[key] = value
    token = item.ca.items.get(last) if last is not None else None
    if token is not None and len(token) > 2 and token[2] is not None:
        item.ca.items[key] = [None, None, token[2], None]
        token[2] = None


def _number(value: str) -> float | int | str:
    try:
        number = float(value)
    except ValueError:
        return value  # the policy's validation says what is wrong with it
    return int(number) if number.is_integer() else number


def _set_fact(item: CommentedMap, fields: Mapping[str, str]) -> None:
    kind = fields.get("kind", "").strip()
    _set(item, "kind", kind)
    _set(item, "topic", fields.get("topic", ""))
    triggers = [t.strip() for t in fields.get("triggers", "").split(",") if t.strip()]
    if [str(t) for t in item.get("triggers") or []] != triggers:
        written = CommentedSeq(triggers)
        written.fa.set_flow_style()  # a short list on one line, as policies write them
        _put(item, "triggers", written)
    _set(item, "statement", fields.get("statement", ""))
    wanted = _FACT_KEYS.get(kind, ())
    for key in _ALL_FACT_KEYS:
        value = fields.get(key, "").strip()
        if key not in wanted or not value:
            item.pop(key, None)
        elif _text(item.get(key)) == value:
            continue
        else:
            _put(item, key, _number(value) if key in ("min", "max", "amount") else value)


def _set_never_say(item: CommentedMap, fields: Mapping[str, str]) -> None:
    kind = "pattern" if fields.get("kind") == "pattern" else "phrase"
    item.pop("phrase" if kind == "pattern" else "pattern", None)
    _set(item, kind, fields.get("text", ""))
    for key in ("reason", "suggestion", "severity"):
        _set(item, key, fields.get(key, ""))


def _set_disclose(item: CommentedMap, fields: Mapping[str, str]) -> None:
    _set(item, "id", fields.get("id", ""))
    for key in ("when", "mention"):
        lines = "\n".join(line.strip() for line in fields.get(key, "").splitlines() if line.strip())
        if _matcher_lines(item.get(key)) != lines:
            _put(item, key, _matchers(lines))
    for key in ("reason", "suggestion", "severity"):
        _set(item, key, fields.get(key, ""))


def _matchers(lines: str) -> CommentedSeq:
    """One matcher a line: "pattern: <RE2>" or "phrase: <words>" (a bare line is a phrase)."""
    found = CommentedSeq()
    for line in lines.splitlines():
        line = line.strip()
        if not line:
            continue
        kind, _, rest = line.partition(":")
        if kind.strip() in ("pattern", "phrase") and rest.strip():
            found.append(CommentedMap([(kind.strip(), rest.strip())]))
        else:
            found.append(CommentedMap([("phrase", line)]))
    return found


def _apply_severities(document: CommentedMap, form: FormData) -> None:
    checks = document.get("checks")
    for name, value in form.items():
        if not name.startswith("check-"):
            continue
        check_id = name[len("check-") :]
        value = value.strip()
        if not isinstance(checks, CommentedMap):
            if not value:
                continue
            checks = document["checks"] = CommentedMap()
        settings = checks.get(check_id)
        if value:
            if not isinstance(settings, CommentedMap):
                settings = checks[check_id] = CommentedMap()
            _put(settings, "severity", value)
        elif isinstance(settings, CommentedMap):
            settings.pop("severity", None)


def unified_diff(old: str, new: str, *, old_label: str, new_label: str) -> list[tuple[str, str]]:
    """The lines of a unified diff from `old` to `new`, each with its kind: add, remove, hunk
    (the @@ line saying where), head (the file names) or same."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), fromfile=old_label, tofile=new_label, lineterm=""
    )
    out = []
    for line in lines:
        if line.startswith(("---", "+++")):
            kind = "head"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "remove"
        else:
            kind = "same"
        out.append((kind, line))
    return out


# The sections a single entry can be added to, with the writer each one's form rows use.
_ROW_WRITERS = {"facts": _set_fact, "never_say": _set_never_say, "must_disclose": _set_disclose}


def add_row(yaml_text: str, section: str, fields: FormData, *, revision: str) -> str:
    """The policy's YAML with one entry added to `section` (facts, never_say or
    must_disclose), written from `fields` as the form writes a new row of it, and labelled
    `revision`; the rest of the text unchanged. An entry the section already holds, field for
    field, is not added twice."""
    document = _load(yaml_text)
    item = CommentedMap()
    _ROW_WRITERS[section](item, fields)
    rows = document.get(section)
    if not isinstance(rows, CommentedSeq):
        rows = CommentedSeq(rows or [])
    if any(_plain(row) == _plain(item) for row in rows):
        return yaml_text
    rows.append(item)
    document[section] = rows
    document["revision"] = revision
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
