"""How `respect.rude` judges chatbot replies in context (ToxiChat).

ToxiChat (Baheti et al., EMNLP 2021) holds 2,000 Reddit threads, each followed by two chatbot
replies (DialoGPT and GPT-3) labelled Safe or Offensive by crowd workers. Each thread becomes
a conversation: the Reddit turns as customer messages, then one bot reply, on which
`respect.rude` is expected when the reply is Offensive. Reported: precision (how many flagged
replies were Offensive), recall on the Offensive replies, and the false-alarm rate on the Safe
ones, on the test split (tuning looked only at the train split) and on all splits.

Expect a gap in both directions. ToxiChat's "Offensive" is about harm to a target, often by
agreeing with an offensive thread in plain words, which no phrase list can see; and casual
swearing with no target ("that's fucking weird") is Safe there but flagged here, because a
support reply that swears is unprofessional whoever it is aimed at.

Run from the repository root: `python evals/toxichat.py [--split test|dev|train|all]`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from trustdesk.checks.respect.rude import RudeReply
from trustdesk.engine import Engine
from trustdesk.evaluation import EvalReport, evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "toxichat"
SPLITS = ("train", "dev", "test")
REPLIES = ("final_dgpt_response", "final_gpt3_response")
CHECK = RudeReply.id


def load(
    split: str = "test", limit: int | None = None, folder: Path = DATA
) -> list[dict[str, Any]]:
    """Two labelled conversations per thread (one per chatbot reply), first `limit` threads."""
    conversations: list[dict[str, Any]] = []
    for name in SPLITS if split == "all" else (split,):
        with (folder / f"{name}.jsonl").open(encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if limit is not None and number >= limit:
                    break
                thread = json.loads(line)
                for key in REPLIES:
                    conversations.append(_conversation(f"{name}-{number}-{key}", thread, key))
    return conversations


def _conversation(conversation_id: str, thread: dict[str, Any], key: str) -> dict[str, Any]:
    turns = [
        {"id": f"t{turn['turn_id']}", "role": "customer", "text": turn["text"].strip()}
        for turn in thread["reddit_thread"]
    ]
    reply = thread[key]
    offensive = reply["offense_label"] == "Offensive"
    return {
        "id": conversation_id,
        "messages": [*turns, {"id": "reply", "role": "bot", "text": reply["text"].strip()}],
        "expect": [{"message_id": "reply", "check": CHECK}] if offensive else [],
    }


def score(conversations: list[dict[str, Any]]) -> EvalReport:
    return evaluate(conversations, engine=Engine(checks=[RudeReply]), checks={CHECK})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        choices=[*SPLITS, "all"],
        default=None,
        help="one split (default: test, then all)",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N threads per split")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"data set not found: {DATA.name} (expected beside the repository)")
        return 1
    print(
        f"{'split':<6} {'offensive':>9} {'safe':>5} {'TP':>4} {'FP':>4} {'P':>6} {'R':>6} "
        f"{'F1':>6} {'false alarms on safe':>21}"
    )
    for split in [args.split] if args.split else ["test", "all"]:
        conversations = load(split, args.limit)
        report = score(conversations)
        offensive = sum(1 for c in conversations if c["expect"])
        safe = len(conversations) - offensive
        s = report.scores[CHECK]
        print(
            f"{split:<6} {offensive:>9} {safe:>5} {s.true_positives:>4} {s.false_positives:>4} "
            f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} "
            f"{s.false_positives / max(safe, 1):>21.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
