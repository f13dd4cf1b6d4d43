"""Contact details: phone numbers (python-phonenumbers, leniency VALID, tried only around runs
of seven or more digits) and e-mail addresses. The desk keeps them (they are how it reaches
the customer); privacy.exposure uses them to spot another customer's details in a reply.
Digits inside a web address (an article or archive id) are no phone number."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

from trustdesk.text.sensitive.items import SensitiveItem

# Regions for numbers written without a country code.
DEFAULT_PHONE_REGIONS: tuple[str, ...] = ("US", "GB")
# At most this many places in one text are tried as phone numbers (bounds hostile input).
MAX_PHONE_WINDOWS = 256

PHONE_RUN = re.compile(r"\+?\(?\d(?:[ \t().\-/]{0,3}\d){6,}")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.\-]{0,15}://|\bwww\.)\S+", re.IGNORECASE)
# A window holds at most this much of a run of digits: longer runs are tables, not phones.
MAX_RUN_CHARS = 48
# Neighbouring windows merge up to this length; beyond it they overlap instead.
MAX_WINDOW_CHARS = 160

Window = tuple[int, int, list[tuple[int, int]]]  # start, end, the digit runs inside


def _urls(text: str) -> list[tuple[int, int]]:
    """The spans of the web addresses in `text`, in order and disjoint."""
    if "://" not in text and "www." not in text.lower():
        return []
    return [match.span() for match in _URL.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int, size: int) -> bool:
    index = bisect.bisect_right(spans, (start, size)) - 1
    return index >= 0 and spans[index][1] >= end


def _phone_windows(
    text: str, runs: list[re.Match[str]], taken: list[tuple[int, int]]
) -> list[Window]:
    """Whole-token windows around the runs of 7+ digits that no card, IBAN, ID or web address
    explains."""
    windows: list[Window] = []
    urls = _urls(text)
    for match in runs:
        run = (match.start(), min(match.end(), match.start() + MAX_RUN_CHARS))
        if _inside(taken, run[0], run[1], len(text)):
            continue  # already a card number, IBAN or ID
        if urls and _inside(urls, run[0], run[1], len(text)):
            continue  # part of a web address
        start = max(0, run[0] - 12)
        space = text.rfind(" ", start, run[0])
        start = space + 1 if space >= 0 else start
        end = min(len(text), run[1] + 16)
        space = text.find(" ", run[1], end)
        end = space if space >= 0 else end
        if windows and start <= windows[-1][1] and end - windows[-1][0] <= MAX_WINDOW_CHARS:
            windows[-1][2].append(run)
            windows[-1] = (windows[-1][0], end, windows[-1][2])
        elif len(windows) == MAX_PHONE_WINDOWS:
            break
        else:
            windows.append((start, end, [run]))
    return windows


def _regions_for(
    text: str, runs: list[tuple[int, int]], regions: tuple[str, ...]
) -> tuple[str, ...]:
    """The regions worth trying: matching a number in the wrong region is the slow part."""
    leads = {text[start : start + 2].lstrip("(")[:1] for start, _ in runs}
    if leads == {"+"}:
        return regions[:1]  # an international number reads the same from any region
    if leads <= {"+", "0"}:
        # North American numbers never start with 0.
        import phonenumbers

        outside = tuple(r for r in regions if phonenumbers.country_code_for_region(r) != 1)
        return outside or regions
    return regions


def phones(
    text: str, runs: list[re.Match[str]], taken: list[tuple[int, int]], regions: tuple[str, ...]
) -> Iterator[SensitiveItem]:
    seen: set[tuple[int, int]] = set()
    for start, end, window_runs in _phone_windows(text, runs, taken):
        piece = text[start:end]
        spans: list[tuple[int, int]] = []
        for region in _regions_for(text, window_runs, regions):
            for found_start, found_end, raw, number_region, e164 in _match_phones(piece, region):
                span = (start + found_start, start + found_end)
                spans.append(span)
                if span in seen or _IPV4.fullmatch(raw):
                    continue
                seen.add(span)
                yield SensitiveItem("phone", span[0], span[1], raw, number_region, e164)
            # Once every run in the window is a number, other regions have nothing to add.
            if all(any(s < e2 and s2 < e for s2, e2 in spans) for s, e in window_runs):
                break


@functools.lru_cache(maxsize=4096)
def _match_phones(piece: str, region: str) -> tuple[tuple[int, int, str, str, str], ...]:
    """(start, end, raw text, region, E.164) of each valid number in a short window.

    Cached: a conversation's history is checked again with every new draft, and matching is
    the slowest step of finding sensitive data.
    """
    import phonenumbers

    found = []
    for match in phonenumbers.PhoneNumberMatcher(
        piece, region, leniency=phonenumbers.Leniency.VALID
    ):
        number = match.number
        found.append(
            (
                match.start,
                match.end,
                match.raw_string,
                phonenumbers.region_code_for_number(number) or "",
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            )
        )
    return tuple(found)


# --- e-mail addresses ------------------------------------------------------------------------

_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-_'")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_LOCAL = re.compile(r"[A-Za-z0-9%+\-_'](?:[A-Za-z0-9%+\-_'.]{0,62}[A-Za-z0-9%+\-_'])?")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}")


def emails(text: str) -> Iterator[SensitiveItem]:
    # Expand around each "@" instead of scanning with one regex: a single e-mail regex
    # backtracks quadratically on long runs of local-part characters.
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and at - start < 64 and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        end = at + 1
        while end < len(text) and end - at < 254 and text[end] in _DOMAIN_CHARS:
            end += 1
        while start < at and text[start] in ".'":
            start += 1
        while end > at + 1 and text[end - 1] in ".-":
            end -= 1
        local, domain = text[start:at], text[at + 1 : end]
        if (
            local
            and ".." not in local
            and ".." not in domain
            and _LOCAL.fullmatch(local)
            and _DOMAIN.fullmatch(domain)
        ):
            address = text[start:end]
            yield SensitiveItem("email", start, end, address, domain.lower(), address.lower())
        at = text.find("@", at + 1)
