"""benchmarks/pii_baseline.py, the PII-only scanner the audit's speed is measured against: it
finds what it claims to (so the yardstick does real work), and the benchmark step that runs it
beside the audit gives its rows."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    """The benchmarks' folder on the path (its modules import one another by bare name)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import pii_baseline

        yield pii_baseline
    finally:
        sys.path.remove(str(BENCHMARKS))


def kinds(bench: ModuleType, text: str) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in bench.scan(text)]


def test_a_luhn_valid_card_is_found_and_an_invalid_one_is_not(bench: ModuleType) -> None:
    assert bench.luhn_valid("4111111111111111")
    assert not bench.luhn_valid("4111111111111112")
    assert kinds(bench, "My card is 4111 1111 1111 1111, expiry 09/27.") == [
        ("card", "4111 1111 1111 1111")
    ]
    # One digit off: no card, and not a phone number either (16 digits is too many).
    assert kinds(bench, "My card is 4111 1111 1111 1112, expiry 09/27.") == []


def test_an_iban_is_found_only_with_valid_check_digits(bench: ModuleType) -> None:
    assert kinds(bench, "Pay into GB82 WEST 1234 5698 7654 32 please") == [
        ("iban", "GB82 WEST 1234 5698 7654 32")
    ]
    # (Its digits still look like a phone number to a scanner this plain.)
    assert "iban" not in dict(kinds(bench, "Pay into GB83 WEST 1234 5698 7654 32 please"))


def test_e_mail_addresses_and_phone_numbers_are_found(bench: ModuleType) -> None:
    text = "Write to sam.51@mail.example.org or call +44 7700 900123 about order #482913."
    assert kinds(bench, text) == [
        ("email", "sam.51@mail.example.org"),
        ("phone", "+44 7700 900123"),
    ]


def test_the_generated_corpus_gives_the_scanner_every_kind(bench: ModuleType) -> None:
    from corpus import generate_corpus

    texts = [m["text"] for c in generate_corpus(3000, seed=7) for m in c["messages"]]
    found = {match.kind for text in texts for match in bench.scan(text)}
    assert found == {"email", "phone", "card", "iban"}


@pytest.mark.slow  # builds an engine with every check
def test_the_benchmark_step_puts_the_audit_beside_the_scanner(bench: ModuleType) -> None:
    import workloads
    from corpus import generate_corpus
    from trustdesk.engine import Engine

    corpus = generate_corpus(60, seed=11)
    full_audit = workloads.audit_throughput(Engine(), corpus)[0]
    scanner, ratio = workloads.audit_against_pii_scanner(corpus, full_audit)
    expected = sum(len(list(bench.scan(m["text"]))) for c in corpus for m in c["messages"])
    assert sum(scanner.extra["found"].values()) == expected
    assert ratio.extra["messages"] == full_audit.extra["messages"]
    assert ratio.extra["ratio"] > 0
    assert "per core-second" in ratio.note
