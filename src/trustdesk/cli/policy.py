"""`trustdesk policy validate|show`: the organisation's code of conduct as a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from trustdesk.policy import load_policy

policy_app = typer.Typer(
    help="Validate or print a policy (the organisation's code of conduct).", no_args_is_help=True
)
console = Console()


@policy_app.command("validate")
def policy_validate(file: Annotated[Path, typer.Argument(dir_okay=False)]) -> None:
    """Validate a policy file, including every check's parameters."""
    from trustdesk.engine import Engine

    loaded = load_policy(file)
    engine = Engine(loaded)
    console.print(
        f"[green]✓[/] {escape(str(file))} is a valid policy "
        f"({escape(loaded.name)}, revision {escape(loaded.revision)}): "
        f"{len(loaded.facts)} facts, {len(loaded.never_say)} never-say phrases, "
        f"{len(loaded.must_disclose)} disclosure rules, "
        f"{len(engine.checks)} checks enabled."
    )


@policy_app.command("show")
def policy_show() -> None:
    """Print the bundled default policy (a commented starting point for your own)."""
    from importlib import resources

    text = resources.files("trustdesk.policy").joinpath("default.yaml").read_text("utf-8")
    sys.stdout.write(text)
