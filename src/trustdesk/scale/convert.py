"""`trustdesk convert`: conversations from any readable input to partitioned Parquet.

Reading is `io.readers.read_conversations` (so helpdesk exports and mapped CSV work as in an
audit); every `rows` conversations become one file, part-00000.parquet, part-00001.parquet, ...
(see `scale.tables` for the columns). Files are written to a temporary folder renamed into
place at the end, so a failed run leaves no half dataset; malformed records are skipped and
listed in _problems.jsonl (a leading underscore: Parquet readers skip the file).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trustdesk.errors import InputError
from trustdesk.io.helpdesks.csv_mapped import ColumnMap
from trustdesk.io.readers import NATIVE_SOURCE, InputProblem, SourceCallback, read_conversations
from trustdesk.model import Conversation
from trustdesk.scale.tables import input_table

PROBLEMS_FILE = "_problems.jsonl"
SHOWN_PROBLEMS = 5


@dataclass
class Converted:
    conversations: int = 0
    files: int = 0
    skipped: int = 0
    shown: list[InputProblem] = field(default_factory=list)


def convert_to_parquet(
    paths: Sequence[str],
    out: str | Path,
    *,
    rows: int = 2_000,
    strict: bool = False,
    source: str = NATIVE_SOURCE,
    columns: ColumnMap | None = None,
    on_source: SourceCallback | None = None,
) -> Converted:
    import pyarrow.parquet as pq

    target = Path(out)
    partial = target.parent / f".{target.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir(parents=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the output folder: {exc.strerror}", source=str(out)
        ) from None
    result = Converted()
    try:
        with (partial / PROBLEMS_FILE).open("w", encoding="utf-8") as problems:

            def problem(found: InputProblem) -> None:
                result.skipped += 1
                problems.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
                if len(result.shown) < SHOWN_PROBLEMS:
                    result.shown.append(found)

            batch: list[Conversation] = []

            def flush() -> None:
                name = f"part-{result.files:05d}.parquet"
                pq.write_table(input_table(batch), partial / name)
                result.files += 1
                result.conversations += len(batch)
                batch.clear()

            for conversation in read_conversations(
                list(paths),
                strict=strict,
                on_problem=problem,
                source=source,
                columns=columns,
                on_source=on_source,
            ):
                batch.append(conversation)
                if len(batch) >= rows:
                    flush()
            if batch:
                flush()
        shutil.rmtree(target, ignore_errors=True)
        partial.replace(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return result
