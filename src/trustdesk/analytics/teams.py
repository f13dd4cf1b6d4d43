"""Which team an agent belongs to: a small YAML or JSON file, given with `--teams FILE`.

    teams:
      Billing: [agent:priya, agent:owen]
      Delivery: [agent:nadia, agent:leon]

Authors are the `author` of agent and bot messages. An author may be in one team only;
authors not listed are reported under "(no team)".
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trustdesk.errors import InputError

NO_TEAM = "(no team)"


class _TeamsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    teams: dict[str, list[str]] = Field(min_length=1)


def load_teams(path: str | Path) -> dict[str, str]:
    """Author -> team, from a teams file; an InputError names the file and what is wrong."""
    source = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the teams file: {exc.strerror}", source=source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError("not valid YAML or JSON", source=source, line=line) from None
    try:
        parsed = _TeamsFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        raise InputError(first["msg"], source=source, field=field) from None
    members: dict[str, str] = {}
    for team, authors in parsed.teams.items():
        for author in authors:
            if author in members and members[author] != team:
                raise InputError(
                    f"{author!r} is in two teams ({members[author]!r} and {team!r})",
                    source=source,
                    field=f"teams.{team}",
                )
            members[author] = team
    return members
