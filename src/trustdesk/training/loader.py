"""Read scenario files (YAML or JSONL), naming the file, line and field of any mistake.

A YAML file holds `scenarios:` (a list) or one scenario on its own; a JSONL file holds one
scenario per line. The scenarios shipped with trustdesk are package data
(`trustdesk/data/scenarios/*.yaml`); an organisation adds its own files beside them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from trustdesk.errors import InputError

# The policy's YAML readers serve any YAML file.
from trustdesk.policy.loader import _line_map, yaml_problem
from trustdesk.training.scenario import Scenario, ScenarioFile

SHIPPED = "shipped"


def scenarios_from_yaml(text: str, *, source: str = "<scenarios>") -> list[Scenario]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise InputError(f"not valid YAML: {problem}", source=source, line=line) from None
    except RecursionError:
        raise InputError("nested too deeply to be a scenario file", source=source) from None
    lines: dict[tuple[str, ...], int] = {}
    if root is not None:
        _line_map(root, (), lines)
    if isinstance(data, Mapping) and "scenarios" not in data:
        data = {"scenarios": [data]}
        lines = {("scenarios", "0", *path): line for path, line in lines.items()}
    return _validate(data, source=source, lines=lines)


def scenarios_from_jsonl(text: str, *, source: str = "<scenarios>") -> list[Scenario]:
    items: list[Any] = []
    lines: dict[tuple[str, ...], int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", source=source, line=number) from None
        lines[("scenarios", str(len(items)))] = number
        items.append(item)
    return _validate({"scenarios": items}, source=source, lines=lines)


def _validate(data: Any, *, source: str, lines: Mapping[tuple[str, ...], int]) -> list[Scenario]:
    if not isinstance(data, Mapping):
        raise InputError("a scenario file holds `scenarios:` or one scenario", source=source)
    try:
        parsed = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(str(part) for part in error["loc"])
        line = None
        probe = loc
        while probe and line is None:
            line = lines.get(probe)
            probe = probe[:-1]
        message = error["msg"].removeprefix("Value error, ")
        field = _field_name(data, loc)
        raise InputError(message, source=source, line=line, field=field) from None
    return parsed.scenarios


def _field_name(data: Mapping[str, Any], loc: tuple[str, ...]) -> str | None:
    """The failing field, led by the scenario's id where it has one (`refund-grief: title`)."""
    if len(loc) >= 2 and loc[0] == "scenarios" and loc[1].isdigit():
        items = data.get("scenarios")
        index = int(loc[1])
        if isinstance(items, list) and index < len(items) and isinstance(items[index], Mapping):
            ident = items[index].get("id")
            rest = ".".join(loc[2:])
            if isinstance(ident, str) and ident:
                return f"{ident}: {rest}" if rest else ident
    return ".".join(loc) or None


def load_scenarios(path: str | Path) -> list[Scenario]:
    """The scenarios of one file (`.yaml`, `.yml` or `.jsonl`)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", source=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the file: {exc}", source=str(file)) from None
    if file.suffix.lower() == ".jsonl":
        return scenarios_from_jsonl(text, source=str(file))
    return scenarios_from_yaml(text, source=str(file))


def load_many(paths: Iterable[str | Path]) -> list[Scenario]:
    """The scenarios of several files, refusing an id given twice."""
    found: dict[str, Scenario] = {}
    for path in paths:
        for scenario in load_scenarios(path):
            if scenario.id in found:
                raise InputError(f"the scenario id {scenario.id!r} is used twice", source=str(path))
            found[scenario.id] = scenario
    return list(found.values())


@functools.cache
def _shipped() -> tuple[Scenario, ...]:
    folder = resources.files("trustdesk").joinpath("data", "scenarios")
    found: dict[str, Scenario] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        source = f"scenarios/{entry.name}"
        for scenario in scenarios_from_yaml(entry.read_text("utf-8"), source=source):
            if scenario.id in found:
                raise InputError(f"the scenario id {scenario.id!r} is used twice", source=source)
            found[scenario.id] = scenario.model_copy(update={"origin": SHIPPED})
    return tuple(found.values())


def shipped_scenarios() -> list[Scenario]:
    """The scenarios that ship with trustdesk, in file order."""
    return list(_shipped())
