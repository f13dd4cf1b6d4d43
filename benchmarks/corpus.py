"""A reproducible corpus of realistic support conversations, for benchmarks and load tests.

Conversations of 6-20 messages (customer and agent turns, the odd bot greeting and internal
note, timestamps minutes to days apart) are assembled from the sentences in `phrasebook.py`,
with seeded random order numbers, names, phone numbers, e-mails, Luhn-valid card numbers and
IBANs with valid check digits. The same seed always gives the same corpus.

    python benchmarks/corpus.py --messages 100000 --seed 7 --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import phrasebook as pb

DEFAULT_SEED = 20260302
# Share of agent messages that carry one of the sentences trustdesk flags.
RISKY_RATE = 0.08
_SLOT = re.compile(r"\{(\w+)\}")
_EPOCH = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


class Filler:
    """Fills a sentence's {slots} with seeded, plausible values (valid check digits)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.name = rng.choice(pb.NAMES)
        self.agent = rng.choice(pb.AGENTS)

    def fill(self, template: str) -> str:
        return _SLOT.sub(lambda m: getattr(self, "_" + m.group(1))(), template)

    def _name(self) -> str:
        return self.name

    def _agent(self) -> str:
        return self.agent

    def _order(self) -> str:
        return f"#{self.rng.randint(100000, 999999)}"

    def _ref(self) -> str:
        return f"TR-{self.rng.randint(10000, 99999)}"

    def _customer(self) -> str:
        return f"CUS-{self.rng.randint(1000000, 9999999)}"

    def _amount(self) -> str:
        return f"£{self.rng.randint(4, 240)}.{self.rng.randint(0, 99):02d}"

    def _last4(self) -> str:
        return f"{self.rng.randint(0, 9999):04d}"

    def _date(self) -> str:
        month = self.rng.choice(["January", "February", "March", "April", "May", "June"])
        return f"{self.rng.randint(1, 28)} {month}"

    def _day(self) -> str:
        return self.rng.choice(pb.DAYS)

    def _email(self) -> str:
        domain = self.rng.choice(["example.com", "mail.example.org", "example.co.uk"])
        return f"{self.name.lower()}.{self.rng.randint(1, 99)}@{domain}"

    def _phone(self) -> str:
        # Ofcom's range reserved for drama: realistic, never a real subscriber.
        return f"+44 7700 900{self.rng.randint(0, 999):03d}"

    def _address(self) -> str:
        return (
            f"{self.rng.randint(1, 120)} {self.rng.choice(pb.STREETS)}, {self.rng.choice(pb.TOWNS)}"
        )

    def _card(self) -> str:
        digits = [4] + [self.rng.randint(0, 9) for _ in range(14)]
        digits.append(_luhn_check_digit(digits))
        text = "".join(map(str, digits))
        return " ".join(text[i : i + 4] for i in range(0, 16, 4))

    def _iban(self) -> str:
        bank = "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
        digits = "".join(str(self.rng.randint(0, 9)) for _ in range(14))
        bban = bank + digits
        rearranged = "".join(str(int(c, 36)) for c in bban + "GB00")
        check = 98 - int(rearranged) % 97
        iban = f"GB{check:02d}{bban}"
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def _luhn_check_digit(digits: list[int]) -> int:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def _agent_text(rng: random.Random, filler: Filler, parts: list[str]) -> str:
    if rng.random() < RISKY_RATE:
        parts.insert(rng.randint(0, len(parts)), rng.choice(pb.RISKY))
    return " ".join(filler.fill(p) for p in parts)


def _customer_text(rng: random.Random, filler: Filler, text: str) -> str:
    if rng.random() < 0.35:
        first_word = text.split(maxsplit=1)[0]
        if first_word != "I" and not first_word.startswith("I'"):
            text = text[0].lower() + text[1:]
        text = f"{rng.choice(pb.CUSTOMER_GREETING)} {text}"
    if rng.random() < 0.25:
        text = f"{text} {rng.choice(pb.CUSTOMER_SIGNOFF)}"
    return filler.fill(text)


def _conversation(rng: random.Random, index: int) -> dict[str, Any]:
    filler = Filler(rng)
    topic = pb.TOPICS[rng.choice(sorted(pb.TOPICS))]
    length = rng.randint(6, 20)
    at = _EPOCH + timedelta(minutes=rng.randint(0, 540 * 24 * 60))
    turns: list[tuple[str, str]] = []

    opening = [rng.choice(topic["open"])]
    if rng.random() < 0.5:
        opening.append(rng.choice(topic["detail"]))
    turns.append(("customer", _customer_text(rng, filler, " ".join(opening))))
    if rng.random() < 0.15:
        turns.append(("bot", filler.fill(rng.choice(pb.BOT_OPEN))))
    first = [rng.choice(pb.AGENT_OPEN)]
    if rng.random() < 0.5:
        first.append(rng.choice(pb.AGENT_EMPATHY))
    first.append(rng.choice(pb.AGENT_ASK))
    turns.append(("agent", _agent_text(rng, filler, first)))

    details = rng.sample(topic["detail"], k=len(topic["detail"]))
    while len(turns) < length - 2:
        if details and rng.random() < 0.6:
            customer = details.pop()
        else:
            customer = rng.choice(pb.CUSTOMER_FOLLOWUP)
        if rng.random() < 0.35:
            extra = rng.choice(topic["detail"])
            customer = customer if extra == customer else f"{customer} {extra}"
        turns.append(("customer", _customer_text(rng, filler, customer)))
        if rng.random() < 0.05:
            turns.append(("note", filler.fill(rng.choice(pb.NOTES))))
        agent = rng.sample(topic["agent"], k=rng.randint(1, 2))
        if rng.random() < 0.3:
            agent.append(rng.choice(pb.AGENT_UPDATE))
        turns.append(("agent", _agent_text(rng, filler, agent)))

    del turns[length - 2 :]
    turns.append(("customer", _customer_text(rng, filler, rng.choice(pb.CUSTOMER_CLOSE))))
    closing = [rng.choice(pb.AGENT_CLOSE)]
    if rng.random() < 0.5:
        closing.insert(0, rng.choice(pb.AGENT_UPDATE))
    turns.append(("agent", " ".join(filler.fill(p) for p in closing)))

    messages = []
    for number, (role, text) in enumerate(turns, start=1):
        messages.append(
            {
                "id": f"m{number}",
                "role": role,
                "author": filler.agent if role == "agent" else None,
                "at": at.isoformat(),
                "text": text,
            }
        )
        at += _gap(rng, role)
    return {
        "id": f"bench-{index:06d}",
        "channel": rng.choice(["chat", "email"]),
        "customer": {"id": f"cust-{rng.randint(1, 50000)}", "language": "en"},
        "messages": messages,
    }


def _gap(rng: random.Random, role: str) -> timedelta:
    if role == "customer":
        # Agents usually answer within hours; sometimes the next day.
        minutes = rng.randint(1, 180) if rng.random() < 0.85 else rng.randint(600, 3000)
    else:
        minutes = rng.randint(1, 60)
    return timedelta(minutes=minutes, seconds=rng.randint(0, 59))


def iter_corpus(messages: int, seed: int = DEFAULT_SEED) -> Iterator[dict[str, Any]]:
    """Conversations until at least `messages` messages have been produced."""
    rng = random.Random(seed)
    produced = index = 0
    while produced < messages:
        conversation = _conversation(rng, index)
        produced += len(conversation["messages"])
        index += 1
        yield conversation


def generate_corpus(messages: int, seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    return list(iter_corpus(messages, seed))


def reply_history(seed: int = DEFAULT_SEED, length: int = 20) -> dict[str, Any]:
    """A `length`-message conversation ending with a customer turn, awaiting the agent's reply."""
    rng = random.Random(seed)
    while True:
        conversation = _conversation(rng, 0)
        messages = conversation["messages"]
        if len(messages) >= length:
            break
    messages = messages[:length]
    messages[-1] = {
        **messages[-1],
        "role": "customer",
        "author": None,
        "text": "Any update on this? I've been waiting since yesterday.",
    }
    return {**conversation, "messages": messages}


def draft_pool(count: int, seed: int = DEFAULT_SEED, words: int = 120) -> list[str]:
    """`count` distinct agent drafts of about `words` words each."""
    rng = random.Random(seed)
    drafts: list[str] = []
    seen: set[str] = set()
    while len(drafts) < count:
        filler = Filler(rng)
        topic = pb.TOPICS[rng.choice(sorted(pb.TOPICS))]
        parts = [rng.choice(pb.AGENT_OPEN), rng.choice(pb.AGENT_EMPATHY)]
        pool = [*topic["agent"], *pb.AGENT_UPDATE, *pb.AGENT_EMPATHY]
        rng.shuffle(pool)
        sentences = [filler.fill(p) for p in parts]
        if rng.random() < 0.1:
            sentences.append(filler.fill(rng.choice(pb.RISKY)))
        close = filler.fill(rng.choice(pb.AGENT_CLOSE))
        # Fill up to the target length: a sentence goes in only if the draft stays within a
        # few words of it, so drafts average close to `words`.
        length = sum(len(s.split()) for s in sentences) + len(close.split())
        for template in pool:
            sentence = filler.fill(template)
            if length + len(sentence.split()) > words + 5:
                continue
            sentences.insert(rng.randint(1, len(sentences)), sentence)
            length += len(sentence.split())
        sentences.append(close)
        draft = " ".join(sentences)
        if draft not in seen:
            seen.add(draft)
            drafts.append(draft)
    return drafts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--messages",
        type=int,
        default=100_000,
        help="produce conversations until at least this many messages",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="JSONL file to write, one conversation per line (default: stdout)",
    )
    args = parser.parse_args(argv)
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    try:
        count = 0
        for conversation in iter_corpus(args.messages, args.seed):
            out.write(json.dumps(conversation, ensure_ascii=False) + "\n")
            count += len(conversation["messages"])
    finally:
        if args.out:
            out.close()
    if args.out:
        print(f"wrote {count} messages to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
