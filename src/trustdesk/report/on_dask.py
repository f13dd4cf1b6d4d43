"""The report of a distributed audit, computed on the cluster that ran it.

`trustdesk audit --dask` writes conversations.parquet/ and findings.parquet/, one file per
partition, in input order. Each worker folds the report's figures over one partition
(`analytics.result.ReportFold`); the client merges the folds in partition order, which gives
the figures of one pass over the whole audit, so report.json is byte for byte the one
`trustdesk report` writes from the JSON Lines of the same audit.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustdesk.analytics.result import Analytics, ReportFold, ReportOptions, sla_of
from trustdesk.errors import InputError
from trustdesk.scale.audit import CONVERSATIONS_PARQUET, FINDINGS_PARQUET

if TYPE_CHECKING:
    from distributed import Client


def partitions(folder: Path) -> list[tuple[Path, Path]]:
    """(conversations, findings) of each partition of a distributed audit, in input order."""
    conversations = sorted((folder / CONVERSATIONS_PARQUET).glob("part-*.parquet"))
    if not conversations:
        raise InputError(
            f"no {CONVERSATIONS_PARQUET}/ partitions: report with Dask on the output of "
            "`trustdesk audit --dask`",
            source=str(folder),
        )
    pairs = [(path, folder / FINDINGS_PARQUET / path.name) for path in conversations]
    missing = [str(findings) for _, findings in pairs if not findings.is_file()]
    if missing:
        raise InputError(f"a partition has no findings file: {missing[0]}", source=str(folder))
    return pairs


def fold_partition(
    conversations: str, findings: str, options: ReportOptions, sla: dict[str, Any]
) -> ReportFold:
    """The report's figures over one partition (run on a worker)."""
    from trustdesk.scale.tables import read_results

    fold = ReportFold(options, sla)
    for record, attached in read_results(Path(conversations), Path(findings)):
        fold.add(record, attached)
    return fold


def analyse_on_dask(
    folder: Path, summary: dict[str, Any], options: ReportOptions, client: Client
) -> Analytics:
    """The report's figures of the distributed audit in `folder`, folded by the workers of
    `client` (every path must be one they can reach)."""
    sla = sla_of(summary)
    futures = deque(
        client.submit(fold_partition, str(conversations), str(findings), options, sla, pure=False)
        for conversations, findings in partitions(folder.resolve())
    )
    total: ReportFold | None = None
    while futures:  # in partition order: examples and ties go to the earlier one
        fold: ReportFold = futures.popleft().result()  # dropped from the cluster once read
        total = fold if total is None else total.merge(fold)
    assert total is not None  # partitions() refuses a folder without any
    return total.analytics(summary, options)
