"""The engine: runs the enabled checks over a conversation, for a draft or for an audit."""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from trustdesk.checks.base import Check, CheckContext, Mode, Signal
from trustdesk.checks.registry import available_checks, validate_check_class
from trustdesk.engine.calibration import Calibration, Curve, shipped_calibration
from trustdesk.engine.limits import MAX_MESSAGE_CHARS, Limits
from trustdesk.engine.measures import LEXICONS as MEASURED_LEXICONS
from trustdesk.engine.measures import service_measures
from trustdesk.engine.revise import GuardResult, hand_over_sentence
from trustdesk.engine.revise import guard as guard_draft
from trustdesk.engine.scoring import principle_scores
from trustdesk.engine.verdict import decide, unfinished
from trustdesk.errors import InputError, PolicyError
from trustdesk.model import (
    Audit,
    Conversation,
    Decision,
    Finding,
    Message,
    Role,
    Severity,
    Verdict,
    input_error,
    time_input,
    valid_time,
)
from trustdesk.policy.loader import default_policy
from trustdesk.policy.schema import Policy
from trustdesk.service_level import ServiceLevel
from trustdesk.text.analysis import AnalysisContext, MessageAnalysis, analyse, analyse_once
from trustdesk.text.onepass import lexicon_set

ConversationLike = Conversation | Mapping[str, Any]

# A draft longer than this is refused (the default limit; see trustdesk.engine.limits).
MAX_DRAFT_CHARS = MAX_MESSAGE_CHARS


@dataclasses.dataclass(frozen=True, slots=True)
class Gate:
    """What becomes of one check's findings on one kind of author's messages: each gets its
    calibrated confidence and, when the policy sets one for that kind of author, its
    `severity`; below `min_confidence` it is dropped, and a block finding below
    `block_confidence` only warns."""

    curve: Curve
    min_confidence: float
    block_confidence: float
    severity: Severity | None = None

    def judge(self, finding: Finding) -> Finding | None:
        if self.severity is not None and finding.severity is not self.severity:
            finding = dataclasses.replace(finding, severity=self.severity)
        confidence = round(self.curve(finding.strength), 3)
        if confidence < self.min_confidence:
            return None
        if finding.severity is Severity.BLOCK and confidence < self.block_confidence:
            return dataclasses.replace(
                finding,
                confidence=confidence,
                severity=Severity.WARN,
                data={**finding.data, "lowered_from": Severity.BLOCK.value},
            )
        return dataclasses.replace(finding, confidence=confidence)


class Engine:
    """The checks a policy enables, configured with the policy's parameters.

    Building an engine validates every check's parameters, so a bad `params` block in a policy
    fails here with the policy file's line, not halfway through an audit. `calibration` maps
    each check's findings to a confidence (default: the table shipped with trustdesk).

    Building it also compiles the lexicons the checks and the service measures declare into
    one set (`trustdesk.text.onepass`), so each message is scanned for all of them at once;
    `one_pass=False` leaves each lexicon to scan on its own (same findings, more work).
    """

    def __init__(
        self,
        policy: Policy | None = None,
        checks: Sequence[type[Check[Any]]] | None = None,
        *,
        limits: Limits | None = None,
        calibration: Calibration | None = None,
        one_pass: bool = True,
    ) -> None:
        self.policy = policy or default_policy()
        self.limits = limits or Limits()
        self.calibration = calibration or shipped_calibration()
        if checks is None:
            classes = available_checks()
        else:
            classes = {cls.id: validate_check_class(cls.id, cls) for cls in checks}
        if checks is None:
            self._check_unknown_settings(classes)
        self.checks: list[Check[Any]] = []
        for check_id, cls in classes.items():
            settings = self.policy.check_settings(check_id)
            if not settings.enabled:
                continue
            try:
                params = cls.Params.model_validate(settings.params)
            except ValidationError as exc:
                error = exc.errors()[0]
                path = ["checks", check_id, "params", *(str(p) for p in error["loc"])]
                raise PolicyError(
                    error["msg"],
                    source=self.policy.source,
                    line=self.policy.line_of(*path),
                    field=".".join(path),
                ) from None
            self.checks.append(cls(params=params, severity_override=settings.severity))
        self._gates = {check.id: self._author_gates(check.id) for check in self.checks}
        self.principles = sorted({check.principle for check in self.checks}, key=lambda p: p.value)
        # Waits and promises are measured by the policy's service levels, whichever checks run.
        self.service_level = ServiceLevel.from_policy(self.policy)
        self._chase_checks = frozenset(c.id for c in self.checks if Signal.CHASED in c.signals)
        lexicons = [lexicon for check in self.checks for lexicon in check.lexicons]
        self._text_context = AnalysisContext(
            tz=self.policy.organisation.tz,
            business_hours=self.policy.organisation.business_hours,
            lexicons=lexicon_set([*lexicons, *MEASURED_LEXICONS]) if one_pass else None,
        )

    def _author_gates(self, check_id: str) -> dict[Role | None, Gate]:
        """A check's gate for each kind of author its settings name, and (under None) for
        every other message."""
        curve = self.calibration.curve(check_id)
        gates: dict[Role | None, Gate] = {
            None: Gate(curve, *self.policy.confidence_thresholds(check_id))
        }
        for author, own in self.policy.check_settings(check_id).by_author.items():
            gates[Role(author)] = Gate(
                curve, *self.policy.confidence_thresholds(check_id, author), own.severity
            )
        return gates

    def analyse(self, message: Message) -> MessageAnalysis:
        """The cached text analysis of `message` under this policy's timezone and hours."""
        return analyse(message, self._text_context)

    def _check_unknown_settings(self, classes: Mapping[str, type[Check[Any]]]) -> None:
        for check_id in self.policy.checks:
            if check_id not in classes:
                raise PolicyError(
                    f"no check is called {check_id!r} (see `trustdesk checks`)",
                    source=self.policy.source,
                    line=self.policy.line_of("checks", check_id),
                    field=f"checks.{check_id}",
                )

    def _context(
        self, conversation: Conversation, now: datetime | None, mode: Mode, targets: frozenset[int]
    ) -> CheckContext:
        return CheckContext(
            conversation=conversation,
            policy=self.policy,
            now=now,
            mode=mode,
            targets=targets,
            text_context=self._text_context,
            _service_level=self.service_level,
        )

    def _run(
        self, ctx: CheckContext, deadline: float | None = None
    ) -> tuple[list[Finding], list[str]]:
        """The findings, and the ids of the checks not run because `deadline` (a
        `time.monotonic()` reading) had passed: it is looked at between checks."""
        conversation = ctx.conversation
        findings: list[Finding] = []
        unchecked: list[str] = []
        roles = {m.id: m.role for m in conversation.messages}
        for check in self.checks:
            if deadline is not None and (unchecked or time.monotonic() > deadline):
                unchecked.append(check.id)
                continue
            gates = self._gates[check.id]
            for finding in check.run(ctx):
                gate = gates.get(roles.get(finding.message_id)) or gates[None]
                judged = gate.judge(finding)
                if judged is not None:
                    findings.append(judged)
        # Deterministic order: by message position, then offset, then check id.
        position = {m.id: i for i, m in enumerate(conversation.messages)}
        findings.sort(key=lambda f: (position.get(f.message_id, -1), f.start, f.end, f.check))
        return findings, unchecked

    def check_reply(
        self,
        conversation: ConversationLike,
        draft: str,
        *,
        now: datetime | str | None = None,
        role: Role | str = Role.AGENT,
        author: str | None = None,
        deadline: float | None = None,
    ) -> Verdict:
        """Judge `draft` as the next message of `conversation`, before it is sent.

        A conversation or draft over the engine's limits is refused with a TooLargeError
        (counted before the conversation is validated). With `deadline` (a
        `time.monotonic()` reading), checks not started by then are skipped, and the verdict
        lists them and is at least a warning."""
        if not isinstance(draft, str):
            raise InputError("the draft must be a string", field="draft")
        self.limits.check_draft(draft)
        if isinstance(conversation, Mapping | Conversation):
            self.limits.check_conversation(conversation)
        history = Conversation.parse(conversation)
        role = Role(role)
        if not role.is_org:
            raise InputError("a draft is written by an agent or a bot", field="role")
        moment = _aware(now) or datetime.now(UTC)
        taken = {m.id for m in history.messages}
        draft_id = "draft"
        while draft_id in taken:
            draft_id += "_"
        try:
            message = Message(id=draft_id, role=role, author=author, at=moment, text=draft)
        except ValidationError as exc:  # a lone surrogate in the draft or its author
            raise input_error(exc, names={"text": "draft"}) from None
        # The draft is analysed for this call alone; the history keeps its message objects,
        # so their cached analyses are reused.
        analyse_once(message, self._text_context)
        with_draft = history.model_copy(update={"messages": [*history.messages, message]})
        targets = frozenset({len(with_draft.messages) - 1})
        findings, unchecked = self._run(
            self._context(with_draft, moment, "reply", targets), deadline
        )
        verdict = decide([f for f in findings if f.message_id == draft_id], self.policy.verdict)
        return unfinished(verdict, unchecked)

    def guard(
        self,
        conversation: ConversationLike,
        draft: str,
        *,
        now: datetime | None = None,
        role: Role | str = Role.BOT,
        author: str | None = None,
        deadline: float | None = None,
    ) -> GuardResult:
        """Allow, revise or block `draft` on a bot's serving path (see trustdesk.engine.revise):
        `check_reply`, then, when every finding in the way has a mechanical fix, the same
        check of the revised reply, in the same conversation at the same time."""
        if isinstance(conversation, Mapping | Conversation):
            self.limits.check_conversation(conversation)
        # Parsed once: the second check reuses the history's cached analyses.
        history = Conversation.parse(conversation)
        moment = _aware(now) or datetime.now(UTC)

        def judge(text: str) -> Verdict:
            return self.check_reply(
                history, text, now=moment, role=role, author=author, deadline=deadline
            )

        verdict = judge(draft)
        warn_at = self.policy.verdict.warn_at
        if verdict.decision is Decision.ALLOW and not verdict.unchecked:
            return guard_draft(draft, verdict, judge, warn_at)
        hand_over = hand_over_sentence(self.policy, moment)
        return guard_draft(draft, verdict, judge, warn_at, hand_over)

    def audit(
        self,
        conversation: ConversationLike,
        *,
        now: datetime | str | None = None,
        measures: bool = True,
        remember: bool = True,
    ) -> Audit:
        """Every finding in a whole conversation, judged at `now`.

        Without `now`, the conversation is judged at the time of its last message, so an old
        archive is judged as it stood then, not against today's date. `measures=False` skips
        the service measures (reply times, promises, resolution) that reports add up: for an
        engine of a few checks they cost more than the checks.

        A conversation over the engine's limits is audited in part, never refused: the first
        `max_messages` messages, the first `max_message_chars` characters of each. The audit
        lists what it left out (`Audit.truncated`) and adds an `audit.truncated` finding on
        the first message not read in full, which weighs in no score and no decision.

        `remember=False`: the messages will not come again (an archive's), so their analyses
        are not kept among the recent ones that a conversation sent again reuses.
        """
        given = Conversation.parse(conversation)
        parsed, truncated = self.limits.within(given)
        if not remember:
            for message in parsed.messages:
                analyse_once(message, self._text_context)
        moment = _aware(now) or max((m.at for m in parsed.messages if m.at), default=None)
        ctx = self._context(parsed, moment, "audit", frozenset(range(len(parsed.messages))))
        findings, _ = self._run(ctx)
        scores = principle_scores(findings, self.principles)
        decision = decide(findings, self.policy.verdict).decision
        service = service_measures(ctx, findings, self._chase_checks) if measures else None
        note = self.limits.truncation_note(given) if truncated else None
        if note is not None:
            # In message order: after the findings on the messages before it and on the part
            # of its message that was read.
            position = {m.id: i for i, m in enumerate(given.messages)}
            at = position[note.message_id]
            index = sum(1 for f in findings if position.get(f.message_id, -1) <= at)
            findings.insert(index, note)
        return Audit(
            conversation_id=parsed.id,
            messages=len(parsed.messages),
            findings=tuple(findings),
            scores=scores,
            decision=decision,
            service=service,
            truncated=truncated,
        )


def _aware(moment: datetime | str | None) -> datetime | None:
    """`moment` as an aware datetime: a datetime or an ISO 8601 string, as in the input
    format (UTC when no offset is given; refused near the ends of the calendar)."""
    if moment is None:
        return None
    try:
        if isinstance(moment, str):
            moment = datetime.fromisoformat(time_input(moment))
        if not isinstance(moment, datetime):
            raise ValueError("a time must be a datetime or an ISO 8601 string")
        return valid_time(moment)
    except ValueError as exc:
        raise InputError(str(exc), field="now") from None


_ENGINES: OrderedDict[int, tuple[Policy, Engine]] = OrderedDict()


def engine_for(policy: Policy | None) -> Engine:
    """A cached engine per policy object (building one validates and configures every check)."""
    policy = policy or default_policy()
    key = id(policy)
    cached = _ENGINES.get(key)
    if cached is not None and cached[0] is policy:
        _ENGINES.move_to_end(key)
        return cached[1]
    engine = Engine(policy)
    _ENGINES[key] = (policy, engine)
    while len(_ENGINES) > 8:
        _ENGINES.popitem(last=False)
    return engine


def check_reply(
    conversation: ConversationLike,
    draft: str,
    policy: Policy | None = None,
    now: datetime | str | None = None,
) -> Verdict:
    """Allow, warn or block `draft` as the next reply in `conversation`."""
    return engine_for(policy).check_reply(conversation, draft, now=now)


def guard(
    conversation: ConversationLike,
    draft: str,
    policy: Policy | None = None,
    now: datetime | None = None,
) -> GuardResult:
    """Allow, revise or block a bot's `draft` as the next reply in `conversation`."""
    return engine_for(policy).guard(conversation, draft, now=now)


def audit(
    conversation: ConversationLike,
    policy: Policy | None = None,
    now: datetime | str | None = None,
) -> Audit:
    """Audit a whole conversation: all findings and a 0-100 score per principle."""
    return engine_for(policy).audit(conversation, now=now)
