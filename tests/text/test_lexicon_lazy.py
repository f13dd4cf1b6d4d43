"""A lexicon compiles each part when a scan first needs it, once, even when threads scan it
together."""

from __future__ import annotations

import threading
from unittest import mock

from trustdesk.text import lexicon as lexicon_module
from trustdesk.text.lexicon import Lexicon


def test_making_a_lexicon_compiles_nothing() -> None:
    with (
        mock.patch.object(lexicon_module, "_compile_scanner") as scanner,
        mock.patch.object(lexicon_module, "_compile_gate") as gate,
    ):
        lexicon = Lexicon("lazy", {"greeting": [r"\bhello\b"], "farewell": r"\bbye\b"})
    scanner.assert_not_called()
    gate.assert_not_called()
    assert lexicon.labels == {"greeting", "farewell"}


def test_a_text_the_gate_turns_away_compiles_only_that_gate() -> None:
    lexicon = Lexicon("gated", {"greeting": r"\bhello\b"})
    assert lexicon.scan("nothing to see") == []
    assert lexicon._scanner is None
    assert list(lexicon._gates) == [False]
    assert [hit.text for hit in lexicon.scan("Hello there")] == ["Hello"]
    assert lexicon._scanner is not None


def test_a_broken_pattern_fails_on_first_scan_not_when_declared() -> None:
    lexicon = Lexicon("broken", {"bad": r"(unclosed"})
    try:
        lexicon.scan("text")
    except lexicon_module.re.error:
        pass
    else:  # pragma: no cover - the pattern is invalid
        raise AssertionError("an invalid pattern must fail when scanned")


def test_threads_scanning_at_once_compile_it_once_and_agree() -> None:
    lexicon = Lexicon("threads", {"sorry": [r"\bsorry\b", r"\bapologi[sz]e\b"]}, lowercase=True)
    calls = 0
    real = lexicon_module._compile_scanner

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    start = threading.Barrier(8)
    results: list[list[str]] = []

    def scan() -> None:
        start.wait()
        results.append([hit.text for hit in lexicon.scan("Sorry! We apologise, sorry.")])

    with mock.patch.object(lexicon_module, "_compile_scanner", counting):
        threads = [threading.Thread(target=scan) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert calls == 1
    assert results == [["Sorry", "apologise", "sorry"]] * 8
