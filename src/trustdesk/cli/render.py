"""Rich renderings of verdicts, findings, audit summaries and evaluation tables."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from trustdesk.engine.summary import AuditSummary
from trustdesk.evaluation import EvalReport
from trustdesk.model import Decision, Finding, Principle, Severity, Verdict

DECISION_STYLE = {
    Decision.ALLOW: "bold green",
    Decision.WARN: "bold yellow",
    Decision.BLOCK: "bold white on red",
}
SEVERITY_STYLE = {Severity.INFO: "cyan", Severity.WARN: "yellow", Severity.BLOCK: "red"}
SEVERITY_MARK = {Severity.INFO: "i", Severity.WARN: "!", Severity.BLOCK: "✖"}


def highlighted(text: str, findings: Sequence[Finding]) -> Text:
    """The draft with each finding's span underlined in its severity's colour."""
    rendered = Text(text)
    for finding in findings:
        if finding.end > finding.start:
            rendered.stylize(
                f"underline {SEVERITY_STYLE[finding.severity]}", finding.start, finding.end
            )
    return rendered


def finding_block(finding: Finding) -> Text:
    style = SEVERITY_STYLE[finding.severity]
    block = Text()
    block.append(f" {SEVERITY_MARK[finding.severity]} ", style=f"bold {style}")
    block.append(finding.check, style="bold")
    kind = finding.principle.value if finding.principle else "audit note"
    sure = "" if finding.confidence is None else f" · confidence {finding.confidence:.2f}"
    block.append(f"  [{kind} · {finding.severity.value}{sure}]\n", style="dim")
    if finding.quote:
        block.append("   “", style="dim")
        block.append(finding.quote[:200] + ("…" if len(finding.quote) > 200 else ""), style=style)
        block.append("”\n", style="dim")
    block.append("   Why: ", style="bold")
    block.append(finding.explanation + "\n")
    if finding.data.get("lowered_from"):
        block.append(
            f"   A {finding.data['lowered_from']} finding, only warning: its confidence is below "
            "the policy's block_confidence.\n",
            style="dim",
        )
    if finding.suggestion:
        block.append("   Fix: ", style="bold green")
        block.append(finding.suggestion + "\n")
    return block


def print_verdict(console: Console, verdict: Verdict, draft: str) -> None:
    label = Text(f" {verdict.decision.value.upper()} ", style=DECISION_STYLE[verdict.decision])
    header = Text.assemble(label, " ", verdict.reason)
    parts: list[Text] = [header]
    if verdict.findings:
        parts.append(Text())
        parts.append(highlighted(draft, verdict.findings))
        parts.append(Text())
        parts.extend(finding_block(f) for f in verdict.findings)
    console.print(
        Panel(
            Group(*parts),
            title="trustdesk check",
            title_align="left",
            border_style=DECISION_STYLE[verdict.decision].split()[-1],
        )
    )


def print_summary(console: Console, summary: AuditSummary, out: str) -> None:
    overview = Table.grid(padding=(0, 2))
    overview.add_row("Conversations", f"{summary.conversations:,}")
    overview.add_row("Messages", f"{summary.messages:,}")
    overview.add_row(
        "Findings",
        f"{summary.findings:,} ({summary.findings_per_1000_messages} per 1,000 messages)",
    )
    overview.add_row("Conversations with findings", f"{summary.conversations_with_findings:,}")
    if summary.skipped:
        overview.add_row(
            "Skipped records", Text(f"{summary.skipped:,} (see problems.jsonl)", style="yellow")
        )
    if summary.truncated:
        overview.add_row(
            "Audited in part",
            Text(
                f"{summary.truncated:,} over the limits (an audit.truncated finding each; "
                "see findings.jsonl)",
                style="yellow",
            ),
        )
    console.print(Panel(overview, title="Audit", title_align="left"))

    principles = Table(title="By principle", title_justify="left")
    principles.add_column("Principle")
    principles.add_column("Findings", justify="right")
    principles.add_column("Mean score (0-100)", justify="right")
    scores = summary.scores
    for principle in Principle:
        if principle.value in scores or summary.by_principle.get(principle.value):
            score = scores.get(principle.value)
            principles.add_row(
                principle.label,
                str(summary.by_principle.get(principle.value, 0)),
                _score_text(score),
            )
    console.print(principles)

    checks = Table(title="By check", title_justify="left")
    checks.add_column("Check")
    checks.add_column("Findings", justify="right")
    checks.add_column("Mean confidence", justify="right")
    confidence = summary.confidence_by_check
    for check, count in summary.by_check.most_common():
        mean = confidence.get(check)
        checks.add_row(check, str(count), "–" if mean is None else f"{mean:.2f}")
    if summary.by_check:
        console.print(checks)
    console.print(
        f"Results written to [bold]{escape(out)}[/] "
        "(findings.jsonl, conversations.jsonl, summary.json)"
    )


def _score_text(score: float | None) -> Text:
    if score is None:
        return Text("–", style="dim")
    style = "green" if score >= 90 else "yellow" if score >= 70 else "red"
    return Text(f"{score:.1f}", style=style)


def print_eval(console: Console, report: EvalReport, show: int) -> None:
    table = Table(
        title=f"Evaluation on {report.conversations} labelled conversations", title_justify="left"
    )
    for column in ("Check", "Support", "TP", "FP", "FN", "Precision", "Recall", "F1"):
        table.add_column(column, justify="left" if column == "Check" else "right")
    rows = [*report.scores.values(), report.micro]
    for score in rows:
        table.add_row(
            Text(score.check, style="bold" if score.check == "micro" else ""),
            str(score.support),
            str(score.true_positives),
            str(score.false_positives),
            str(score.false_negatives),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            end_section=score is rows[-2],
        )
    console.print(table)
    for title, examples in (("Misses", report.misses), ("False alarms", report.false_alarms)):
        if not examples or show <= 0:
            continue
        console.print(f"[bold]{title}[/] ({len(examples)}, showing up to {show}):")
        for example in examples[:show]:
            text = example.text.replace("\n", " ")
            console.print(
                f"  {escape(example.check)}  {escape(example.conversation_id)}/"
                f"{escape(example.message_id)}: [dim]{escape(text[:140])}[/]"
            )
