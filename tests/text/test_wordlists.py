"""The word lists shipped as package data: every file loads with its card, every lexicon and
pattern compiles, and no built-in phrase list is left in code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import trustdesk
from trustdesk.text.wordlists import CARD_FIELDS, WordListError, _fill, data_files, load

SOURCE = Path(trustdesk.__file__).parent
# Where a Lexicon may be built from something other than a data file: the class itself.
LEXICON_HOMES = {SOURCE / "text" / "lexicon.py"}


def test_the_families_ship_with_the_package() -> None:
    assert {
        "acknowledgement",
        "autonomy",
        "commitments",
        "honesty",
        "privacy",
        "promises",
        "promotion",
        "resolution",
        "respect",
        "responsiveness",
        "sentiment",
        "time",
        "transparency",
    } <= set(data_files())


@pytest.mark.parametrize("family", data_files())
def test_every_file_loads_with_its_card(family: str) -> None:
    words = load(family)
    assert set(words.card) == set(CARD_FIELDS)
    assert words.card["source"] == "written for trustdesk"
    assert "Apache-2.0" in words.card["licence"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", words.card["date"])
    assert len(words.card["holds"]) > 40


@pytest.mark.parametrize("family", data_files())
def test_every_lexicon_and_pattern_compiles(family: str) -> None:
    words = load(family)
    for name in words.lexicon_names():
        lexicon = words.lexicon(name)
        assert lexicon.name == name
        assert lexicon.labels
        lexicon.scanner()
        lexicon.gate(wide=False)
        lexicon.gate(wide=True)
        assert isinstance(lexicon.scan("We're sorry, this is the third time. Thanks!"), list)
    for name in words._data.get("patterns", {}):
        re.compile(words.pattern(name))
    for name in words._data.get("labelled", {}):
        for patterns in words.labelled(name).values():
            for pattern in [patterns] if isinstance(patterns, str) else patterns:
                re.compile(pattern)
    for name in words._data.get("words", {}):
        assert words.words(name)


def test_every_file_is_read_by_the_code() -> None:
    code = "\n".join(path.read_text(encoding="utf-8") for path in SOURCE.rglob("*.py"))
    unread = [family for family in data_files() if f'load("{family}")' not in code]
    assert unread == []


def test_a_fragment_is_written_out_and_an_unknown_one_is_an_error() -> None:
    assert _fill(r"\b{feeling}\b{0,2}", {"feeling": "(?:sad|cross)"}, "x") == (
        r"\b(?:sad|cross)\b{0,2}"
    )
    with pytest.raises(WordListError, match="unknown fragment"):
        _fill(r"\b{nothing}\b", {}, "test.yaml")


def test_an_unknown_name_names_its_file() -> None:
    with pytest.raises(KeyError, match=r"sentiment\.yaml has no lexicon 'nothing'"):
        load("sentiment").lexicon("nothing")


def literal_lexicons(path: Path) -> list[int]:
    """Lines where `path` builds a Lexicon from patterns written in the code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        if name == "Lexicon" and any(isinstance(a, ast.Dict | ast.DictComp) for a in arguments):
            lines.append(node.lineno)
    return lines


def test_no_phrase_list_is_left_in_code() -> None:
    # A built-in phrase goes in data/lexicons/<family>.yaml (docs/adding-a-check.md).
    found = {
        str(path.relative_to(SOURCE)): lines
        for path in sorted(SOURCE.rglob("*.py"))
        if path not in LEXICON_HOMES and (lines := literal_lexicons(path))
    }
    assert found == {}
    assert not list(SOURCE.rglob("*_phrases.py"))
