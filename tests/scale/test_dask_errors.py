"""Mistakes around the Dask audit are one line and an exit code, before any cluster starts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from cli_support import run
from trustdesk.samples import sample_path
from trustdesk.scale import cluster

pytest.importorskip("distributed")


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--dask", "local:0"], "not a number of workers: '0'"),
        (["--dask", "nowhere"], "not a Dask address: 'nowhere'"),
        (["--dask", "local:2", "--workers", "2"], "give --workers or --dask, not both"),
        (["--dask", "local:2", "--from", "zendesk"], "convert a helpdesk's export first"),
    ],
)
def test_misused_options_are_one_line(
    args: list[str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    code, _, err = run(
        monkeypatch, capsys, "audit", str(sample_path()), "--out", str(tmp_path), *args
    )
    assert code == 3
    assert expected in _one_line(err)


def test_inputs_the_workers_cannot_read_fail_before_the_cluster_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def no_cluster(address: str) -> None:
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(cluster, "connect", no_cluster)
    csv = tmp_path / "export.csv"
    csv.write_text("conversation_id,message_id,role,text\n")
    for path, expected in [
        (str(tmp_path / "missing.jsonl"), "missing.jsonl: file not found"),
        (str(csv), "convert this file first"),
        (str(tmp_path), "the folder holds no .parquet file"),
        ("-", "not stdin"),
        (
            str(Path(__file__).parents[1] / "fixtures" / "helpdesks" / "zendesk.jsonl"),
            "not conversations in the input format: convert it first",
        ),
    ]:
        code, _, err = run(monkeypatch, capsys, "audit", path, "-q", "--dask", "local:2")
        assert code == 3
        assert expected in _one_line(err)


def test_an_unreachable_scheduler_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    code, _, err = run(
        monkeypatch,
        capsys,
        "audit",
        str(sample_path()),
        "-q",
        "--out",
        str(tmp_path),
        "--dask",
        f"tcp://127.0.0.1:{port}",
    )
    assert code == 3
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in _one_line(err)
    assert not (tmp_path / "findings.jsonl").exists()


def test_a_missing_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "pyarrow" else real(name, *rest),
    )
    for args in (
        ["audit", str(sample_path()), "--dask", "local"],
        ["convert", str(sample_path()), "--to", "parquet", str(tmp_path / "pq")],
    ):
        code, _, err = run(monkeypatch, capsys, *args)
        assert code == 3
        assert "needs pyarrow: pip install 'trustdesk[dask]'" in _one_line(err)


def test_convert_mistakes_are_one_line_and_leave_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "pq"
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "1", "messages": []}\n{not json\n')
    for args, expected in [
        (["--to", "csv"], "cannot convert to 'csv': only parquet"),
        ([str(tmp_path / "missing.jsonl")], "missing.jsonl: file not found"),
        ([str(broken), "--strict"], "broken.jsonl:2: not valid JSON"),
    ]:
        inputs = [a for a in args if not a.startswith("-") and a != "csv"] or [str(sample_path())]
        options = [a for a in args if a.startswith("-") or a == "csv"]
        code, _, err = run(monkeypatch, capsys, "convert", *inputs, *options, str(out))
        assert code == 3
        assert expected in _one_line(err)
        assert not out.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
