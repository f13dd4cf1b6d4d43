"""National ID numbers, validated by python-stdnum wherever a check digit exists.

Without a keyword, only numbers whose written shape nothing else in a support conversation
has: a US SSN written 123-45-6789 (the ranges never issued are excluded), a UK National
Insurance number in capitals, a Spanish DNI/NIE and an Italian codice fiscale (check letters),
a Brazilian CPF written 123.456.789-09 and a Mexican CURP (check digits). Bare 9-11 digit IDs
(Canadian SIN, Dutch BSN, …) cannot be told from phone or order numbers, so those are found
only after their name ("SIN 130 692 544", "my BSN is …", "Aadhaar …"): the table
`sensitive.national_ids` of privacy.yaml lists each country's keywords and checks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from trustdesk.text.sensitive.items import (
    SensitiveItem,
    gated_lowercase,
    item,
    lowercase_pattern,
    stdnum,
    words,
)

_SSN = re.compile(r"(?<![\w\-])\d{3}([- ])\d{2}\1\d{4}(?![\w\-])")
# First letter never D, F, I, Q, U, V; second never D, F, I, O, Q, U, V; suffix A-D.
_NINO = re.compile(
    r"(?<![\w])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
    r"(?![\w])"
)
_NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_DNI = re.compile(r"(?<![\w\-])\d{8}-?[A-Z](?![\w\-])")
_NIE = re.compile(r"(?<![\w\-])[XYZ]-?\d{7}-?[A-Z](?![\w\-])")
_CODICE_FISCALE = re.compile(r"(?<![\w])[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z](?![\w])")
_CURP = re.compile(r"(?<![\w])[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d(?![\w])")
_CAPITAL_THEN_DIGITS = re.compile(r"[A-Z] ?\d\d")
_CPF = re.compile(r"(?<![\w.\-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w\-]|\.\d)")

_ID_FORMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (_SSN, "us_ssn", "us.ssn"),
    (_DNI, "es_dni", "es.dni"),
    (_NIE, "es_nie", "es.nie"),
    (_CPF, "br_cpf", "br.cpf"),
)
# After an ID's name: "is", ":", "#" and the like, then the number in at most this many pieces.
_LEAD = re.compile(r"(?:\s*(?:is|was|number|no\b|nr\b|num\b|[:#=.\-–])|['’]s)*\s*", re.IGNORECASE)
_PIECE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/]{0,24}")
MAX_PIECES = 8
_TRAILING = ".,;:!?)-/"
_HAS_DIGIT = re.compile(r"\d")
# Every ID holds at least this many digits (an Indian PAN has four).
MIN_DIGITS = 4


def digit_ids(text: str, runs: list[re.Match[str]]) -> Iterator[SensitiveItem]:
    """IDs with seven or more digits in a row (SSN, DNI, NIE, CPF), searched near the runs."""
    seen: set[tuple[int, int]] = set()
    for run in runs:
        # An ID starts at most a letter before its digit run and ends two characters after.
        start, end = max(0, run.start() - 2), min(len(text), run.end() + 3)
        for form, detail, module in _ID_FORMS:
            for match in form.finditer(text, start, end):
                if match.span() not in seen and stdnum(module).is_valid(match.group()):
                    seen.add(match.span())
                    yield item("national_id", match, 0, detail)


def letter_ids(text: str) -> Iterator[SensitiveItem]:
    """IDs that mix capitals and digits: NINO, codice fiscale, CURP."""
    if not _CAPITAL_THEN_DIGITS.search(text):
        return
    for match in _NINO.finditer(text):
        if match.group()[:2] not in _NINO_NEVER:
            yield item("national_id", match, 0, "gb_nino")
    for form, detail, module in (
        (_CODICE_FISCALE, "it_codice_fiscale", "it.codicefiscale"),
        (_CURP, "mx_curp", "mx.curp"),
    ):
        for match in form.finditer(text):
            if stdnum(module).is_valid(match.group()):
                yield item("national_id", match, 0, detail)


def named_ids(text: str, lower: str) -> Iterator[SensitiveItem]:
    """IDs after their name: the longest run of up to MAX_PIECES pieces that passes a check.

    The text is scanned for the names' first words (a plain alternation, which Python's
    matcher runs several times faster than the names' full patterns), and each name's pattern
    is tried only where one of them stands."""
    forms = _named_forms()
    fast = len(lower) == len(text)
    subject = lower if fast else text
    first = gated_lowercase(forms.triggers) if fast else re.compile(forms.triggers, re.I)
    names = lowercase_pattern(forms.keywords) if fast else re.compile(forms.keywords, re.I)
    for hit in first.finditer(subject):
        match = names.match(subject, hit.start())
        if match is None:
            continue
        detail = match.lastgroup or ""
        refused = forms.not_after.get(detail)
        if refused is not None and refused.search(text, max(0, match.start() - 30), match.start()):
            continue  # "order ID number": the number is not a person's
        found = _number_after(text, match.end(), forms.checks[detail], detail)
        if found is not None:
            yield found


def _number_after(
    text: str, position: int, checks: list[Callable[[str], bool]], detail: str
) -> SensitiveItem | None:
    lead = _LEAD.match(text, position)
    position = lead.end() if lead else position
    first = _PIECE.match(text, position)
    if first is None or not (len(first.group()) <= 2 or _HAS_DIGIT.search(first.group())):
        return None  # every ID starts with a digit, or (a NINO) with two letters
    pieces: list[tuple[int, int]] = []
    while len(pieces) < MAX_PIECES:
        piece = _PIECE.match(text, position)
        if piece is None:
            break
        pieces.append(piece.span())
        if not text.startswith(" ", piece.end()):
            break
        position = piece.end() + 1
    for count in range(len(pieces), 0, -1):
        start, end = pieces[0][0], pieces[count - 1][1]
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        candidate = text[start:end]
        if len(_HAS_DIGIT.findall(candidate)) >= MIN_DIGITS and any(c(candidate) for c in checks):
            value = "".join(char for char in candidate if char.isalnum()).upper()
            return SensitiveItem("national_id", start, end, candidate, detail, value)
    return None


class _NamedForms(NamedTuple):
    # A pattern of every ID's first words, and one of its full names (a named group each).
    triggers: str
    keywords: str
    checks: dict[str, list[Callable[[str], bool]]]
    # Words that, just before an ID's name, make the number something else.
    not_after: dict[str, re.Pattern[str]]


@functools.cache
def _named_forms() -> _NamedForms:
    table: dict[str, dict[str, Any]] = words().table("sensitive.national_ids")
    alternatives = [f"(?P<{name}>{spec['keywords']})" for name, spec in table.items()]
    first_words = sorted({word for spec in table.values() for word in spec["triggers"].split()})
    checks: dict[str, list[Callable[[str], bool]]] = {}
    for name, spec in table.items():
        if "shape" in spec:
            checks[name] = [_shape_check(spec["shape"])]
        else:
            checks[name] = [_check(module) for module in spec["checks"]]
    return _NamedForms(
        triggers=r"\b(?:" + "|".join(re.escape(word) for word in first_words) + r")\b",
        keywords=r"\b(?:" + "|".join(alternatives) + r")\b",
        checks=checks,
        not_after={
            name: re.compile(spec["not_after"] + r"\s*$", re.IGNORECASE)
            for name, spec in table.items()
            if "not_after" in spec
        },
    )


def _check(module: str) -> Callable[[str], bool]:
    if module == "gb.nino":
        return _nino_valid

    def valid(candidate: str) -> bool:
        # Spaces between groups are how people write any of them ("536 22 8726").
        return bool(stdnum(module).is_valid(candidate.replace(" ", "")))

    return valid


def _nino_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    return bool(_NINO.fullmatch(compact)) and compact[:2] not in _NINO_NEVER


def _shape_check(shape: str) -> Callable[[str], bool]:
    form = re.compile(shape)

    def valid(candidate: str) -> bool:
        return bool(form.fullmatch(candidate.upper()))

    return valid
