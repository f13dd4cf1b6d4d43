"""Language identification on short support replies in seven languages: reliable from the
length `personalisation.language` judges, and never confidently wrong below it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from trustdesk.checks.personalisation.language import CUSTOMER_MIN_CONFIDENCE, MIN_CHARS
from trustdesk.checks.personalisation.language import MIN_CONFIDENCE as REPLY_MIN_CONFIDENCE
from trustdesk.text.language import base_code, identify

SCRIPT = Path(__file__).resolve().parents[2] / "evals" / "language_length.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("language_length_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first: its dataclasses look their module up while being defined.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_replies_are_identified_from_the_checks_minimum_length(script: ModuleType) -> None:
    replies = script.load()
    assert {language for language, _ in replies} == {"en", "es", "fr", "de", "pt", "it", "nl"}
    (row,) = script.measure(replies, (MIN_CHARS,))
    assert row.accuracy == 1.0


def test_wrong_guesses_on_shorter_text_stay_below_the_confidence_used(script: ModuleType) -> None:
    for row in script.measure(script.load(), (15, 20, 25, 30)):
        assert row.worst_wrong_confidence < min(REPLY_MIN_CONFIDENCE, CUSTOMER_MIN_CONFIDENCE)


@pytest.mark.parametrize("text", ["OK", "Hi!", "Thanks", "#12345", "Danke", "Merci"])
def test_greetings_and_numbers_are_not_confident(text: str) -> None:
    assert identify(text).confidence < REPLY_MIN_CONFIDENCE


@pytest.mark.parametrize(("tag", "code"), [("en-GB", "en"), ("pt_BR", "pt"), (" ES ", "es")])
def test_base_code(tag: str, code: str) -> None:
    assert base_code(tag) == code
