"""`trustdesk audit --workers N` on JSON Lines: worker processes read their own ranges of the
input, and the output is byte for byte that of one process, problems and their lines included.

Ranges are made small here (a few KB), so even the samples are cut into many, mid-file, and
results from both workers must be put back in order.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli_support import run
from trustdesk.engine import Engine
from trustdesk.engine.limits import Limits
from trustdesk.errors import InputError
from trustdesk.io.archive import audit_archive
from trustdesk.io.readers import InputProblem
from trustdesk.samples import load_samples, sample_path
from trustdesk.scale import partition, processes
from trustdesk.scale.parts import JsonlRange, plan_parts
from trustdesk.scale.processes import LocalWorkers, sliceable

OUTPUT_FILES = ("findings.jsonl", "conversations.jsonl", "problems.jsonl", "summary.json")
PART_BYTES = 4_000

pytestmark = pytest.mark.slow  # a pool of worker processes for the module


@pytest.fixture(scope="module")
def engine() -> Engine:
    # A low message limit, so some conversations are cut short and problems.jsonl holds the
    # lines of truncated conversations between those of malformed records.
    return Engine(limits=Limits(max_messages=4))


@pytest.fixture(scope="module")
def pool(engine: Engine) -> Iterator[LocalWorkers]:
    with LocalWorkers(engine, 2) as workers:
        yield workers


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUT_FILES}


def _messy_file(tmp_path: Path) -> tuple[Path, list[int]]:
    """The samples with a byte-order mark, blank lines, broken JSON, a line that is not UTF-8
    and invalid records; and the numbers of the lines that are malformed."""
    lines = sample_path().read_bytes().splitlines()
    mixed: list[bytes] = []
    bad: list[int] = []

    def add(line: bytes, malformed: bool = False) -> None:
        mixed.append(line)
        if malformed:
            bad.append(len(mixed))

    for index, line in enumerate(lines):
        add(line)
        if index % 7 == 2:
            add(b"{not json", malformed=True)
        if index % 11 == 4:
            add(b"")
        if index % 13 == 6:
            add(json.dumps({"id": f"bad-{index}", "messages": [{"id": "1"}]}).encode(), True)
        if index % 17 == 9:
            add(b'{"id": "\xff"}', malformed=True)
    path = tmp_path / "messy.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(mixed) + b"\n")
    return path, bad


def _single(paths: list[str], out: Path, engine: Engine, **options: Any) -> Any:
    seen: list[InputProblem] = []
    result = audit_archive(paths, out, engine=engine, on_problem=seen.append, **options)
    return result, seen


def _spread(paths: list[str], out: Path, pool: LocalWorkers, **options: Any) -> Any:
    seen: list[InputProblem] = []
    parts = plan_parts(paths, pool.workers, PART_BYTES)
    assert len(parts) > 2 * pool.workers
    result = pool.audit(paths, out, on_problem=seen.append, parts=parts, **options)
    return result, seen


def test_the_samples_on_workers_equal_one_process(
    engine: Engine, pool: LocalWorkers, tmp_path: Path
) -> None:
    paths = [str(sample_path())]
    single, _ = _single(paths, tmp_path / "one", engine)
    spread, _ = _spread(paths, tmp_path / "two", pool)
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert spread.summary.to_dict() == single.summary.to_dict()
    assert spread.conversations == len(load_samples())
    assert spread.summary.truncated > 0  # problems.jsonl holds truncations to keep in order


def test_malformed_records_are_reported_the_same_on_the_same_lines(
    engine: Engine, pool: LocalWorkers, tmp_path: Path
) -> None:
    messy, bad = _messy_file(tmp_path)
    paths = [str(messy), str(sample_path()), str(messy)]
    single, seen_single = _single(paths, tmp_path / "one", engine)
    spread, seen_spread = _spread(paths, tmp_path / "two", pool)
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert seen_spread == seen_single
    assert spread.skipped == single.skipped == 2 * len(bad)
    assert [p.line for p in seen_spread] == bad + bad
    assert [p.source for p in seen_spread] == [str(messy)] * (2 * len(bad))


def test_strict_stops_at_the_first_malformed_record_as_one_process_does(
    engine: Engine, pool: LocalWorkers, tmp_path: Path
) -> None:
    messy, bad = _messy_file(tmp_path)
    paths = [str(sample_path()), str(messy)]
    with pytest.raises(InputError) as alone:
        _single(paths, tmp_path / "one", engine, strict=True)
    with pytest.raises(InputError) as spread:
        _spread(paths, tmp_path / "two", pool, strict=True)
    assert str(spread.value) == str(alone.value)
    assert f"messy.jsonl:{bad[0]}" in str(spread.value)
    assert not (tmp_path / "two" / "findings.jsonl").exists()


def test_this_process_parses_and_audits_nothing(
    pool: LocalWorkers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counted here, after the workers started (forked, or spawned under pytest-xdist, whose
    # worker runs a thread): they keep the real functions.
    calls = {"parsed": 0, "audited": 0}

    def parse(*args: Any) -> Any:
        calls["parsed"] += 1
        raise AssertionError("parsed in the writing process")

    def audit(*args: Any, **kwargs: Any) -> Any:
        calls["audited"] += 1
        raise AssertionError("audited in the writing process")

    monkeypatch.setattr(partition, "parse_record", parse)
    monkeypatch.setattr(Engine, "audit", audit)
    spread, _ = _spread([str(sample_path())], tmp_path / "two", pool)
    assert spread.conversations == len(load_samples())
    assert calls == {"parsed": 0, "audited": 0}


def test_workers_are_spawned_when_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not processes._fork_is_safe()
    finally:
        stop.set()
        other.join()


def test_spawned_workers_build_their_own_engine_and_write_the_same(
    engine: Engine, tmp_path: Path
) -> None:
    paths = [str(sample_path())]
    _single(paths, tmp_path / "one", engine)
    with LocalWorkers(engine, 2, fork=False) as spawned:
        _spread(paths, tmp_path / "two", spawned)
        assert not spawned.forked
    assert _files(tmp_path / "two") == _files(tmp_path / "one")


def test_ranges_are_bounded_and_cover_the_file(pool: LocalWorkers, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    line = sample_path().read_bytes().splitlines()[0] + b"\n"
    with big.open("wb") as out:
        for _ in range((3 * processes.MAX_PART_BYTES) // len(line) * pool.workers):
            out.write(line)
    parts = pool.plan([str(big)])
    assert all(isinstance(p, JsonlRange) for p in parts)
    assert max(p.size for p in parts) <= processes.MAX_PART_BYTES
    assert sum(p.size for p in parts) == big.stat().st_size
    assert len(parts) > pool.workers * processes.IN_FLIGHT_PER_WORKER


def test_inputs_read_from_the_start_stay_with_one_reader(tmp_path: Path) -> None:
    native = str(sample_path())
    as_json = tmp_path / "one.json"
    as_json.write_text(json.dumps(load_samples()[0]), encoding="utf-8")
    vendor = tmp_path / "tickets.jsonl"
    vendor.write_text(json.dumps({"ticket": {"id": 1}}) + "\n", encoding="utf-8")
    assert sliceable([native, native], source="auto")
    assert sliceable([native], source="trustdesk")
    assert not sliceable(["-"], source="auto")
    assert not sliceable([native, str(as_json)], source="auto")
    assert not sliceable([str(vendor)], source="auto")
    assert not sliceable([native], source="zendesk")
    assert not sliceable([str(tmp_path / "missing.jsonl")], source="auto")


@pytest.mark.parametrize("strict", [False, True])
def test_the_command_with_two_workers_writes_what_one_writes(
    strict: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    messy, _ = _messy_file(tmp_path)
    monkeypatch.setattr(processes, "MIN_PART_BYTES", PART_BYTES)
    monkeypatch.setattr(processes, "MAX_PART_BYTES", PART_BYTES)
    said = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        args = ["audit", str(messy), "--out", str(out), "-q", "--workers", workers]
        code, printed, errors = run(monkeypatch, capsys, *args, *(["--strict"] if strict else []))
        said.append((code, printed.replace(str(out), "OUT"), errors))
        if not strict:
            assert (out / "findings.jsonl").exists()
    assert said[0] == said[1]
    if not strict:
        assert _files(tmp_path / "out1") == _files(tmp_path / "out2")
