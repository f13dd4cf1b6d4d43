"""The guard for a bot developer: ask what a bot may send, over HTTP or in process.

>>> guard = Guard.local()
>>> result = guard.check({"id": "c1", "messages": []}, "What is your password?")
>>> result.decision.value, result.text is not None
('revise', True)

`Guard(url=..., token=...)` asks a trustdesk server (POST /v1/guard); `Guard.local(policy=...)`
judges in this process with the same engine. Both return a `GuardResult`: `decision` (allow,
revise or block) and `text`, what may be sent (None on block).

When the server cannot answer (it is down, slow past `timeout`, overloaded or failing with a
5xx), `on_unavailable` decides: "block" (the default, fail-closed) returns a block, so the bot
hands over to a person; "allow" (fail-open) returns the draft unchecked. Either way the result
says `checked=False`. A request the server refuses as wrong (a bad token, an invalid
conversation, a draft over the limits) raises GuardError whatever `on_unavailable` says: it is a
mistake to fix, not an outage to ride out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from trustdesk.engine import Engine, GuardDecision, GuardResult, Revision
from trustdesk.errors import TrustdeskError
from trustdesk.model import Conversation, Finding, Principle, Severity
from trustdesk.policy.loader import load_policy
from trustdesk.policy.schema import Policy

if TYPE_CHECKING:
    import httpx

OnUnavailable = Literal["block", "allow"]
# Seconds to wait for the server, connecting included: a serving path cannot wait long.
TIMEOUT = 2.0
# Status codes that mean the service cannot answer now, rather than that the request is wrong.
_UNAVAILABLE_STATUS = frozenset({408, 429})

__all__ = ["Guard", "GuardDecision", "GuardError", "GuardResult", "OnUnavailable", "Revision"]


class GuardError(TrustdeskError):
    """The guard service refused the request: a wrong token, URL or input, to be fixed."""


class Guard:
    """What a bot may send, judged by a trustdesk server or in process (`Guard.local`)."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: float = TIMEOUT,
        on_unavailable: OnUnavailable = "block",
        role: Literal["agent", "bot"] = "bot",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx  # only the HTTP mode needs it

        if on_unavailable not in ("block", "allow"):
            raise ValueError('on_unavailable must be "block" or "allow"')
        self.on_unavailable: OnUnavailable = on_unavailable
        self.role = role
        self._engine: Engine | None = None
        self._client: httpx.Client | None = httpx.Client(
            base_url=url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
            transport=transport,
        )

    @classmethod
    def local(
        cls,
        policy: Policy | str | Path | None = None,
        *,
        role: Literal["agent", "bot"] = "bot",
    ) -> Guard:
        """A guard judging in this process under `policy` (a Policy, a YAML file's path, or
        None for the default policy): no network, so never unavailable."""
        guard = cls.__new__(cls)
        guard.on_unavailable = "block"
        guard.role = role
        guard._client = None
        guard._engine = Engine(policy if isinstance(policy, Policy) else load_policy(policy))
        return guard

    def check(
        self,
        conversation: Conversation | Mapping[str, Any],
        draft: str,
        *,
        now: datetime | None = None,
        author: str | None = None,
    ) -> GuardResult:
        """Allow, revise or block `draft` as the bot's next reply in `conversation`."""
        if self._engine is not None:
            return self._engine.guard(conversation, draft, now=now, role=self.role, author=author)
        return self._ask(conversation, draft, now, author)

    def _ask(
        self,
        conversation: Conversation | Mapping[str, Any],
        draft: str,
        now: datetime | None,
        author: str | None,
    ) -> GuardResult:
        import httpx

        assert self._client is not None
        history = (
            conversation.model_dump(mode="json", exclude_none=True)
            if isinstance(conversation, Conversation)
            else dict(conversation)
        )
        body: dict[str, Any] = {"conversation": history, "draft": draft, "role": self.role}
        if now is not None:
            body["now"] = now.isoformat()
        if author is not None:
            body["author"] = author
        try:
            response = self._client.post("/v1/guard", json=body)
        except httpx.TimeoutException:
            return self._unavailable(draft, "no answer in time")
        except httpx.HTTPError as exc:
            return self._unavailable(draft, f"{type(exc).__name__}")
        status = response.status_code
        if status >= 500 or status in _UNAVAILABLE_STATUS:
            return self._unavailable(draft, f"HTTP {status}")
        try:
            answer = response.json()
        except ValueError:
            return self._unavailable(draft, f"HTTP {status} with a body that is not JSON")
        if status != 200:
            error = answer.get("error", {}) if isinstance(answer, dict) else {}
            where = f" ({error['field']})" if error.get("field") else ""
            message = error.get("message", "refused")
            raise GuardError(f"the guard refused the request: HTTP {status}: {message}{where}")
        return _result(answer, str(history.get("id", "")))

    def _unavailable(self, draft: str, why: str) -> GuardResult:
        if self.on_unavailable == "allow":
            reason = (
                f"Not checked: the guard could not answer ({why}); sent as drafted (fail-open)."
            )
            return GuardResult(GuardDecision.ALLOW, draft, reason, checked=False)
        reason = f"Blocked: the guard could not answer ({why}); nothing was checked."
        return GuardResult(GuardDecision.BLOCK, None, reason, checked=False)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> Guard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _result(answer: Mapping[str, Any], conversation_id: str) -> GuardResult:
    """The server's answer as the result an in-process guard gives."""
    return GuardResult(
        decision=GuardDecision(answer["decision"]),
        text=answer["text"],
        reason=answer["reason"],
        findings=tuple(_finding(item, conversation_id) for item in answer["findings"]),
        revisions=tuple(
            Revision(
                checks=tuple(item["checks"]),
                start=item["start"],
                end=item["end"],
                quote=item["quote"],
                replacement=item["replacement"],
                step=item["step"],
                hands_over=item.get("hands_over", False),
            )
            for item in answer["revisions"]
        ),
        unchecked=tuple(answer.get("unchecked", ())),
    )


def _finding(item: Mapping[str, Any], conversation_id: str) -> Finding:
    principle = item.get("principle")
    return Finding(
        check=item["check"],
        principle=Principle(principle) if principle else None,
        severity=Severity(item["severity"]),
        conversation_id=conversation_id,
        message_id=item["message_id"],
        start=item["start"],
        end=item["end"],
        quote=item["quote"],
        explanation=item["explanation"],
        suggestion=item.get("suggestion"),
        data=item.get("data") or {},
        confidence=item.get("confidence"),
    )
