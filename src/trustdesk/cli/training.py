"""`trustdesk scenarios list|validate|run`: the practice scenarios, shipped and the team's own."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from trustdesk.errors import InputError
from trustdesk.model import Principle

if TYPE_CHECKING:
    from trustdesk.training import Scenario

scenarios_app = typer.Typer(
    help="Practice scenarios: list them, validate a file, run a file's example replies.",
    no_args_is_help=True,
)
console = Console()

FilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Scenario files (.yaml or .jsonl); none: the scenarios shipped with trustdesk.",
        dir_okay=False,
        show_default=False,
    ),
]
PolicyOption = Annotated[
    Path | None,
    typer.Option(
        "--policy", "-p", help="Policy YAML file (default: the bundled policy).", dir_okay=False
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
# Exit code of `run` when an example does not hold (3 and 4 are errors, as everywhere).
EXIT_FAILED = 1


def _scenarios(files: Sequence[Path] | None) -> list[Scenario]:
    from trustdesk.training import load_many, shipped_scenarios

    return load_many(files) if files else shipped_scenarios()


@scenarios_app.command("list")
def list_scenarios(
    files: FilesArgument = None,
    principle: Annotated[
        str | None, typer.Option("--principle", help="Only the scenarios training this one.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The scenarios, with the principles they train and what a reply must cover."""
    wanted = _principle(principle)
    rows: list[dict[str, Any]] = []
    for scenario in _scenarios(files):
        if wanted is not None and wanted not in scenario.principles:
            continue
        rows.append(
            {
                "id": scenario.id,
                "title": scenario.title,
                "principles": [p.value for p in scenario.principles],
                "requires": [r.label for r in scenario.requires],
            }
        )
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table(title=f"Practice scenarios ({len(rows)})", title_justify="left")
    for column in ("Id", "Principles", "Title", "A good reply"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["id"],
            ", ".join(row["principles"]),
            escape(row["title"]),
            escape("; ".join(row["requires"])) or "is allowed",
        )
    console.print(table)


def _principle(value: str | None) -> Principle | None:
    if value is None:
        return None
    try:
        return Principle(value)
    except ValueError:
        known = ", ".join(p.value for p in Principle)
        raise InputError(f"no principle {value!r} (one of: {known})", field="--principle") from None


@scenarios_app.command("validate")
def validate(files: FilesArgument = None, policy: PolicyOption = None) -> None:
    """Check scenario files against the schema, and their policy snippets against the policy."""
    from trustdesk.engine import Engine
    from trustdesk.policy import load_policy
    from trustdesk.training import policy_for

    base = load_policy(policy)
    scenarios = _scenarios(files)
    for scenario in scenarios:
        if scenario.policy:
            Engine(policy_for(scenario, base))  # builds every check: a bad snippet fails here
    where = ", ".join(str(f) for f in files) if files else "the shipped scenarios"
    principles = {p for s in scenarios for p in s.principles}
    console.print(
        f"[green]✓[/] {escape(where)}: {len(scenarios)} valid scenarios, "
        f"{len(principles)} of {len(Principle)} principles trained."
    )


@scenarios_app.command("run")
def run(
    files: FilesArgument = None, policy: PolicyOption = None, as_json: JsonOption = False
) -> None:
    """Judge every scenario's example replies: exemplary ones must pass, poor ones be flagged.

    Exit 0 when all hold, 1 when one does not."""
    from trustdesk.policy import load_policy
    from trustdesk.training import problems

    base = load_policy(policy)
    results = [(scenario.id, problems(scenario, base)) for scenario in _scenarios(files)]
    failed = [(ident, found) for ident, found in results if found]
    if as_json:
        console.print_json(
            json.dumps([{"id": ident, "problems": found} for ident, found in results])
        )
    else:
        for ident, found in results:
            mark = "[red]✗[/]" if found else "[green]✓[/]"
            console.print(f"{mark} {escape(ident)}")
            for problem in found:
                console.print(f"    {escape(problem)}")
        console.print(f"{len(results) - len(failed)} of {len(results)} scenarios hold.")
    if failed:
        raise typer.Exit(EXIT_FAILED)


@scenarios_app.command("try")
def try_reply(
    scenario_id: Annotated[str, typer.Argument(help="The scenario's id (see `scenarios list`).")],
    reply: Annotated[
        str, typer.Option("--reply", "-r", help="Your reply, or - to read it from stdin.")
    ],
    files: Annotated[
        list[Path] | None,
        typer.Option(
            "--file", "-f", help="Scenario file to look in (default: shipped).", dir_okay=False
        ),
    ] = None,
    policy: PolicyOption = None,
    as_json: JsonOption = False,
) -> None:
    """A practice round: the scenario, the verdict on your reply, what it covered, and the
    exemplary reply. Exit 0 when it passes, 1 when it does not."""
    import sys

    from trustdesk.cli.render import print_verdict
    from trustdesk.policy import load_policy
    from trustdesk.training import judge

    text = sys.stdin.read() if reply == "-" else reply
    if not text.strip():
        raise typer.BadParameter("the reply is empty", param_hint="--reply")
    scenario = next((s for s in _scenarios(files) if s.id == scenario_id), None)
    if scenario is None:
        raise InputError(f"no scenario {scenario_id!r} (see `trustdesk scenarios list`)")
    judgement = judge(scenario, text, load_policy(policy))
    if as_json:
        console.print_json(json.dumps(judgement.to_dict(), ensure_ascii=False))
    else:
        console.print(f"[bold]{escape(scenario.title)}[/]")
        console.print(escape(scenario.situation.strip()))
        last = scenario.conversation.messages[-1]
        console.print(f"[dim]{last.role.value}:[/] {escape(last.text.strip())}")
        console.print()
        print_verdict(console, judgement.verdict, text)
        for result in judgement.requirements:
            mark = "[green]✓[/]" if result.met else "[red]✗ missing:[/]"
            console.print(f"{mark} {escape(result.label)}")
        console.print(
            "[bold green]Passed.[/]" if judgement.passed else "[bold red]Not passed yet.[/]"
        )
        console.print(f"\n[bold]What a good reply does:[/] {escape(scenario.good_reply.strip())}")
        for example in scenario.exemplary:
            console.print(f"[bold]For example:[/] {escape(example.text.strip())}")
    raise typer.Exit(0 if judgement.passed else EXIT_FAILED)
