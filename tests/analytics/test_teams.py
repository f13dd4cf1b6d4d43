"""Teams files: the mapping, and one clear error for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustdesk.analytics.teams import load_teams
from trustdesk.errors import InputError


def test_teams_map_authors(tmp_path: Path) -> None:
    path = tmp_path / "teams.yaml"
    path.write_text("teams:\n  Billing: [agent:priya, agent:owen]\n  Returns: [agent:leon]\n")
    assert load_teams(path) == {
        "agent:priya": "Billing",
        "agent:owen": "Billing",
        "agent:leon": "Returns",
    }


def test_json_works_too(tmp_path: Path) -> None:
    path = tmp_path / "teams.json"
    path.write_text('{"teams": {"Billing": ["agent:priya"]}}')
    assert load_teams(path) == {"agent:priya": "Billing"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("teams:\n  A: [x]\n  B: [x]\n", "'x' is in two teams"),
        ("team:\n  A: [x]\n", "team"),
        ("teams: [a, b\n", "not valid YAML or JSON"),
        ("teams:\n  A: x\n", "teams.A"),
    ],
)
def test_mistakes_are_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "teams.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as error:
        load_teams(path)
    assert str(path) in str(error.value)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the teams file"):
        load_teams(tmp_path / "nope.yaml")
