"""Running the `trustdesk` command in-process, as a user would, and capturing what it prints."""

from __future__ import annotations

import io
import sys

import pytest

from trustdesk.cli.app import main


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    stdin: str | None = None,
) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `trustdesk ARGS...`."""
    monkeypatch.setattr(sys, "argv", ["trustdesk", *args])
    monkeypatch.setenv("COLUMNS", "200")
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err
