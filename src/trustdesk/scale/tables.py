"""The Parquet tables of a distributed audit, and of conversations converted for one.

Conversations (`trustdesk convert`): one row per conversation, its messages nested as a list of
structs (id, role, author, at, text), so a conversation never straddles two partitions; `id`,
`channel` and `status` are columns, and what else the input format allows (customer, meta,
survey, remedies) is kept whole as JSON text in `details`, since its keys vary from team to team.

Results (`trustdesk audit --dask`): findings.parquet/ and conversations.parquet/, one file per
partition, the same fields as findings.jsonl and conversations.jsonl; fields that nest (segment,
scores, authors, service, survey, remedies, a finding's data) are JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustdesk.errors import InputError
from trustdesk.io.records import InputProblem, parse_record
from trustdesk.model import Conversation

if TYPE_CHECKING:
    import pyarrow as pa

# Rows of one batch read from a converted file.
READ_BATCH = 1024
_IN_DETAILS = ("customer", "meta", "survey", "remedies")


def _input_schema() -> pa.Schema:
    import pyarrow as pa

    message = pa.struct(
        [
            ("id", pa.string()),
            ("role", pa.string()),
            ("author", pa.string()),
            ("at", pa.string()),
            ("text", pa.string()),
        ]
    )
    return pa.schema(
        [
            ("id", pa.string()),
            ("channel", pa.string()),
            ("status", pa.string()),
            ("messages", pa.list_(message)),
            ("details", pa.string()),
        ]
    )


def input_table(conversations: Sequence[Conversation]) -> pa.Table:
    """Conversations as rows of the converted format (times as ISO text, offsets kept)."""
    import pyarrow as pa

    rows = []
    for conversation in conversations:
        data = conversation.model_dump(mode="json")
        rows.append(
            {
                "id": data["id"],
                "channel": data["channel"],
                "status": data["status"],
                "messages": data["messages"],
                "details": json.dumps({key: data[key] for key in _IN_DETAILS}, ensure_ascii=False),
            }
        )
    return pa.Table.from_pylist(rows, schema=_input_schema())


def read_input_rows(path: str, source: str) -> Iterator[tuple[int, Conversation | InputProblem]]:
    """(row number from 1, conversation or problem) of a converted file."""
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        yield 0, InputProblem(source, None, None, f"not a Parquet file ({exc})")
        return
    missing = [name for name in ("id", "messages") if name not in handle.schema_arrow.names]
    if missing:
        yield (
            0,
            InputProblem(
                source, None, None, f"not written by `trustdesk convert`: no {', '.join(missing)}"
            ),
        )
        return
    number = 0
    for batch in handle.iter_batches(batch_size=READ_BATCH):
        for row in batch.to_pylist():
            number += 1
            yield number, _conversation_of(row, source, number)


def _conversation_of(row: dict[str, Any], source: str, number: int) -> Conversation | InputProblem:
    record: dict[str, Any] = {
        key: row[key] for key in ("id", "channel", "status", "messages") if key in row
    }
    details = row.get("details")
    if details:
        try:
            extra = json.loads(details)
        except json.JSONDecodeError as exc:
            return InputProblem(source, number, "details", f"not valid JSON ({exc.msg})")
        if isinstance(extra, dict):
            record.update(extra)
    return parse_record(record, source, number)


def _findings_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("conversation_id", pa.string()),
            ("message_id", pa.string()),
            ("check", pa.string()),
            ("principle", pa.string()),
            ("severity", pa.string()),
            ("confidence", pa.float64()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("quote", pa.string()),
            ("explanation", pa.string()),
            ("suggestion", pa.string()),
            ("data", pa.string()),
            ("author", pa.string()),
        ]
    )


_CONVERSATION_JSON = ("segment", "scores", "authors", "service", "survey", "remedies")


def _conversations_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("conversation_id", pa.string()),
            ("channel", pa.string()),
            ("customer_id", pa.string()),
            ("segment", pa.string()),
            ("agents", pa.list_(pa.string())),
            ("started", pa.string()),
            ("ended", pa.string()),
            ("messages", pa.int64()),
            ("findings", pa.int64()),
            ("scores", pa.string()),
            ("language", pa.string()),
            ("authors", pa.string()),
            ("customer_messages", pa.int64()),
            ("decision", pa.string()),
            ("service", pa.string()),
            ("survey", pa.string()),
            ("remedies", pa.string()),
        ]
    )


def _as_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def write_results(
    folder: Path, name: str, records: list[dict[str, Any]], findings: list[dict[str, Any]]
) -> None:
    """One partition's rows as `folder`/conversations.parquet/`name` and
    `folder`/findings.parquet/`name` (folders named by the caller, see `scale.audit`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    finding_rows = [{**row, "data": _as_json(row.get("data"))} for row in findings]
    conversation_rows = [
        {**row, **{key: _as_json(row.get(key)) for key in _CONVERSATION_JSON}} for row in records
    ]
    pq.write_table(
        pa.Table.from_pylist(conversation_rows, schema=_conversations_schema()),
        folder / "conversations" / name,
    )
    pq.write_table(
        pa.Table.from_pylist(finding_rows, schema=_findings_schema()), folder / "findings" / name
    )


def read_results(
    conversations: Path, findings: Path
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The rows of one partition written by `write_results`, as conversations.jsonl and
    findings.jsonl give them: each conversation's record with its findings."""
    import pyarrow.parquet as pq

    def rows(path: Path) -> Iterator[dict[str, Any]]:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=READ_BATCH):
            yield from batch.to_pylist()

    finding_rows = rows(findings)
    for record in rows(conversations):
        for key in _CONVERSATION_JSON:
            if record.get(key) is not None:
                record[key] = json.loads(record[key])
        conversation_id, count = record.get("conversation_id"), record.get("findings") or 0
        attached = []
        for _ in range(count):
            finding = next(finding_rows, None)
            if finding is None or finding.get("conversation_id") != conversation_id:
                raise InputError(
                    f"the findings do not match the conversations at {conversation_id!r}",
                    source=str(findings),
                )
            if finding.get("data") is not None:
                finding["data"] = json.loads(finding["data"])
            attached.append(finding)
        yield record, attached
    if next(finding_rows, None) is not None:
        raise InputError("holds more findings than its conversations count", source=str(findings))
