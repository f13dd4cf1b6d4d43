"""The audit on `--workers` processes and on a Dask LocalCluster of as many workers, beside the
same audit on one core, with a control.

    python benchmarks/dask_scale.py [--messages 100000] [--workers 2] [--corpus FILE] [--no-dask]

Writes a distinct corpus (seeded) as JSONL (or reads `--corpus`), audits it once in this process
(`trustdesk audit`, one core) and then on a `distributed.LocalCluster` of `--workers` processes
with one thread each (`trustdesk audit --dask local:N`), checks that both wrote the same files,
and prints one table: messages per second, efficiency (speed-up / workers) and messages per
core-second.

The command itself is timed too, as a user runs it: `trustdesk audit FILE --workers 1` and
`--workers N` (workers that read their own ranges of the file), each a fresh process whose time
includes starting, loading the models and writing; and, for comparison, the audit as it ran
before on N processes, this process reading and sending every conversation to the workers
(`io.archive.audit_archive(..., workers=N)`, which `--workers N` still does for stdin, JSON, CSV
and helpdesk exports). Each row carries the load average (1 min) seen before and after it.

CPU time is measured too: this process's for the one-core audit; every worker's, the
scheduler's and this process's (the client) for the Dask audit. Their ratio is the share of
the Dask audit's CPU that is the audit itself (the rest is Dask, Parquet and gathering), which
is the efficiency to expect on free cores with balanced workers, however busy the machine is.

Efficiency is only meaningful on cores nobody else is using, so a control runs before and after
the audits: `--workers` CPU spinners at once, each reporting the share of a core it got (CPU
time / wall time). Shares near 1.0 mean the cores were free; on a shared machine they are not,
and the efficiency is depressed by about as much. Files go to benchmarks/output/dask-scale/.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from corpus import DEFAULT_SEED, iter_corpus
from harness import machine_info
from trustdesk.engine import Engine
from trustdesk.io.archive import audit_archive

HERE = Path(__file__).resolve().parent
OUT = HERE / "output" / "dask-scale"
SPIN_SECONDS = 5.0
COMPARED = ("findings.jsonl", "conversations.jsonl", "problems.jsonl", "summary.json")


def _spin(seconds: float, results: Any) -> None:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall0 < seconds:
        pass
    results.put((time.process_time() - cpu0) / (time.perf_counter() - wall0))


def spinner_control(count: int, seconds: float = SPIN_SECONDS) -> list[float]:
    """The share of a core each of `count` simultaneous CPU spinners got (1.0: a free core)."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    spinners = [context.Process(target=_spin, args=(seconds, results)) for _ in range(count)]
    for spinner in spinners:
        spinner.start()
    shares = [results.get() for _ in spinners]
    for spinner in spinners:
        spinner.join()
    return sorted(shares)


def _load() -> float:
    return os.getloadavg()[0]


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def command_run(corpus: Path, out: Path, workers: int) -> dict[str, float]:
    """`trustdesk audit CORPUS --workers N` in a fresh process: wall seconds, the CPU seconds of
    it and its workers, the peak of their summed proportional memory (PSS, so pages the forked
    workers share are counted once; sampled twice a second), and the load average."""
    import psutil  # comes with distributed

    load, cpu = _load(), _children_cpu()
    started = time.perf_counter()
    command = [sys.executable, "-m", "trustdesk", "audit", str(corpus), "--out", str(out)]
    child = subprocess.Popen(
        [*command, "--quiet", "--workers", str(workers)], stdout=subprocess.DEVNULL
    )
    peak = 0
    watched = psutil.Process(child.pid)
    while child.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_full_info().pss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.5)
    if child.returncode != 0:
        raise SystemExit(f"trustdesk audit --workers {workers} failed ({child.returncode})")
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": _children_cpu() - cpu,
        "peak_pss_mb": peak / 2**20,
        "load_before": load,
        "load_after": _load(),
    }


def write_corpus(path: Path, messages: int, seed: int) -> tuple[int, int]:
    conversations = written = 0
    with path.open("w", encoding="utf-8") as out:
        for conversation in iter_corpus(messages, seed):
            out.write(json.dumps(conversation, ensure_ascii=False) + "\n")
            conversations += 1
            written += len(conversation["messages"])
    return conversations, written


def client_work(folder: Path, per_part: int = 500) -> float:
    """CPU seconds the command's own process spends on an audit's results, replayed apart from
    the event loops: unpickling each partition's result, writing its lines, adding its tallies
    (rebuilt from the folder's files) to the summary."""
    import pickle
    import tempfile

    from trustdesk.engine.summary import AuditTally
    from trustdesk.io.results import AuditWriter
    from trustdesk.model import Principle
    from trustdesk.scale.partition import PartResult

    lines = (folder / "conversations.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    found = (folder / "findings.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    results: list[bytes] = []
    at = 0
    for first in range(0, len(lines), per_part):
        part = lines[first : first + per_part]
        records = [json.loads(line) for line in part]
        tallies, taken = [], 0
        for record in records:
            own = [json.loads(f) for f in found[at + taken : at + taken + record["findings"]]]
            taken += record["findings"]
            tallies.append(
                AuditTally(
                    record["messages"],
                    False,
                    tuple(
                        (f["check"], f["principle"], f["severity"], f["confidence"])
                        for f in own
                        if f["principle"]
                    ),
                    tuple((Principle(k), v) for k, v in record["scores"].items()),
                )
            )
        result = PartResult(0, "".join(part), "".join(found[at : at + taken]), tallies, [])
        results.append(pickle.dumps(result))
        at += taken
    with tempfile.TemporaryDirectory() as scratch:
        started = time.process_time()
        with AuditWriter(scratch) as writer:
            for data in results:
                item = pickle.loads(data)
                writer.add_written(
                    findings=item.findings,
                    conversations=item.conversations,
                    problems="",
                    tallies=item.tallies,
                )
        return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=1, help="Dask audits on the one cluster")
    parser.add_argument("--corpus", type=Path, help="audit this JSONL file instead of writing one")
    parser.add_argument("--no-dask", action="store_true", help="time the command only")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of `trustdesk audit --workers 1` and N"
    )
    args = parser.parse_args(argv)

    console = Console(stderr=True)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    corpus = args.corpus or OUT / "corpus.jsonl"
    if args.corpus:
        conversations, messages = count_corpus(corpus)
    else:
        conversations, messages = write_corpus(corpus, args.messages, args.seed)
    console.log(f"corpus: {messages:,} messages in {conversations:,} conversations")
    engine = Engine()
    engine.audit({"id": "warm", "messages": [{"id": "1", "role": "customer", "text": "Hi"}]})

    console.log(f"control before: spinners (load {_load():.2f})")
    before = spinner_control(args.workers)
    commands: dict[str, dict[str, float]] = {}
    # Rounds alternate the order (1, N), (N, 1), ...: a drift in other people's load then
    # weighs on both sides of a round.
    for round_ in range(1, args.repeat + 1):
        for workers in (1, args.workers) if round_ % 2 else (args.workers, 1):
            console.log(f"trustdesk audit --workers {workers} (round {round_}, load {_load():.2f})")
            run = command_run(corpus, OUT / f"workers-{workers}", workers)
            commands[f"--workers {workers}, round {round_}"] = {**run, "round": round_}
    console.log(f"before: this process reads, {args.workers} workers audit")
    load = _load()
    started, cpu_started = time.perf_counter(), _children_cpu() + time.process_time()
    audit_archive([str(corpus)], OUT / "sent", engine=engine, workers=args.workers)
    commands["sent"] = {
        "round": 1,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": _children_cpu() + time.process_time() - cpu_started,
        "load_before": load,
        "load_after": _load(),
    }
    console.log("one core: trustdesk audit")
    load = _load()
    started, cpu_started = time.perf_counter(), time.process_time()
    audit_archive([str(corpus)], OUT / "single", engine=engine)
    one_core = time.perf_counter() - started
    one_core_cpu = time.process_time() - cpu_started
    one_core_load = (load, _load())
    commands_same = all(
        filecmp.cmp(OUT / "single" / name, OUT / folder / name, shallow=False)
        for name in COMPARED
        for folder in ("workers-1", f"workers-{args.workers}", "sent")
    )
    if args.no_dask:
        console.log("control after: spinners")
        after = spinner_control(args.workers)
        print_commands(
            commands, messages, args.workers, one_core, one_core_cpu, one_core_load, before, after
        )
        print(f"Outputs identical to the one-core audit: {commands_same}")
        return 0
    from distributed import Client, LocalCluster

    from trustdesk.scale.audit import audit_on_dask

    console.log(f"LocalCluster of {args.workers} workers")
    started = time.perf_counter()
    runs: list[float] = []
    cpu_runs: list[dict[str, float]] = []
    with (
        LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        cluster_start = time.perf_counter() - started
        # A LocalCluster's scheduler runs in this process: its CPU is already the client's.
        apart = client.run_on_scheduler(os.getpid) != os.getpid()
        for run in range(args.runs):
            console.log(f"dask run {run + 1}")
            workers_before = client.run(time.process_time)
            scheduler_before = client.run_on_scheduler(time.process_time)
            started, cpu_started = time.perf_counter(), time.process_time()
            audit_on_dask([str(corpus)], OUT / "dask", client=client, engine=engine)
            runs.append(time.perf_counter() - started)
            workers_after = client.run(time.process_time)
            here = time.process_time() - cpu_started
            cpu = {"workers": sum(workers_after[w] - workers_before[w] for w in workers_after)}
            if apart:
                cpu["client"] = here
                cpu["scheduler"] = client.run_on_scheduler(time.process_time) - scheduler_before
            else:
                cpu["client and scheduler"] = here
            cpu_runs.append(cpu)
    console.log("control after: spinners")
    after = spinner_control(args.workers)
    same = all(
        filecmp.cmp(OUT / "single" / name, OUT / "dask" / name, shallow=False) for name in COMPARED
    )

    replayed = client_work(OUT / "dask")
    rate_one = messages / one_core
    figures: dict[str, Any] = {
        "messages": messages,
        "conversations": conversations,
        "workers": args.workers,
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "one_core_seconds": one_core,
        "one_core_msg_per_s": rate_one,
        "one_core_cpu_seconds": one_core_cpu,
        "dask_cpu_seconds": cpu_runs,
        "cpu_efficiency": [one_core_cpu / sum(c.values()) for c in cpu_runs],
        "cluster_start_seconds": cluster_start,
        "dask_seconds": runs,
        "dask_msg_per_s": [messages / s for s in runs],
        "efficiency": [one_core / (args.workers * s) for s in runs],
        "msg_per_core_second": [messages / (args.workers * s) for s in runs],
        "spinner_shares_before": before,
        "spinner_shares_after": after,
        "outputs_identical": same,
        "commands": commands,
        "commands_outputs_identical": commands_same,
        "client_work_cpu_seconds": replayed,
        "machine": machine_info(),
    }
    (OUT / "figures.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")

    table = Table(title=f"Dask audit, {messages:,} distinct messages", caption_justify="left")
    for column in (
        "run",
        "seconds",
        "msg/s",
        "msg per core-second",
        "efficiency",
        "CPU s",
        "CPU efficiency",
    ):
        table.add_column(column, justify="left" if column == "run" else "right")
    table.add_row(
        "one core (trustdesk audit)",
        f"{one_core:.1f}",
        f"{rate_one:,.0f}",
        f"{rate_one:,.0f}",
        "",
        f"{one_core_cpu:.1f}",
        "",
    )
    for index, (seconds, cpu) in enumerate(zip(runs, cpu_runs, strict=True), start=1):
        total_cpu = sum(cpu.values())
        table.add_row(
            f"LocalCluster {args.workers}x1, run {index}",
            f"{seconds:.1f}",
            f"{messages / seconds:,.0f}",
            f"{messages / (args.workers * seconds):,.0f}",
            f"{one_core / (args.workers * seconds):.2f}",
            f"{total_cpu:.1f} ("
            + ", ".join(f"{name} {value:.1f}" for name, value in cpu.items() if value)
            + ")",
            f"{one_core_cpu / total_cpu:.2f}",
        )
    shares = ", ".join(f"{s:.2f}" for s in before)
    shares_after = ", ".join(f"{s:.2f}" for s in after)
    table.caption = (
        f"{figures['machine']['cpu']}; {figures['cpus']} CPUs usable. Control: {args.workers} "
        f"spinners got {shares} of a core before, {shares_after} after (1.00 = free). "
        f"Cluster start {cluster_start:.1f} s (not in the runs). Outputs identical: {same}. "
        f"The client's own work on the results, replayed: {replayed:.2f} CPU s "
        f"({1e6 * replayed / messages:.1f} µs per message)."
    )
    Console(width=160).print(table)
    print_commands(
        commands, messages, args.workers, one_core, one_core_cpu, one_core_load, before, after
    )
    print(f"Outputs identical to the one-core audit: {commands_same}")
    return 0


def count_corpus(path: Path) -> tuple[int, int]:
    conversations = messages = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                conversations += 1
                messages += len(json.loads(line)["messages"])
    return conversations, messages


def print_commands(
    commands: dict[str, dict[str, float]],
    messages: int,
    workers: int,
    one_core: float,
    one_core_cpu: float,
    one_core_load: tuple[float, float],
    before: list[float],
    after: list[float],
) -> None:
    """The table of `trustdesk audit --workers`: each run against `--workers 1`."""
    table = Table(title=f"trustdesk audit --workers, {messages:,} distinct messages")
    columns = ("run", "seconds", "msg/s", "efficiency", "CPU s", "CPU efficiency", "PSS MB", "load")
    for column in columns:
        table.add_column(column, justify="left" if column == "run" else "right")
    table.add_row(
        "in process, one core (no start-up)",
        f"{one_core:.1f}",
        f"{messages / one_core:,.0f}",
        "",
        f"{one_core_cpu:.1f}",
        "",
        "",
        f"{one_core_load[0]:.2f} → {one_core_load[1]:.2f}",
    )
    for name, run in commands.items():
        alone = commands[f"--workers 1, round {run['round']:.0f}"]
        count = 1 if name.startswith("--workers 1,") else workers
        label = (
            f"before: audit_archive, {workers} workers fed by this process"
            if name == "sent"
            else f"trustdesk audit {name}"
        )
        table.add_row(
            label,
            f"{run['seconds']:.1f}",
            f"{messages / run['seconds']:,.0f}",
            f"{alone['seconds'] / (count * run['seconds']):.2f}" if count > 1 else "",
            f"{run['cpu_seconds']:.1f}",
            f"{alone['cpu_seconds'] / run['cpu_seconds']:.2f}" if count > 1 else "",
            f"{run['peak_pss_mb']:.0f}" if "peak_pss_mb" in run else "",
            f"{run['load_before']:.2f} → {run['load_after']:.2f}",
        )
    table.caption = (
        f"Control: {workers} spinners got {', '.join(f'{s:.2f}' for s in before)} of a core "
        f"before, {', '.join(f'{s:.2f}' for s in after)} after (1.00 = free). The command's "
        "rows include starting Python, loading the models and writing the output; efficiency "
        "is against `--workers 1` run the same way in the same round (before's against round "
        "1's); PSS is the "
        "peak of the command's and its workers' memory summed, shared pages counted once."
    )
    Console(width=160).print(table)


if __name__ == "__main__":
    raise SystemExit(main())
