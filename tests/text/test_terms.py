"""TermIndex: labelled literal phrases matched word by word over the shared segmentation."""

from __future__ import annotations

from scaling import assert_linear_steps
from trustdesk.text.sentences import words
from trustdesk.text.terms import TermIndex


def _find(index: TermIndex, text: str) -> list[tuple[str, str]]:
    return [(hit.label, hit.text) for hit in index.find(text, words(text))]


INDEX = TermIndex(
    {
        "dns": ["DNS"],
        "mx": ["MX record", "MX"],
        "pro rata": ["pro rata", "pro-rata"],
        "cpp": ["C++"],
    }
)


def test_capitals_match_as_written_and_lower_case_in_any_case() -> None:
    assert _find(INDEX, "The DNS and the dns.") == [("dns", "DNS")]
    assert _find(INDEX, "Refunded Pro Rata, or PRO-RATA.") == [
        ("pro rata", "Pro Rata"),
        ("pro rata", "PRO-RATA"),
    ]


def test_longest_phrase_wins_and_words_may_be_split_by_any_whitespace() -> None:
    assert _find(INDEX, "Check the MX\n  record and the MX.") == [
        ("mx", "MX\n  record"),
        ("mx", "MX"),
    ]
    assert _find(INDEX, "pro, rata") == []


def test_possessives_and_word_bounds() -> None:
    assert _find(INDEX, "The DNS's settings; DNSSEC is different.") == [("dns", "DNS")]


def test_phrases_with_symbols_fall_back_to_a_pattern() -> None:
    assert _find(INDEX, "We support C++ and C.") == [("cpp", "C++")]


def test_ignore_case_and_union() -> None:
    policy = TermIndex({"ticket id": ["Ticket ID"]}, ignore_case=True)
    both = TermIndex.union(policy, INDEX)
    assert _find(both, "Your ticket id and DNS.") == [("ticket id", "ticket id"), ("dns", "DNS")]
    assert _find(TermIndex({"x": ["", "   "]}), "anything") == []


def test_many_hits_stay_linear() -> None:
    text = "DNS " * 50_000
    assert len(INDEX.find(text, words(text))) == 50_000
    assert_linear_steps(lambda n: "DNS C++ " * n, lambda text: INDEX.find(text, words(text)), 500)
