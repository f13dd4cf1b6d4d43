"""The word lists and patterns trustdesk ships as package data, one file per family of use.

Every built-in phrase lives in `trustdesk/data/lexicons/<family>.yaml`; the code that reads a
family keeps only the logic. A file holds a `card` (what it holds, source, licence, date) and
any of these sections:

- `fragments`: named pieces, written `{name}` inside any pattern of the file (and of later
  fragments), so a long alternation is spelt once;
- `lexicons`: `Lexicon`s by name, each with its `entries` (label: patterns) and `lowercase`;
- `labelled`: label: patterns tables that a module combines its own way;
- `patterns`: single patterns a module compiles with its own flags;
- `words`: plain word lists;
- `tables`: small mappings (word: value).

YAML keeps regexes readable (no doubled backslashes, comments beside the phrases) and its C
loader reads a family in about a millisecond. A file is read on first use and kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from trustdesk.text.lexicon import Lexicon

CARD_FIELDS = ("holds", "source", "licence", "date")
SECTIONS = frozenset({"card", "fragments", "lexicons", "labelled", "patterns", "words", "tables"})
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class WordListError(ValueError):
    """A shipped word-list file is malformed (a packaging bug, never a user's mistake)."""


@dataclass(frozen=True, slots=True)
class WordLists:
    """One family's data file, its fragments already written into every pattern."""

    family: str
    card: Mapping[str, str]
    _data: Mapping[str, Any]

    def lexicon(self, name: str) -> Lexicon:
        """The lexicon `name` (not yet compiled: it compiles on its first scan)."""
        spec = self._section("lexicons", name)
        return Lexicon(name, spec["entries"], lowercase=bool(spec.get("lowercase", False)))

    def lexicon_names(self) -> list[str]:
        return list(self._data.get("lexicons", {}))

    def labelled(self, name: str) -> dict[str, list[str]]:
        """A label: patterns table, in file order."""
        table: dict[str, list[str]] = self._section("labelled", name)
        return table

    def pattern(self, name: str) -> str:
        found: str = self._section("patterns", name)
        return found

    def words(self, name: str) -> list[str]:
        found: list[str] = self._section("words", name)
        return found

    def table(self, name: str) -> dict[str, Any]:
        found: dict[str, Any] = self._section("tables", name)
        return found

    def _section(self, section: str, name: str) -> Any:
        try:
            return self._data[section][name]
        except KeyError:
            raise KeyError(f"{self.family}.yaml has no {section[:-1]} {name!r}") from None


def data_files() -> list[str]:
    """The families shipped with the package, by name."""
    folder = resources.files("trustdesk").joinpath("data", "lexicons")
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


@functools.cache
def load(family: str) -> WordLists:
    """The family's word lists, read and checked on first use, then kept."""
    source = resources.files("trustdesk").joinpath("data", "lexicons", f"{family}.yaml")
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)  # safe loader
    where = f"{family}.yaml"
    if not isinstance(data, dict) or not set(data) <= SECTIONS:
        raise WordListError(f"{where}: expected a mapping of {sorted(SECTIONS)}")
    card = data.get("card")
    if not isinstance(card, dict) or any(not isinstance(card.get(f), str) for f in CARD_FIELDS):
        raise WordListError(f"{where}: the card needs {', '.join(CARD_FIELDS)}")
    fragments: dict[str, str] = {}
    for name, piece in (data.get("fragments") or {}).items():
        fragments[name] = _fill(_text(piece, f"{where}: fragment {name}"), fragments, where)
    expanded = {
        section: _expand(data[section], fragments, f"{where}: {section}")
        for section in ("lexicons", "labelled", "patterns")
        if section in data
    }
    for section in ("words", "tables"):
        if section in data:
            expanded[section] = data[section]
    for name, spec in expanded.get("lexicons", {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("entries"), dict):
            raise WordListError(f"{where}: lexicon {name} needs entries")
    for name, words in expanded.get("words", {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise WordListError(f"{where}: words {name} must be a list of strings")
    return WordLists(family, card, expanded)


def _expand(node: Any, fragments: Mapping[str, str], where: str) -> Any:
    """`node` with every `{fragment}` in its strings written out (lexicon flags kept)."""
    if isinstance(node, str):
        return _fill(node, fragments, where)
    if isinstance(node, list):
        return [_fill(_text(item, where), fragments, where) for item in node]
    if isinstance(node, dict):
        return {
            key: value if isinstance(value, bool) else _expand(value, fragments, f"{where}.{key}")
            for key, value in node.items()
        }
    raise WordListError(f"{where}: expected text, a list or a mapping, not {node!r}")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise WordListError(f"{where}: expected text, not {value!r} (quote it)")
    return value


def _fill(pattern: str, fragments: Mapping[str, str], where: str) -> str:
    def piece(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise WordListError(f"{where}: unknown fragment {{{name}}}")
        return fragments[name]

    return _PLACEHOLDER.sub(piece, pattern)
