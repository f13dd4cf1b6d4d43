"""A support bot that sends only what trustdesk's guard allows.

It drafts a reply with any OpenAI-compatible chat-completions endpoint (plain HTTP, no SDK),
asks the guard what may be sent, and sends:

- the draft, when the guard allows it;
- the revised text, when the guard revised it (a time from the SLA instead of "soon", the
  safe wording instead of a request for a password, a hand-over instead of an invented rule);
- a hand-over message, when the guard blocks the draft, cannot be reached (fail-closed), or
  the model cannot be reached.

Whenever what it sends says a colleague will follow up, its output says `hand_over: true`:
route the conversation to a person there (this example only prints it).

Run it against a trustdesk server:

    export LLM_BASE_URL=https://api.openai.com/v1 LLM_API_KEY=sk-... LLM_MODEL=gpt-4o-mini
    export TRUSTDESK_URL=http://127.0.0.1:8000 TRUSTDESK_TOKEN=td_...
    python examples/guarded_bot.py --message "I can't log in and my refund is late."

or judge in process with `--local` (and `--policy policy.yaml`), or give a whole conversation
in trustdesk's input format as a JSON file. It prints one JSON object: what it sends, the
guard's decision and reason, and the model's draft.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from trustdesk.errors import TrustdeskError
from trustdesk.guard import Guard, GuardDecision, OnUnavailable

SYSTEM_PROMPT = (
    "You are the customer-support assistant of a small online shop. Answer the customer's "
    "last message briefly and politely."
)
# Sent instead of any draft the guard does not let through.
HAND_OVER_MESSAGE = (
    "Thanks for your patience. I'm passing your conversation to a colleague, who will "
    "reply here by the end of the next business day."
)
# The roles of trustdesk's input format as a chat model knows them (notes stay internal).
CHAT_ROLES = {"customer": "user", "agent": "assistant", "bot": "assistant"}


@dataclass(frozen=True)
class Outgoing:
    """What the bot sends, and why. With `hand_over`, a person must take the conversation
    from here: the message sent says a colleague will reply."""

    send: str
    decision: str
    reason: str
    drafted: str | None
    hand_over: bool


class ChatModel:
    """An OpenAI-compatible chat-completions endpoint, called with plain httpx."""

    def __init__(self, base_url: str, api_key: str, model: str, timeout: float = 30.0) -> None:
        self.model = model
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=timeout,
        )

    def draft(self, conversation: Mapping[str, Any]) -> str:
        messages = [{"role": "system", "content": SYSTEM_PROMPT}]
        for message in conversation.get("messages", []):
            role = CHAT_ROLES.get(message.get("role", ""))
            if role is not None:
                messages.append({"role": role, "content": message["text"]})
        response = self._client.post(
            "/chat/completions", json={"model": self.model, "messages": messages}
        )
        response.raise_for_status()
        content: str = response.json()["choices"][0]["message"]["content"]
        return content.strip()

    def close(self) -> None:
        self._client.close()


def answer(
    conversation: Mapping[str, Any], model: ChatModel, guard: Guard, now: datetime | None = None
) -> Outgoing:
    """The bot's next message in `conversation`: only what the guard lets through."""
    try:
        drafted = model.draft(conversation)
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
        reason = f"The model gave no draft ({type(exc).__name__}); handed over."
        return Outgoing(HAND_OVER_MESSAGE, "block", reason, None, hand_over=True)
    if not drafted:
        reason = "The model's draft was empty."
        return Outgoing(HAND_OVER_MESSAGE, "block", reason, drafted, hand_over=True)
    result = guard.check(conversation, drafted, now=now)
    if result.decision is GuardDecision.BLOCK or result.text is None:
        decision = result.decision.value
        return Outgoing(HAND_OVER_MESSAGE, decision, result.reason, drafted, hand_over=True)
    # A revision may have replaced an unsupported claim by "a colleague will update you".
    decision = result.decision.value
    return Outgoing(result.text, decision, result.reason, drafted, hand_over=result.hands_over)


def _conversation(args: argparse.Namespace) -> dict[str, Any]:
    if args.conversation is not None:
        loaded: dict[str, Any] = json.loads(Path(args.conversation).read_text(encoding="utf-8"))
        return loaded
    at = datetime.now(UTC).isoformat()
    message = {"id": "m1", "role": "customer", "at": at, "text": args.message}
    return {"id": "cli", "messages": [message]}


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("conversation", nargs="?", help="a conversation as a JSON file")
    source.add_argument("--message", help="one customer message (instead of a file)")
    parser.add_argument("--llm-url", default=env("LLM_BASE_URL", env("OPENAI_BASE_URL")))
    parser.add_argument("--llm-key", default=env("LLM_API_KEY", env("OPENAI_API_KEY", "")))
    parser.add_argument("--model", default=env("LLM_MODEL", "gpt-4o-mini"))
    parser.add_argument("--guard-url", default=env("TRUSTDESK_URL"))
    parser.add_argument("--token", default=env("TRUSTDESK_TOKEN"))
    parser.add_argument("--local", action="store_true", help="judge in process, no server")
    parser.add_argument("--policy", help="the policy file for --local (default policy if none)")
    parser.add_argument(
        "--fail-open",
        action="store_true",
        help="send the draft unchecked when the guard cannot answer (default: hand over)",
    )
    args = parser.parse_args(argv)
    if not args.llm_url:
        parser.error("give --llm-url or set LLM_BASE_URL")
    if not args.local and not (args.guard_url and args.token):
        parser.error("give --guard-url and --token (or TRUSTDESK_URL, TRUSTDESK_TOKEN), or --local")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        outgoing = _run(args)
    except (OSError, ValueError, TrustdeskError) as exc:
        # A wrong token, URL, policy or file: one line to fix it by, never a traceback.
        print(f"guarded_bot: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(asdict(outgoing), ensure_ascii=False))
    return 0


def _run(args: argparse.Namespace) -> Outgoing:
    conversation = _conversation(args)
    if args.local:
        guard = Guard.local(policy=args.policy)
    else:
        on_unavailable: OnUnavailable = "allow" if args.fail_open else "block"
        guard = Guard(url=args.guard_url, token=args.token, on_unavailable=on_unavailable)
    model = ChatModel(args.llm_url, args.llm_key, args.model)
    try:
        return answer(conversation, model, guard)
    finally:
        model.close()
        guard.close()


if __name__ == "__main__":
    sys.exit(main())
