"""problems.jsonl of `trustdesk import`: each malformed record skipped, written as it is met."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from trustdesk.io.records import InputProblem


class ProblemsFile:
    """problems.jsonl, written as each malformed record is met (never held in memory); not
    created when there is none."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.shown: list[InputProblem] = []
        self._handle: IO[str] | None = None

    def __enter__(self) -> ProblemsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()

    def add(self, problem: InputProblem) -> None:
        if self._handle is None:
            self._handle = self.path.open("w", encoding="utf-8")
        self._handle.write(json.dumps(problem.to_dict(), ensure_ascii=False) + "\n")
        self._handle.flush()
        self.count += 1
        if len(self.shown) < 5:
            self.shown.append(problem)

    def tell(self) -> None:
        errors = Console(stderr=True)
        for problem in self.shown:
            errors.print(f"[yellow]skipped[/] {escape(str(problem))}")
        if self.count:
            errors.print(
                f"{self.count} malformed records skipped, listed in {escape(str(self.path))}"
            )
