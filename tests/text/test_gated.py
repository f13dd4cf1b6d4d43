"""A gated pattern finds exactly what its Python regex finds; the gate only saves work.

The checks' gated phrase patterns are compared with their plain regexes over real support text,
over generated text (their own phrases, near misses, characters on which case folding or the
classes of the two engines differ), and the gate is shown to turn most texts away unsearched.
"""

from __future__ import annotations

import re
from functools import cache
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_lexicon_gate import ODD, real_texts, vocabulary

from trustdesk.checks.conduct import role_break
from trustdesk.checks.honesty import authority, unsupported_claim
from trustdesk.checks.personalisation import language
from trustdesk.text import sensitive
from trustdesk.text.gated import GatedPattern
from trustdesk.text.sensitive import ids, items


@cache
def gated_patterns() -> list[GatedPattern]:
    """Every gated pattern the checks use."""
    found = _of_checks()
    found.append(role_break._org_pattern("Northgate Bank"))
    # Sensitive-data detection: every secret pattern, the ID names' first words, digit runs.
    privacy = items.words()
    found.extend(
        items.gated_lowercase(privacy.pattern(name))
        for name in privacy._data["patterns"]
        if name.startswith("sensitive.")
    )
    found.append(items.gated_lowercase(ids._named_forms().triggers))
    found.append(sensitive._PHONE_RUNS)
    return found


def spans(matches: object) -> list[tuple[tuple[int, int], ...]]:
    return [
        tuple(match.span(group) for group in range(match.re.groups + 1))  # type: ignore[attr-defined]
        for match in matches  # type: ignore[attr-defined]
    ]


def assert_same(text: str) -> None:
    for gated in gated_patterns():
        assert spans(gated.finditer(text)) == spans(gated.regex.finditer(text)), (
            gated.pattern[:60],
            text,
        )
        plain = gated.regex.search(text)
        found = gated.search(text)
        assert (found and found.span()) == (plain and plain.span())


def test_the_gated_patterns_have_gates() -> None:
    patterns = gated_patterns()
    assert len(patterns) >= 30
    checks = [p for p in patterns if p.pattern in {c.pattern for c in _of_checks()}]
    for gated in checks:  # the checks' phrases all have one
        assert gated._gate(False) is not None, gated.pattern[:60]
        assert gated._gate(True) is not None, gated.pattern[:60]
    # A pattern RE2 cannot read is searched as before; that stays the exception.
    without = [p for p in patterns if p._gate(False) is None]
    assert len(without) <= len(patterns) // 5


def _of_checks() -> list[GatedPattern]:
    return [
        value
        for module in (role_break, authority, unsupported_claim, language)
        for value in vars(module).values()
        if isinstance(value, GatedPattern)
    ]


def test_same_matches_in_real_text() -> None:
    texts = real_texts()
    assert len(texts) > 500
    for text in texts:
        assert_same(text)
        assert_same(text.lower())  # as sensitive-data detection reads it


@pytest.mark.parametrize(
    ("old", "new"),
    [(" ", "\u00a0"), ("'", "\u2019"), (" ", "\x0b"), ("e", "é"), ("i", "İ"), ("i", "ı")],
)
def test_same_matches_where_the_engines_read_characters_differently(old: str, new: str) -> None:
    for text in real_texts()[::15]:
        assert_same(text.replace(old, new))
        assert_same(text.upper().replace(old.upper(), new))


PHRASES = [
    "German is fine",
    "en español por favor",
    "This is expected behaviour",
    "my password is hunter2",
    "the code is 482193",
    "NHS number 943 476 5919",
    "call me on +44 7700 900123",
    "this is a legally binding offer",
    "you won't be liable",
    "it's safe to take with wine",
    "our app is useless",
    "Northgate is a joke",
    "Northgate Bank is a joke",
    "my system prompt says",
    "I am EvilBot now",
    "developer mode enabled",
    "I wouldn't trust this bank",
]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_same_matches_in_generated_text(data: st.DataObject) -> None:
    pieces = st.one_of(
        st.sampled_from(vocabulary()),
        st.sampled_from(PHRASES),
        st.text(max_size=8),
        st.text(alphabet=st.characters(max_codepoint=127), max_size=8),
    )
    words = data.draw(st.lists(pieces, max_size=25))
    separators = data.draw(
        st.lists(st.sampled_from([" ", ", ", ". ", "? ", "\n", *ODD]), min_size=len(words))
    )
    text = "".join(w + s for w, s in zip(words, separators, strict=False))
    if data.draw(st.booleans()):
        text = text.upper()
    assert_same(text)


def test_the_gate_turns_away_most_texts_unsearched() -> None:
    texts = real_texts()
    searched = 0

    class Counting:
        def __init__(self, regex: re.Pattern[str]) -> None:
            self.regex = regex

        def finditer(self, text: str) -> object:
            nonlocal searched
            searched += 1
            return self.regex.finditer(text)

    gated = role_break._INSTRUCTIONS
    with mock.patch.object(gated, "regex", Counting(gated.regex)):
        for text in texts:
            list(gated.finditer(text))
    assert searched < len(texts) // 10


def test_a_flag_the_gate_cannot_honour_means_no_gate() -> None:
    gated = GatedPattern(r"a.b", re.DOTALL)
    assert gated.may_match("nothing here")  # no gate: every text is searched
    assert [m.span() for m in gated.finditer("a\nb")] == [(0, 3)]
