"""Every command, every option, given values a user might mistype: a clear line and exit 3
or 4, never a traceback (and never a server started on a value that should be refused)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from cli_support import run
from trustdesk.cli.app import EXIT_ERROR, EXIT_USAGE, app
from trustdesk.samples import sample_path

# What each command needs besides the option under test, so that the option is reached.
REQUIRED: dict[str, list[str]] = {
    "check": ["--draft", "Your refund was sent today."],
    "report": ["{tmp}"],
    "import": [str(sample_path())],
    "policy validate": ["{tmp}/policy.yaml"],
    "users create": ["alice"],
    "tokens create": ["alice", "--name", "bot"],
    "scenarios try": ["empathy-bereaved-refund", "--reply", "I'm so sorry."],
}
# Long to run even with good values, and covered by their own tests: only parse errors here.
PARSE_ONLY = {"demo", "import"}
# (A NUL byte cannot reach argv from a shell, so it is not among them.)
BAD_VALUES = ["", "-1", "99999999999999999999", "zzz", "/no/such/dir/file.yaml", "/"]


class ServerStartedError(Exception):
    """A server was about to start: the command accepted every value it was given."""


def _commands() -> Iterator[tuple[str, Any]]:
    def walk(command: Any, path: list[str]) -> Iterator[tuple[str, Any]]:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield " ".join(path), command

    yield from walk(typer.main.get_command(app), [])


def _option_cases() -> Iterator[tuple[str, str, str]]:
    for path, command in _commands():
        for param in command.params:
            opts = getattr(param, "opts", None) or []
            if not opts or not opts[0].startswith("--") or getattr(param, "is_flag", False):
                continue
            if opts[0] in REQUIRED.get(path, []):
                continue
            for value in BAD_VALUES:
                yield path, opts[0], value


COMMANDS = [path for path, _ in _commands()]


@pytest.fixture
def quiet_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRUSTDESK_DATABASE_URL", f"sqlite:///{tmp_path}/desk.db")
    # `serve` hands its options to its workers through the environment: set here first so that
    # monkeypatch puts it back as it was after each test (it records nothing for an absent one).
    monkeypatch.setenv("TRUSTDESK_POLICY", "")
    monkeypatch.delenv("TRUSTDESK_POLICY")
    (tmp_path / "policy.yaml").write_text("version: 1\n")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ServerStartedError

    monkeypatch.setattr("trustdesk.api.processes.serve", refuse)
    return tmp_path


def _argv(path: str, tmp: Path, *extra: str) -> list[str]:
    required = [part.replace("{tmp}", str(tmp)) for part in REQUIRED.get(path, [])]
    return [*path.split(), *required, *extra]


def _assert_clear(code: int, err: str, allowed: set[int]) -> None:
    assert "Traceback" not in err
    assert code in allowed, err
    if code in (EXIT_ERROR, EXIT_USAGE):
        lines = [line for line in err.splitlines() if line.startswith("error:")]
        assert lines, err


@pytest.mark.parametrize("path", COMMANDS)
def test_an_unknown_option_is_one_line_and_exit_4(
    path: str,
    quiet_place: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(monkeypatch, capsys, *_argv(path, quiet_place, "--no-such-option"))
    assert code == EXIT_USAGE
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error:")


@pytest.mark.parametrize(("path", "option", "value"), list(_option_cases()))
def test_a_bad_value_is_refused_clearly(
    path: str,
    option: str,
    value: str,
    quiet_place: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = _argv(path, quiet_place, option, value)
    if path in PARSE_ONLY:
        argv.append("--no-such-option")  # stop after parsing: the value must parse or fail
    try:
        code, _, err = run(monkeypatch, capsys, *argv)
    except ServerStartedError:
        return  # a value a server can take (a host, a database URL that opens)
    # 0-2: the value was acceptable (a free-text option), the command ran and answered.
    _assert_clear(code, err, {0, 1, 2, EXIT_ERROR, EXIT_USAGE})
