"""The audit report at scale: build time, file sizes and peak memory on 100,000 conversations.

    python benchmarks/report_scale.py [--conversations 100000] [--workers 0]

Generates conversations with the benchmark corpus (seeded), gives each customer attributes,
a survey for about a third and recorded remedies for a tenth (seeded, with a deliberate
disparity in first-reply time for one language), audits them with `trustdesk audit`, then
builds the report in a fresh process and prints one table. Files go to
benchmarks/output/report-scale/.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from corpus import DEFAULT_SEED, iter_corpus

HERE = Path(__file__).resolve().parent
OUT = HERE / "output" / "report-scale"
LANGUAGES = ["en"] * 6 + ["es", "de", "fr"]
REGIONS = ["UK", "UK", "UK", "IE", "DE", "FR", "ES"]
TIERS = ["standard"] * 5 + ["plus", "plus", "vip"]
# Spanish-speaking customers wait this much longer for their first reply: a seeded disparity.
SLOW_LANGUAGE, SLOW_BY = "es", timedelta(hours=2)


def enrich(conversation: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    language = rng.choice(LANGUAGES)
    conversation["customer"] = {
        **conversation["customer"],
        "language": language,
        "segment": {"region": rng.choice(REGIONS), "tier": rng.choice(TIERS)},
    }
    messages = conversation["messages"]
    if language == SLOW_LANGUAGE:
        for message in messages[1:]:
            at = datetime.fromisoformat(message["at"]) + SLOW_BY
            message["at"] = at.isoformat()
    if rng.random() < 0.35:
        conversation["survey"] = {
            "satisfaction": rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 5]),
            "treated_fairly": rng.random() < 0.85,
            **({"comment": "The agent was helpful."} if rng.random() < 0.1 else {}),
        }
    if rng.random() < 0.1:
        granted = rng.random() < 0.6
        conversation["remedies"] = [{"kind": "refund", "amount": 10.0}] if granted else []
    return conversation


def generate(path: Path, conversations: int, seed: int) -> int:
    rng = random.Random(seed + 1)
    messages = 0
    with path.open("w", encoding="utf-8") as out:
        for index, conversation in enumerate(iter_corpus(conversations * 30, seed)):
            if index >= conversations:
                break
            messages += len(conversation["messages"])
            out.write(json.dumps(enrich(conversation, rng), ensure_ascii=False) + "\n")
    return messages


def measure_report(folder: Path) -> None:
    """Run in a fresh process: build the report, print seconds and peak memory as JSON."""
    import resource

    from trustdesk.report import write_report

    start = time.perf_counter()
    files = write_report(folder)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    significant = [c["statement"] for c in files.analytics.equity["significant"]]
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "significant": significant}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=0, help="audit workers (0: every core)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--measure-report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_report:
        measure_report(args.measure_report)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    archive, folder = OUT / "archive.jsonl", OUT / "audit"
    start = time.perf_counter()
    messages = generate(archive, args.conversations, args.seed)
    generated = time.perf_counter() - start
    trustdesk = Path(sys.executable).with_name("trustdesk")
    start = time.perf_counter()
    subprocess.run(
        [
            str(trustdesk),
            "audit",
            str(archive),
            "--out",
            str(folder),
            "-q",
            "-w",
            str(args.workers),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    audited = time.perf_counter() - start
    measured = subprocess.run(
        [sys.executable, __file__, "--measure-report", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(measured.stdout)
    table = Table(title=f"Report on {args.conversations:,} conversations ({messages:,} messages)")
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    rows = [
        ("generate archive", f"{generated:.1f} s"),
        ("trustdesk audit", f"{audited:.1f} s"),
        ("trustdesk report (build)", f"{report['seconds']:.1f} s"),
        ("report peak memory", f"{report['peak_mb']:.0f} MB"),
        ("conversations.jsonl", f"{(folder / 'conversations.jsonl').stat().st_size / 1e6:.1f} MB"),
        ("findings.jsonl", f"{(folder / 'findings.jsonl').stat().st_size / 1e6:.1f} MB"),
        ("report.html", f"{(folder / 'report.html').stat().st_size / 1e3:.0f} KB"),
        ("report.json", f"{(folder / 'report.json').stat().st_size / 1e3:.0f} KB"),
        ("significant differences", str(len(report["significant"]))),
    ]
    for name, value in rows:
        table.add_row(name, value)
    console = Console()
    console.print(table)
    for statement in report["significant"][:5]:
        console.print(f"- {statement}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
