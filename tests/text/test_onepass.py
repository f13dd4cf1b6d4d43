"""One scan per message screens every lexicon: a shortcut that must never change a hit.

Every built-in lexicon's hits through a `LexiconSet` (one `re2.Set` scan of the message, then
the exact regexes of the lexicons whose gates fired) are compared with its own scan, over real
support text, over generated text (ASCII, beyond ASCII, built from the lexicons' own phrases
and from near misses of them), and over the characters on which lower-casing or case folding
could part the engines. Work is counted, never timed.
"""

from __future__ import annotations

import pickle
import random
import re
from datetime import time
from functools import cache
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_lexicon_gate import ODD, real_texts, vocabulary

from trustdesk.policy.schema import BusinessHours
from trustdesk.text import lexicon as lexicon_module
from trustdesk.text import onepass
from trustdesk.text.analysis import AnalysisContext, MessageAnalysis
from trustdesk.text.lexicon import Lexicon, _patterns
from trustdesk.text.onepass import LexiconSet, lexicon_set
from trustdesk.text.wordlists import data_files, load

HOURS = BusinessHours(end=time(17))


@cache
def builtin_lexicons() -> list[Lexicon]:
    """Every lexicon shipped as package data, once each."""
    return [
        load(family).lexicon(name)
        for family in data_files()
        for name in load(family).lexicon_names()
    ]


@cache
def every_lexicon() -> LexiconSet:
    return lexicon_set(builtin_lexicons())


@cache
def context() -> AnalysisContext:
    return AnalysisContext(tz=ZoneInfo("UTC"), business_hours=HOURS, lexicons=every_lexicon())


def assert_same_hits(text: str) -> None:
    analysis = MessageAnalysis(text, None, context())
    for lexicon in builtin_lexicons():
        assert analysis.hits(lexicon) == lexicon.scan(text), (lexicon.name, text)


@cache
def phrases() -> list[str]:
    """Text that each entry of the lexicons matches, written out from its pattern: literal
    runs of the entry with each group taking its first alternative."""
    found: list[str] = []
    for lexicon in builtin_lexicons():
        for _, pattern in _patterns(lexicon.entries):
            text = _first_reading(pattern)
            if text:
                found.append(text)
    return found


def _first_reading(pattern: str) -> str:
    # Drop lookarounds and assertions, keep the first branch of each group, read escapes and
    # classes as one of their characters.
    out = re.sub(r"\(\?<?[=!][^()]*\)", "", pattern)
    out = re.sub(r"\\[bB]|[\^$]", "", out)
    for _ in range(6):
        out = re.sub(r"\((?:\?(?:-?i)?:)?([^()|]*)(?:\|[^()]*)?\)", r"\1", out)
    out = re.sub(r"\[\^?([^\]])[^\]]*\]", r"\1", out)
    out = re.sub(r"\\[sW]", " ", out).replace(r"\w", "x").replace(r"\d", "4")
    out = re.sub(r"\\(.)", r"\1", out)
    out = re.sub(r"\{\d*,?\d*\}|[?*+]", "", out)
    return out if "(" not in out and ")" not in out else ""


def _near_miss(phrase: str, rng: random.Random) -> str:
    """`phrase` with one small change: a letter dropped, doubled, swapped or put in upper
    case, or a space made a non-breaking one."""
    if not phrase:
        return phrase
    i = rng.randrange(len(phrase))
    change = rng.randrange(5)
    if change == 0:
        return phrase[:i] + phrase[i + 1 :]
    if change == 1:
        return phrase[:i] + phrase[i] * 2 + phrase[i + 1 :]
    if change == 2 and i + 1 < len(phrase):
        return phrase[:i] + phrase[i + 1] + phrase[i] + phrase[i + 2 :]
    if change == 3:
        return phrase[:i] + phrase[i:].upper()
    return phrase.replace(" ", "\u00a0", 1)


def test_the_set_screens_every_builtin_lexicon() -> None:
    names = {lexicon.name for lexicon in builtin_lexicons()}
    # All but a few: a lexicon without a gate is allowed, but stays the exception.
    assert len(names - every_lexicon().screened) <= len(names) // 10


def test_one_pass_finds_exactly_what_each_lexicon_finds_in_real_text() -> None:
    texts = real_texts()
    assert len(texts) > 500
    for text in texts:
        assert_same_hits(text)


def test_one_pass_agrees_on_the_lexicons_own_phrases_and_near_misses() -> None:
    rng = random.Random(19)
    found = phrases()
    assert len(found) > 300
    hits = 0
    for phrase in found:
        for text in (phrase, _near_miss(phrase, rng), f"Well, {phrase.upper()}!", f"x{phrase}y"):
            assert_same_hits(text)
        hits += sum(bool(lexicon.scan(phrase)) for lexicon in builtin_lexicons())
    assert hits > len(found) // 2  # the phrases do hit their lexicons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (" ", "\u00a0"),
        ("'", "\u2019"),
        (" ", "\x0b"),
        ("e", "é"),
        ("i", "İ"),
        ("i", "ı"),
        ("s", "ſ"),
        ("k", "\u212a"),
        ("a", "Å"),
    ],
)
def test_one_pass_agrees_where_case_and_classes_differ(old: str, new: str) -> None:
    for text in real_texts()[::15]:
        assert_same_hits(text.replace(old, new))
        assert_same_hits(text.upper().replace(old.upper(), new))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_one_pass_agrees_on_generated_text(data: st.DataObject) -> None:
    pieces = st.one_of(
        st.sampled_from(vocabulary()),
        st.sampled_from(phrases()),
        st.text(max_size=8),
        st.text(alphabet=st.characters(max_codepoint=127), max_size=8),
    )
    words = data.draw(st.lists(pieces, max_size=25))
    separators = data.draw(
        st.lists(st.sampled_from([" ", " ", ", ", ". ", "? ", "\n", *ODD]), min_size=len(words))
    )
    text = "".join(w + s for w, s in zip(words, separators, strict=False))
    if data.draw(st.booleans()):
        text = text.upper()
    assert_same_hits(text)


def test_a_message_is_scanned_once_however_many_lexicons_ask() -> None:
    lexicons = builtin_lexicons()
    sets = 0
    real = onepass._Gates.fired

    def counting(self: onepass._Gates, lower: str) -> frozenset[str]:
        nonlocal sets
        sets += 1
        return real(self, lower)

    texts = [t for t in real_texts()[:300] if every_lexicon().fired(t, t.lower()) is not None]
    own_gate = AssertionError("a screened lexicon asked its own gate")
    with (
        mock.patch.object(onepass._Gates, "fired", counting),
        mock.patch.object(lexicon_module, "_ascii_semantics", side_effect=own_gate),
    ):
        for text in texts:
            analysis = MessageAnalysis(text, None, context())
            for lexicon in lexicons:
                if every_lexicon().covers(lexicon):
                    analysis.hits(lexicon)
    assert len(texts) > 200
    assert sets == len(texts)


def test_a_lexicon_whose_gate_did_not_fire_does_no_work() -> None:
    text = "Thanks, the parcel arrived this morning."
    fired = every_lexicon().fired(text, text.lower())
    assert fired is not None and fired  # some lexicons may match, most may not
    idle = [lx for lx in builtin_lexicons() if every_lexicon().covers(lx) and lx.name not in fired]
    assert len(idle) > len(builtin_lexicons()) // 2
    analysis = MessageAnalysis(text, None, context())
    with (
        mock.patch.object(lexicon_module, "_ascii_semantics") as read,
        mock.patch.object(Lexicon, "scanner") as scanner,
    ):
        assert all(analysis.hits(lexicon) == [] for lexicon in idle)
    read.assert_not_called()
    scanner.assert_not_called()


@pytest.mark.parametrize("odd", ["ı", "ſ", "\u212a", "İ", "\ud800"])
def test_texts_the_set_cannot_screen_go_lexicon_by_lexicon(odd: str) -> None:
    text = f"Sorry, it{odd} still does not work"
    assert every_lexicon().fired(text, text.lower()) is None
    if odd != "\ud800":  # no lexicon reads a lone surrogate either
        assert_same_hits(text)


def test_a_lexicon_outside_the_set_scans_on_its_own() -> None:
    own = Lexicon("own", {"sorry": r"\bsorry\b"}, lowercase=True)
    twin = Lexicon(builtin_lexicons()[0].name, {"other": r"\bother\b"})
    assert not every_lexicon().covers(own)
    assert not every_lexicon().covers(twin)  # same name, other entries
    analysis = MessageAnalysis("Sorry, other one", None, context())
    assert [hit.text for hit in analysis.hits(own)] == ["Sorry"]
    assert [hit.text for hit in analysis.hits(twin)] == ["other"]


def test_two_lexicons_of_one_name_with_different_entries_are_refused() -> None:
    with pytest.raises(ValueError, match="two different lexicons"):
        LexiconSet([Lexicon("x", {"a": "a"}), Lexicon("x", {"b": "b"})])


def test_engines_with_the_same_lexicons_share_one_compiled_set() -> None:
    lexicons = builtin_lexicons()[:5]
    assert lexicon_set(lexicons) is lexicon_set(list(reversed(lexicons)))


def test_an_analysis_pickles_without_its_set_and_keeps_its_hits() -> None:
    text = "Thanks, it's sorted now"
    analysis = MessageAnalysis(text, None, context())
    found = {lexicon.name: analysis.hits(lexicon) for lexicon in builtin_lexicons()}
    copy = pickle.loads(pickle.dumps(analysis))
    assert copy.context.lexicons is None
    assert copy.context == analysis.context
    assert {lexicon.name: copy.hits(lexicon) for lexicon in builtin_lexicons()} == found


def test_sentiment_and_acknowledgements_read_from_the_scan_are_the_same() -> None:
    from trustdesk.text.acknowledgement import acknowledgements, acknowledgements_in
    from trustdesk.text.sentiment import score

    texts = [*real_texts(), "We’re so sorry, @Northgate is awful https://x.example/a"]
    for text in texts:
        analysis = MessageAnalysis(text, None, context())
        screened, alone = analysis.sentiment, score(text)
        assert (screened.cues, screened.problems, screened.praise) == (
            alone.cues,
            alone.problems,
            alone.praise,
        ), text
        assert acknowledgements_in(analysis) == acknowledgements(text), text
