"""Load a policy from YAML, naming the file, line and field of any mistake."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from trustdesk.errors import PolicyError
from trustdesk.policy.schema import FACT_KINDS, Policy

DEFAULT_POLICY_RESOURCE = "default.yaml"


def _line_map(node: yaml.Node, path: tuple[str, ...], out: dict[tuple[str, ...], int]) -> None:
    """Record the 1-based line of every mapping key and sequence item under `node`."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            out[child] = key_node.start_mark.line + 1
            _line_map(value_node, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, str(index))
            out[child] = item.start_mark.line + 1
            _line_map(item, child, out)


def policy_from_yaml(text: str, *, source: str = "<policy>") -> Policy:
    """Parse and validate policy YAML; raise PolicyError with file, line and field."""
    try:
        return _policy_from_yaml(text, source)
    except RecursionError:
        raise PolicyError("nested too deeply to be a policy", source=source) from None


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """What is wrong in a YAML text, on one line, and the line it is on (if known)."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    # A reader error's text spans lines ("... not allowed\n  in <unicode string>"): one line.
    return " ".join(str(problem).split()).split(' in "<unicode string>"')[0], line


def _policy_from_yaml(text: str, source: str) -> Policy:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise PolicyError(f"not valid YAML: {problem}", source=source, line=line) from None
    lines: dict[tuple[str, ...], int] = {}
    if root is not None:
        _line_map(root, (), lines)
    return policy_from_dict(data if data is not None else {}, source=source, lines=lines)


def policy_from_dict(
    data: Mapping[str, Any],
    *,
    source: str = "<policy>",
    lines: dict[tuple[str, ...], int] | None = None,
) -> Policy:
    lines = lines or {}
    if not isinstance(data, Mapping):
        raise PolicyError("a policy must be a mapping of settings", source=source, line=1)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        # Discriminated unions add the tag to the location ("facts.0.duration.min"): drop it.
        raw = error["loc"]
        if len(raw) > 2 and raw[0] == "facts" and raw[2] in FACT_KINDS:
            raw = raw[:2] + raw[3:]
        # A mapping's bad key ("by_author.customer.[key]") is named by the key itself.
        loc = tuple(str(part) for part in raw if part != "[key]")
        line = None
        probe = loc
        while probe and line is None:
            line = lines.get(probe)
            probe = probe[:-1]
        message = error["msg"].removeprefix("Value error, ")
        raise PolicyError(message, source=source, line=line, field=".".join(loc) or None) from None
    policy._source = source
    policy._lines = lines
    return policy


def load_policy(path: str | Path | None = None) -> Policy:
    """Load a policy file, or the default policy shipped with trustdesk when `path` is None."""
    if path is None:
        return default_policy()
    return policy_from_yaml(policy_text(path), source=str(path))


def policy_text(path: str | Path | None = None) -> str:
    """The YAML text of a policy file, or of the default policy when `path` is None."""
    if path is None:
        return default_policy_text()
    file = Path(path)
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError("file not found", source=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read the file: {exc}", source=str(file)) from None


@functools.cache
def default_policy_text() -> str:
    """The commented YAML of the policy that ships with trustdesk."""
    return resources.files("trustdesk.policy").joinpath(DEFAULT_POLICY_RESOURCE).read_text("utf-8")


@functools.cache
def default_policy() -> Policy:
    """The policy that ships with trustdesk; also a commented example of every setting."""
    return policy_from_yaml(default_policy_text(), source="default policy")
