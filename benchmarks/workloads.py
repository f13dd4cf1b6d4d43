"""The measured workloads. Each returns table rows; nothing here prints.

- `reply_latency`: check_reply on a 20-message history with distinct ~120-word drafts.
- `cold_first_call`: a fresh interpreter's import and first check_reply.
- `audit_throughput`: audit over the generated corpus, end to end from dicts.
- `audit_against_pii_scanner`: the obvious PII-only scanner over the same messages, and the
  full audit's rate as a fraction of its rate (the issue's yardstick).
- `privacy_side_by_side`: Presidio's pattern recognizers vs trustdesk's privacy detection.
- `sentiment_side_by_side`: VADER alone vs the full engine, per message.
- `breakdown`: the cost of each text-analysis stage and of each check on its own.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from corpus import draft_pool, reply_history
from harness import Row, all_cores, bench_dir, latency_row, per_call_row, time_each
from trustdesk.checks.base import Check
from trustdesk.engine import Engine
from trustdesk.engine.batch import audit_stream
from trustdesk.model import Conversation
from trustdesk.text.analysis import MessageAnalysis, forget_recent_analyses

REPLY_WARMUP_CALLS = 20
ANALYSIS_STAGES = (
    "sentences",
    "words",
    "lower",
    "questions",
    "sentiment",
    "language",
    "times",
    "sensitive",
)


def _after_last(history: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(history["messages"][-1]["at"]) + timedelta(minutes=10)


def reply_latency(engine: Engine, calls: int, seed: int, stateless_calls: int) -> list[Row]:
    history_data = reply_history(seed)
    history = Conversation.parse(history_data)
    now = _after_last(history_data)
    drafts = draft_pool(REPLY_WARMUP_CALLS + calls + stateless_calls, seed + 1)
    words = sum(len(d.split()) for d in drafts) / len(drafts)
    for draft in drafts[:REPLY_WARMUP_CALLS]:
        engine.check_reply(history, draft, now=now)
    measured = drafts[REPLY_WARMUP_CALLS : REPLY_WARMUP_CALLS + calls]
    decisions: Counter[str] = Counter()

    def reply(draft: str) -> None:
        decisions[engine.check_reply(history, draft, now=now).decision.value] += 1

    first_pass = time_each(measured, reply)
    warm = per_call_row(
        "check_reply",
        f"{len(history.messages)}-msg history + {words:.0f}-word draft",
        first_pass,
        rate_unit="calls/s",
        latency_of="call",
        target="p99 < 5 ms",
        note=(
            f"{len(measured)} distinct drafts after {REPLY_WARMUP_CALLS} warm-up calls; the "
            "history is parsed once and its analysis cached and reused, as a desk does"
        ),
        extra={"decisions": dict(decisions), "calls": len(measured)},
    )
    # Each draft's best of three passes: what the work itself costs, without the pauses a
    # shared machine adds (the first pass above is the figure a caller sees). The drafts'
    # shared analyses are forgotten before each pass, so every pass analyses them afresh.
    passes = [first_pass]
    for _ in range(2):
        forget_recent_analyses()
        passes.append(time_each(measured, reply))
    best = per_call_row(
        "check_reply",
        "same drafts, each draft's best of 3 passes",
        [min(times) for times in zip(*passes, strict=True)],
        rate_unit="calls/s",
        latency_of="call",
        target="p99 < 5 ms",
        note="separates the cost of the content from the machine's noise",
    )
    stateless = drafts[REPLY_WARMUP_CALLS + calls :]

    def afresh(draft: str) -> None:
        forget_recent_analyses()  # a handful of entries: negligible next to the call
        engine.check_reply(history_data, draft, now=now)

    cold_history = per_call_row(
        "check_reply",
        "same, history sent as JSON each call, analysed afresh",
        time_each(stateless, afresh),
        rate_unit="calls/s",
        latency_of="call",
        note=f"{len(stateless)} calls; the history is validated and analysed afresh every call "
        "(a stateless API's worst case)",
    )
    forget_recent_analyses()
    remembered_history = per_call_row(
        "check_reply",
        "same, history sent as JSON each call, its analyses remembered",
        time_each(stateless, lambda d: engine.check_reply(history_data, d, now=now)),
        rate_unit="calls/s",
        latency_of="call",
        note="the history is validated every call; the analyses of its messages made in the "
        "first call are reused (the server's path)",
    )
    return [warm, best, cold_history, remembered_history]


def cold_first_call(seed: int) -> Row:
    """Import trustdesk and answer one check_reply in a fresh interpreter, pinned to one core."""
    completed = subprocess.run(
        [sys.executable, str(bench_dir() / "cold.py"), "--seed", str(seed)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if completed.returncode != 0:
        tail = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return Row("check_reply", "cold first call (fresh process)", None, "", note=tail)
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return Row(
        "check_reply",
        "cold first call (fresh process)",
        None,
        "",
        latency_of="call",
        mean_ms=figures["first_call_ms"],
        note=(
            f"import trustdesk {figures['import_ms']:.0f} ms, then the first call (loads "
            f"{figures['checks']} checks and the VADER and langid models) "
            f"{figures['first_call_ms']:.0f} ms; second call {figures['second_call_ms']:.1f} ms"
        ),
        extra=figures,
    )


def audit_throughput(engine: Engine, corpus: Sequence[dict[str, Any]]) -> list[Row]:
    messages = sum(len(c["messages"]) for c in corpus)
    parse_ns = time_each(corpus, Conversation.parse)
    parse = _per_message_row(
        "audit",
        "parse and validate only",
        corpus,
        parse_ns,
        note="pydantic validation of the input format, included below",
    )
    findings: Counter[str] = Counter()

    def audit(conversation: dict[str, Any]) -> None:
        for finding in engine.audit(conversation).findings:
            findings[finding.check] += 1

    cpu_started = time.process_time()
    audit_ns = time_each(corpus, audit)
    cpu_seconds = time.process_time() - cpu_started
    total = sum(findings.values())
    per_conversation = sorted(ns / 1e6 for ns in audit_ns)
    full = _per_message_row(
        "audit",
        f"full engine, {messages:,} messages in {len(corpus):,} conversations",
        corpus,
        audit_ns,
        target=">= 20,000 msg/s",
        note=(
            f"end to end from dicts; {1000 * total / messages:.1f} findings per 1,000 "
            f"messages; per conversation p50 {per_conversation[len(audit_ns) // 2]:.2f} ms"
        ),
        extra={
            "messages": messages,
            "conversations": len(corpus),
            "findings": total,
            "findings_per_1000_messages": 1000 * total / messages,
            "findings_by_check": dict(sorted(findings.items())),
            "cpu_seconds": cpu_seconds,
        },
    )
    return [full, parse]


def audit_against_pii_scanner(corpus: Sequence[dict[str, Any]], full_audit: Row) -> list[Row]:
    """The obvious PII-only scanner (benchmarks/pii_baseline.py) over the messages the full
    audit has just read, from the same dicts; then the audit's rate over the scanner's, in
    messages per core-second, which the issue wants at 0.5 or more."""
    from pii_baseline import scan

    messages = sum(len(c["messages"]) for c in corpus)
    found = Counter[str]()

    def screen(conversation: dict[str, Any]) -> None:
        for message in conversation["messages"]:
            for match in scan(message["text"]):
                found[match.kind] += 1

    for conversation in corpus[:20]:
        screen(conversation)
    found.clear()
    cpu_started = time.process_time()
    scan_ns = time_each(corpus, screen)
    cpu_seconds = time.process_time() - cpu_started
    scanner = _per_message_row(
        "audit",
        "PII-only regex scanner, same messages",
        corpus,
        scan_ns,
        note=(
            "the yardstick: e-mail, phone, card (Luhn) and IBAN (mod 97) regexes, finditer over "
            f"each message; {sum(found.values()):,} items found"
        ),
        extra={"found": dict(sorted(found.items())), "cpu_seconds": cpu_seconds},
    )
    audit_cpu = full_audit.extra.get("cpu_seconds")
    if not audit_cpu or not cpu_seconds or not full_audit.rate or not scanner.rate:
        return [scanner]
    audit_per_core_second = messages / audit_cpu
    scanner_per_core_second = messages / cpu_seconds
    ratio = audit_per_core_second / scanner_per_core_second
    return [
        scanner,
        Row(
            "audit",
            "full audit ÷ PII-only scanner",
            None,
            "",
            target=">= 0.5x",
            note=(
                f"{ratio:.3f}x in messages per core-second (CPU time): audit "
                f"{audit_per_core_second:,.0f}, scanner {scanner_per_core_second:,.0f}; by the "
                f"wall clock {full_audit.rate / scanner.rate:.3f}x"
            ),
            extra={
                "ratio": ratio,
                "ratio_wall_clock": full_audit.rate / scanner.rate,
                "audit_msgs_per_core_second": audit_per_core_second,
                "scanner_msgs_per_core_second": scanner_per_core_second,
                "messages": messages,
            },
        ),
    ]


def audit_on_all_cores(engine: Engine, corpus: Sequence[dict[str, Any]], one_core: Row) -> Row:
    """The same audit through `audit_stream` with one worker process per core, as
    `trustdesk audit --workers 0` runs it; wall time includes starting the workers."""
    messages = sum(len(c["messages"]) for c in corpus)
    with all_cores() as cores:
        started = time.perf_counter()
        parsed = (Conversation.parse(c) for c in corpus)
        for _ in audit_stream(parsed, engine=engine, workers=cores):
            pass
        seconds = time.perf_counter() - started
    rate = messages / seconds
    speedup = rate / one_core.rate if one_core.rate else 0.0
    return Row(
        "audit",
        f"same corpus, {cores} worker processes",
        rate,
        "msg/s",
        note=f"{speedup:.2f}x the one-core rate on {cores} cores; includes starting the workers",
        extra={"cores": cores, "seconds": seconds, "speedup": speedup},
    )


def _per_message_row(
    section: str,
    workload: str,
    conversations: Sequence[dict[str, Any]],
    samples_ns: Sequence[int],
    **kwargs: Any,
) -> Row:
    """Throughput in messages; latency per message as each conversation's time ÷ its size."""
    sizes = [max(1, len(c["messages"])) for c in conversations]
    return latency_row(
        section,
        workload,
        [ns / 1e6 / n for ns, n in zip(samples_ns, sizes, strict=True)],
        rate_items=sum(sizes),
        seconds=sum(samples_ns) / 1e9,
        rate_unit="msg/s",
        latency_of="message",
        **kwargs,
    )


def privacy_side_by_side(
    sample: Sequence[dict[str, Any]], checks: dict[str, type[Check]]
) -> list[Row]:
    texts = [m["text"] for c in sample for m in c["messages"]]
    rows: list[Row] = []
    analyzer, why_not = _presidio()
    if analyzer is not None:
        for text in texts[:20]:
            analyzer.analyze(text=text, language="en")
        found = Counter[str]()

        def presidio(text: str) -> None:
            for result in analyzer.analyze(text=text, language="en"):
                found[result.entity_type] += 1

        rows.append(
            per_call_row(
                "privacy, same messages",
                "Presidio AnalyzerEngine, pattern recognizers",
                time_each(texts, presidio),
                rate_unit="msg/s",
                latency_of="message",
                note=f"{len(texts):,} messages; {sum(found.values()):,} entities found",
                extra={"entities": dict(found)},
            )
        )
    else:
        rows.append(
            Row(
                "privacy, same messages",
                "Presidio AnalyzerEngine",
                None,
                "",
                note=f"not measured: {why_not}",
            )
        )

    from trustdesk.text.sensitive import find_sensitive

    kinds = Counter[str]()

    def sensitive(text: str) -> None:
        for item in find_sensitive(text):
            kinds[item.kind] += 1

    rows.append(
        _guarded(
            lambda: per_call_row(
                "privacy, same messages",
                "trustdesk find_sensitive",
                time_each(texts, sensitive),
                rate_unit="msg/s",
                latency_of="message",
                note=f"validated items found: {sum(kinds.values()):,}",
                extra={"kinds": dict(kinds)},
            ),
            "privacy, same messages",
            "trustdesk find_sensitive",
        )
    )

    wanted = [checks[i] for i in ("privacy.secret_request", "privacy.exposure") if i in checks]
    if len(wanted) == 2:
        engine = Engine(checks=wanted)
        parsed = [Conversation.parse(c) for c in sample]
        rows.append(
            _guarded(
                lambda: _per_message_row(
                    "privacy, same messages",
                    "trustdesk privacy.secret_request + privacy.exposure",
                    sample,
                    time_each(parsed, lambda c: engine.audit(c, measures=False)),
                    note="both checks through the engine, text analysis included (fresh "
                    "messages; no service measures, which only reports need)",
                ),
                "privacy, same messages",
                "trustdesk privacy checks",
            )
        )
    else:
        rows.append(
            Row(
                "privacy, same messages",
                "trustdesk privacy checks",
                None,
                "",
                note="not measured: the privacy checks are not installed yet",
            )
        )
    return rows


def _presidio() -> tuple[Any, str]:
    try:
        from presidio_baseline import build_presidio_analyzer
    except ImportError as exc:
        return None, f"benchmarks/presidio_baseline.py or presidio-analyzer missing ({exc})"
    return build_presidio_analyzer(), ""


def _guarded(measure: Callable[[], Row], section: str, workload: str) -> Row:
    """Measure, or say in the table why a part could not be measured (e.g. not built yet)."""
    try:
        return measure()
    except Exception as exc:  # the table names the failure; the other workloads still run
        return Row(section, workload, None, "", note=f"not measured: {type(exc).__name__}: {exc}")


def sentiment_side_by_side(engine: Engine, sample: Sequence[dict[str, Any]]) -> list[Row]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = [m["text"] for c in sample for m in c["messages"]]
    vader = SentimentIntensityAnalyzer()
    vader_row = per_call_row(
        "sentiment baseline, same messages",
        "vaderSentiment polarity_scores only",
        time_each(texts, vader.polarity_scores),
        rate_unit="msg/s",
        latency_of="message",
        note=f"{len(texts):,} messages; what a sentiment-only screen costs",
    )
    parsed = [Conversation.parse(c) for c in sample]
    engine_row = _per_message_row(
        "sentiment baseline, same messages",
        f"full engine ({len(engine.checks)} checks)",
        sample,
        time_each(parsed, engine.audit),
        note="all checks, VADER included, on the same messages (parsing excluded)",
    )
    return [vader_row, engine_row]


def _lexicon_screening(messages: Sequence[Any], context: Any) -> list[Row]:
    """Every lexicon the engine declares, asked of each message: screened by one scan of the
    message (the engine's set), and with each lexicon asking its own gate."""
    lexicons = context.lexicons.lexicons if context.lexicons is not None else ()
    rows: list[Row] = []
    for label, each in (
        ("one scan per message", context),
        ("each lexicon's own gate", dataclasses.replace(context, lexicons=None)),
    ):
        fresh = [MessageAnalysis(m.text, m.at, each) for m in messages]
        rows.append(
            _guarded(
                lambda fresh=fresh, label=label: per_call_row(  # type: ignore[misc]
                    "where time goes: text analysis",
                    f"lexicons, {label}",
                    time_each(fresh, lambda a: [a.hits(lexicon) for lexicon in lexicons]),
                    rate_unit="msg/s",
                    latency_of="message",
                    note=f"all {len(lexicons)} lexicons the engine declares"
                    if label.startswith("one")
                    else "",
                ),
                "where time goes: text analysis",
                f"lexicons, {label}",
            )
        )
    return rows


def breakdown(
    engine: Engine, sample: Sequence[dict[str, Any]], checks: Sequence[type[Check]]
) -> list[Row]:
    """Exclusive cost of each analysis stage, then of each check over pre-analysed text."""
    rows: list[Row] = []
    parsed = [Conversation.parse(c) for c in sample]
    messages = [m for c in parsed for m in c.messages]
    context = engine._text_context
    analyses = [MessageAnalysis(m.text, m.at, context) for m in messages]
    for stage in ANALYSIS_STAGES:
        rows.append(
            _guarded(
                lambda stage=stage: per_call_row(  # type: ignore[misc]
                    "where time goes: text analysis",
                    f"analysis.{stage}",
                    time_each(analyses, lambda a: getattr(a, stage)),
                    rate_unit="msg/s",
                    latency_of="message",
                    note="each stage alone: earlier ones already cached"
                    if stage == "sentences"
                    else "",
                ),
                "where time goes: text analysis",
                f"analysis.{stage}",
            )
        )
    rows.extend(_lexicon_screening(messages, context))
    for message, analysis in zip(messages, analyses, strict=True):
        message._analysis = analysis
    for cls in checks:
        for analysis in analyses:
            analysis._hits.clear()  # each check pays for its own lexicon scans
            analysis._fired = None
        single = Engine(checks=[cls])
        rows.append(
            _guarded(
                lambda single=single, cls=cls: _per_message_row(  # type: ignore[misc]
                    "where time goes: checks",
                    cls.id,
                    sample,
                    time_each(parsed, single.audit),
                    note=(
                        "each check alone, over analysed text, paying its own lexicon scans"
                        if cls is checks[0]
                        else ""
                    ),
                ),
                "where time goes: checks",
                cls.id,
            )
        )
    return rows
