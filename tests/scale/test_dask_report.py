"""The report of a distributed audit, folded on the cluster from its Parquet partitions, is the
report of the same audit read in one pass: report.json byte for byte."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from distributed import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_support import run
from trustdesk.analytics.result import ReportFold, ReportOptions, analyse, sla_of
from trustdesk.engine import Engine
from trustdesk.errors import InputError
from trustdesk.io.audit_output import AuditOutput
from trustdesk.report.on_dask import analyse_on_dask
from trustdesk.report.write import report_data
from trustdesk.samples import load_samples
from trustdesk.scale.audit import audit_on_dask

pytestmark = pytest.mark.dask

# Small partitions, so the conversations are cut into many parts.
PART_BYTES = 6_000
COPIES = 3


def _archive(folder: Path) -> Path:
    """The samples three times over (ids changed): equal scores tie across partitions, and
    every group has members in many of them."""
    path = folder / "archive.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(COPIES):
            for sample in load_samples():
                handle.write(json.dumps({**sample, "id": f"{sample['id']}-{copy}"}) + "\n")
    return path


@pytest.fixture(scope="module")
def audited(client: Client, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask-report")
    out = folder / "out"
    audit_on_dask(
        [str(_archive(folder))],
        out,
        client=client,
        engine=Engine(),
        now=None,
        part_bytes=PART_BYTES,
    )
    return out


def test_the_folds_of_the_partitions_give_the_one_pass_figures(
    client: Client, audited: Path
) -> None:
    output = AuditOutput(audited)
    parts = list((audited / "conversations.parquet").glob("part-*.parquet"))
    assert len(parts) > 5
    options = ReportOptions(min_group=5, worst=20, examples=2)
    on_dask = analyse_on_dask(audited, output.summary, options, client)
    one_pass = analyse(output, options)
    assert report_data(on_dask) == report_data(one_pass)
    assert on_dask.overview["conversations"] == COPIES * len(load_samples())


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=COPIES * 80), max_size=8))
def test_folds_of_any_consecutive_parts_merge_into_the_whole(
    audited: Path, cuts: list[int]
) -> None:
    output = AuditOutput(audited)
    items = [(item.record, item.findings) for item in output.conversations()]
    options = ReportOptions(min_group=3, worst=7, examples=1)
    sla = sla_of(output.summary)
    bounds = sorted({0, len(items), *(min(c, len(items)) for c in cuts)})
    folds = []
    for start, end in itertools.pairwise(bounds):
        fold = ReportFold(options, sla)
        for record, findings in items[start:end]:
            fold.add(record, findings)
        folds.append(fold)
    merged = folds[0]
    for fold in folds[1:]:
        merged = merged.merge(fold)
    expected = analyse(output, options)
    assert report_data(merged.analytics(output.summary, options)) == report_data(expected)


def test_the_command_reports_on_dask_what_it_reports_in_one_pass(
    on_this_cluster: Client,
    audited: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, _ = run(monkeypatch, capsys, "report", str(audited), "-q")
    assert code == 0
    one_pass = (audited / "report.json").read_bytes()
    (audited / "report.json").unlink()
    code, out, _ = run(monkeypatch, capsys, "report", str(audited), "-q", "--dask", "local:2")
    assert code == 0, out
    assert (audited / "report.json").read_bytes() == one_pass
    assert "Report on" in out


def test_audit_on_dask_with_report_folds_it_on_the_cluster(
    on_this_cluster: Client,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = str(_archive(tmp_path))
    code, _, _ = run(monkeypatch, capsys, "audit", archive, "-q", "--out", str(tmp_path / "one"))
    assert code == 0
    code, _, _ = run(monkeypatch, capsys, "report", str(tmp_path / "one"), "-q")
    assert code == 0
    code, out, _ = run(
        monkeypatch,
        capsys,
        "audit",
        archive,
        "-q",
        "--dask",
        "local:2",
        "--report",
        "--out",
        str(tmp_path / "two"),
    )
    assert code == 0, out
    assert (tmp_path / "two" / "report.json").read_bytes() == (
        tmp_path / "one" / "report.json"
    ).read_bytes()


def test_a_folder_without_partitions_is_refused_in_one_line(client: Client, tmp_path: Path) -> None:
    out = tmp_path / "plain"
    from trustdesk.io.archive import audit_archive

    audit_archive([str(_archive(tmp_path))], out, engine=Engine())
    with pytest.raises(InputError, match=r"audit --dask"):
        analyse_on_dask(out, AuditOutput(out).summary, ReportOptions(), client)


def test_a_malformed_address_is_one_line_and_writes_no_report(
    audited: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (audited / "report.json").unlink(missing_ok=True)
    code, out, err = run(monkeypatch, capsys, "report", str(audited), "-q", "--dask", "nowhere")
    assert code == 3
    assert "not a Dask address" in out + err
    assert "Traceback" not in out + err
    assert not (audited / "report.json").exists()
