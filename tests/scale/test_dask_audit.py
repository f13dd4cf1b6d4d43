"""The audit on a Dask LocalCluster writes what the single-process audit writes, plus Parquet
(the cluster: tests/scale/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import pyarrow.parquet as pq
from distributed import Client

from cli_support import run
from trustdesk.engine import Engine
from trustdesk.errors import InputError, TrustdeskError
from trustdesk.io.archive import audit_archive
from trustdesk.samples import load_samples, sample_path
from trustdesk.scale import partition, worker
from trustdesk.scale.audit import audit_on_dask
from trustdesk.scale.convert import convert_to_parquet

pytestmark = pytest.mark.dask

OUTPUT_FILES = ("findings.jsonl", "conversations.jsonl", "problems.jsonl", "summary.json")
# Small partitions, so even the samples are cut into many, mid-file.
PART_BYTES = 4_000


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUT_FILES}


def _messy_file(tmp_path: Path) -> Path:
    """The samples with a byte-order mark, blank lines, broken JSON and an invalid record."""
    lines = sample_path().read_text(encoding="utf-8").splitlines()
    mixed: list[str] = []
    for index, line in enumerate(lines):
        mixed.append(line)
        if index % 7 == 2:
            mixed.append("{not json")
        if index % 11 == 4:
            mixed.append("")
        if index % 13 == 6:
            mixed.append(json.dumps({"id": f"bad-{index}", "messages": [{"id": "1"}]}))
    path = tmp_path / "messy.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(mixed) + "\n").encode("utf-8"))
    return path


def test_the_samples_on_dask_equal_the_single_process_audit(
    client: Client, engine: Engine, tmp_path: Path
) -> None:
    paths = [str(sample_path())]
    single = audit_archive(paths, tmp_path / "single", engine=engine)
    on_dask = audit_on_dask(
        paths, tmp_path / "dask", client=client, engine=engine, part_bytes=PART_BYTES
    )
    assert _files(tmp_path / "dask") == _files(tmp_path / "single")
    assert on_dask.summary.to_dict() == single.summary.to_dict()
    assert on_dask.conversations == len(load_samples())


def test_malformed_records_across_partitions_and_files_are_reported_on_their_lines(
    client: Client, engine: Engine, tmp_path: Path
) -> None:
    messy = str(_messy_file(tmp_path))
    paths = [messy, str(sample_path()), messy]
    single = audit_archive(paths, tmp_path / "single", engine=engine)
    on_dask = audit_on_dask(
        paths, tmp_path / "dask", client=client, engine=engine, part_bytes=PART_BYTES
    )
    assert _files(tmp_path / "dask") == _files(tmp_path / "single")
    assert on_dask.skipped == single.skipped > 10
    problems = (tmp_path / "dask" / "problems.jsonl").read_text().splitlines()
    lines = [json.loads(p)["line"] for p in problems[: len(problems) // 2]]
    assert lines == sorted(lines) and lines[0] == 4


def test_parquet_results_hold_every_conversation_and_finding(
    client: Client, engine: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "dask"
    audit_on_dask([str(sample_path())], out, client=client, engine=engine, part_bytes=PART_BYTES)
    conversations = pq.read_table(out / "conversations.parquet").to_pylist()
    findings = pq.read_table(out / "findings.parquet").to_pylist()
    written = [json.loads(line) for line in (out / "conversations.jsonl").read_text().splitlines()]
    written_findings = [json.loads(x) for x in (out / "findings.jsonl").read_text().splitlines()]
    assert len(list((out / "findings.parquet").iterdir())) > 1
    assert [c["conversation_id"] for c in conversations] == [c["conversation_id"] for c in written]
    assert [json.loads(c["scores"]) for c in conversations] == [c["scores"] for c in written]
    assert [(f["conversation_id"], f["check"], f["quote"]) for f in findings] == [
        (f["conversation_id"], f["check"], f["quote"]) for f in written_findings
    ]
    assert not (out / ".parquet.partial").exists()


def test_converted_parquet_audits_as_the_jsonl_it_came_from(
    client: Client, engine: Engine, tmp_path: Path
) -> None:
    converted = convert_to_parquet([str(sample_path())], tmp_path / "parquet", rows=10)
    assert (converted.conversations, converted.files, converted.skipped) == (
        len(load_samples()),
        7,
        0,
    )
    single = audit_archive([str(sample_path())], tmp_path / "single", engine=engine)
    on_dask = audit_on_dask(
        [str(tmp_path / "parquet")], tmp_path / "dask", client=client, engine=engine
    )
    assert _files(tmp_path / "dask") == _files(tmp_path / "single")
    assert on_dask.summary.to_dict() == single.summary.to_dict()


def test_strict_stops_at_the_first_malformed_line_in_input_order(
    client: Client, engine: Engine, tmp_path: Path
) -> None:
    messy = str(_messy_file(tmp_path))
    with pytest.raises(InputError) as raised:
        audit_on_dask(
            [messy],
            tmp_path / "dask",
            client=client,
            engine=engine,
            strict=True,
            part_bytes=PART_BYTES,
        )
    assert (raised.value.source, raised.value.line) == (messy, 4)
    assert not (tmp_path / "dask" / "findings.jsonl").exists()
    assert not (tmp_path / "dask" / "findings.parquet").exists()


def test_each_worker_compiles_the_policy_once(
    client: Client, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Any] = []

    class Counted(Engine):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(worker, "Engine", Counted)
    audit_on_dask(
        [str(sample_path())],
        tmp_path / "dask",
        client=client,
        engine=engine,
        part_bytes=PART_BYTES // 4,
    )
    assert len(built) == 2


def test_the_command_on_dask_writes_what_the_plain_command_writes(
    on_this_cluster: Client,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    messy = str(_messy_file(tmp_path))
    code, _, _ = run(monkeypatch, capsys, "audit", messy, "-q", "--out", str(tmp_path / "one"))
    assert code == 0
    code, _, err = run(
        monkeypatch,
        capsys,
        "audit",
        messy,
        "-q",
        "--out",
        str(tmp_path / "two"),
        "--dask",
        "local:2",
    )
    assert code == 0, err
    assert "skipped" in err and "messy.jsonl:4" in err
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert (tmp_path / "two" / "findings.parquet").is_dir()


def test_convert_then_audit_from_the_command_line(
    on_this_cluster: Client,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    messy = str(_messy_file(tmp_path))
    code, out, err = run(
        monkeypatch, capsys, "convert", messy, "--to", "parquet", str(tmp_path / "pq")
    )
    assert code == 0, err
    assert f"{len(load_samples())} conversations in 1 Parquet file" in out
    assert "malformed records skipped" in out
    code, out, err = run(
        monkeypatch,
        capsys,
        "audit",
        str(tmp_path / "pq"),
        "-q",
        "--dask",
        "tcp://h:8786",
        "--out",
        str(tmp_path / "audit"),
    )
    assert code == 0, err
    summary = json.loads((tmp_path / "audit" / "summary.json").read_text())
    assert (summary["conversations"], summary["skipped_records"]) == (len(load_samples()), 0)


def test_a_failure_on_a_worker_is_one_error_naming_the_file_and_leaves_nothing(
    client: Client, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(part: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(partition, "read_part", broken)
    with pytest.raises(TrustdeskError) as raised:
        audit_on_dask([str(sample_path())], tmp_path / "dask", client=client, engine=engine)
    assert str(raised.value).startswith(
        f"a Dask worker failed on {sample_path()} (RuntimeError: disk on fire)"
    )
    assert sorted(p.name for p in (tmp_path / "dask").iterdir()) == []


def test_a_helpdesk_export_converted_audits_as_the_export_itself(
    client: Client, engine: Engine, tmp_path: Path
) -> None:
    export = str(Path(__file__).parents[1] / "fixtures" / "helpdesks" / "zendesk.jsonl")
    converted = convert_to_parquet([export], tmp_path / "parquet", source="auto")
    single = audit_archive([export], tmp_path / "single", engine=engine, source="auto")
    audit_on_dask([str(tmp_path / "parquet")], tmp_path / "dask", client=client, engine=engine)
    for name in ("findings.jsonl", "conversations.jsonl"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "single" / name).read_bytes()
    assert converted.conversations == single.conversations == 20
    assert converted.skipped == single.skipped == 1
