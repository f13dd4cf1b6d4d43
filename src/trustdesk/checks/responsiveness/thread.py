"""Who writes to whom in a conversation, read once for responsiveness.chasing: each customer
message's previous one still unanswered, whether its author wrote before, which org message it
answers, and whether messages are addressed by @handle (a social channel).

Before a reply is sent, the history is read once while the same history comes back with each
draft (see `trustdesk.service_level.history`): the draft, written by us, only adds itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trustdesk.checks.base import CheckContext
from trustdesk.model import ORG_ROLES, Message, Role
from trustdesk.service_level.history import HistoryCache
from trustdesk.service_level.levels import Analyse

if TYPE_CHECKING:
    from trustdesk.text.analysis import MessageAnalysis

# A @handle this long or longer that is part of an org account's name names the brand.
MIN_BRAND_CHARS = 3
# How many org accounts of a thread are compared with a handle that way, and how many of a
# message's handles are read for one.
MAX_BRAND_ACCOUNTS = 8
MAX_HANDLES = 20
# A message addressed by @handle opens with one.
_OPENS_WITH_HANDLE = re.compile(r"\s*[@＠]")


@dataclass(frozen=True, slots=True)
class Thread:
    """What one pass over the conversation says about each customer message."""

    # The customer's previous message with no org reply to them since, by position.
    previous: list[int | None]
    # Whether the author wrote an earlier message in the conversation.
    wrote_before: list[bool]
    # For the customer's first message since an org message addressed to them (or to no one
    # by name), the position of that org message: the message answers it.
    answers: list[int | None]
    # The handles (lower case, no "@") of the customers and of the org accounts taking part.
    customers: frozenset[str]
    org: frozenset[str]
    # The org accounts a handle may name in part ("@Acme" for "AcmeHelp"). A thread has a
    # handful; the bound keeps a forged one with thousands linear.
    brands: tuple[str, ...]
    # Whether messages here are addressed by @handle (a social channel).
    handles_in_use: bool


def thread_of(ctx: CheckContext) -> Thread:
    """One pass over the messages (shared per run). An org reply that names customers by
    @handle answers those; one that names none of them answers everyone."""

    def compute() -> Thread:
        messages = ctx.messages
        if ctx.mode == "reply" and messages and messages[-1].role is not Role.CUSTOMER:
            history = messages[:-1]
            read = _HISTORIES.get(history, lambda: _read_thread(history, ctx.analysis))
            return _with_last(read, messages[-1], ctx.analysis)
        return _read_thread(messages, ctx.analysis)

    found: Thread = ctx.shared("responsiveness.chasing.thread", compute)
    return found


# The threads of histories a draft came after.
_HISTORIES: HistoryCache[Thread] = HistoryCache()


def _read_thread(messages: Sequence[Message], analyse: Analyse) -> Thread:
    customers: set[str] = set()
    org: set[str] = set()
    for message in messages:
        if message.role is Role.CUSTOMER:
            customers.add(_handle(message.author))
        elif message.role in ORG_ROLES and message.author:
            org.add(_handle(message.author))
    everyone = frozenset(customers)
    handles_in_use = False
    pending: dict[str, int] = {}
    seen: set[str] = set()
    previous: list[int | None] = []
    wrote_before: list[bool] = []
    answers: list[int | None] = []
    # The customers the latest org message spoke to (all of them when it names none).
    spoken_to: set[str] = set()
    last_org: int | None = None
    for index, message in enumerate(messages):
        author = _handle(message.author)
        addressees = _addressees_of(message, analyse)
        handles_in_use = handles_in_use or bool(addressees)
        role = message.role
        if role in ORG_ROLES:
            named = addressees & everyone
            for handle in named or list(pending):
                pending.pop(handle, None)
            spoken_to, last_org = set(named or everyone), index
            previous.append(None)
            wrote_before.append(False)
            answers.append(None)
            continue
        if role is not Role.CUSTOMER:
            previous.append(None)
            wrote_before.append(False)
            answers.append(None)
            continue
        previous.append(pending.get(author))
        wrote_before.append(author in seen)
        answers.append(last_org if author in spoken_to else None)
        spoken_to.discard(author)
        seen.add(author)
        pending[author] = index
    return Thread(
        previous, wrote_before, answers, everyone, frozenset(org), _brands(org), handles_in_use
    )


def _with_last(thread: Thread, message: Message, analyse: Analyse) -> Thread:
    """`thread` (of the messages before `message`) with `message` after them, which is not
    the customer's: it answers nobody's earlier message and makes nobody a customer."""
    org = thread.org
    if message.role in ORG_ROLES and message.author:
        org = org | {_handle(message.author)}
    return Thread(
        [*thread.previous, None],
        [*thread.wrote_before, False],
        [*thread.answers, None],
        thread.customers,
        org,
        _brands(org),
        thread.handles_in_use or bool(_addressees_of(message, analyse)),
    )


def _brands(org: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(a for a in org if len(a) >= MIN_BRAND_CHARS)[:MAX_BRAND_ACCOUNTS])


def _addressees_of(message: Message, analyse: Analyse) -> set[str]:
    if _OPENS_WITH_HANDLE.match(message.text) is None:
        return set()  # most messages off social channels: their analysis is not needed
    return _addressees(analyse(message), message.text)


def _handle(author: str | None) -> str:
    return (author or "").lstrip("@＠").lower()


def _addressees(analysis: MessageAnalysis, text: str) -> set[str]:
    """The @handles a message opens with (lower case, without "@")."""
    if _OPENS_WITH_HANDLE.match(text) is None:
        return set()  # most messages off social channels: no need to read the channel
    body_start = analysis.channel.body.start
    return {
        _handle(text[span.start : span.end])
        for span in analysis.channel.handles
        if span.end <= body_start
    }


def to_another_customer(analysis: MessageAnalysis, message: Message, thread: Thread) -> bool:
    """A reply in a side conversation: it opens by naming another customer in the thread."""
    handles = analysis.channel.handles
    if not handles or handles[0].start >= analysis.channel.body.start:
        return False
    first = _handle(message.text[handles[0].start : handles[0].end])
    return first != _handle(message.author) and first in thread.customers


def to_org(analysis: MessageAnalysis, message: Message, thread: Thread) -> bool:
    """Whether a customer message was sent to the organisation: on a channel of @handles, it
    opens with one (not another customer's) or names an org account; elsewhere, always."""
    if not thread.handles_in_use:
        return True
    text = message.text
    handles = analysis.channel.handles[:MAX_HANDLES]
    if any(_names_org(text[span.start : span.end], thread) for span in handles):
        return True
    addressees = _addressees(analysis, text)
    return bool(addressees) and not to_another_customer(analysis, message, thread)


def _names_org(handle: str, thread: Thread) -> bool:
    """Whether a @handle names an org account here: the support account itself or the brand's
    main one ("@Acme" for replies from "AcmeHelp")."""
    name = _handle(handle)
    if name in thread.org:
        return True
    if name in thread.customers or len(name) < MIN_BRAND_CHARS:
        return False
    return any(name in org or org in name for org in thread.brands)
