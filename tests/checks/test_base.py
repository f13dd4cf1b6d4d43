"""The check contract: parameters are the type argument of Check, so `self.params` is typed,
and a check without parameters (a third party's too) still has NoParams."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext, NoParams
from trustdesk.engine import Engine
from trustdesk.model import Finding, Principle, Severity
from trustdesk.policy import Policy


class WordParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    word: str = "credit"


class WordCheck(Check[WordParams]):
    id = "acme.word"
    principle = Principle.FAIR_REMEDY
    severity = Severity.WARN
    summary = "A word."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for _, message in ctx.judged(self.judges):
            start = message.text.find(self.params.word)
            if start >= 0:
                yield self.finding(
                    ctx, message, start, start + len(self.params.word), explanation="The word."
                )


class Plain(Check):
    id = "acme.plain"
    principle = Principle.RESPECT
    severity = Severity.INFO
    summary = "Nothing."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        return iter(())


class OldStyle(Check):
    """Written before checks were generic: it names its model as a class attribute."""

    id = "acme.old"
    principle = Principle.RESPECT
    severity = Severity.INFO
    summary = "Nothing."
    Params = WordParams

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        return iter(())


class NarrowerWordCheck(WordCheck):
    id = "acme.narrower"


def test_the_type_argument_is_the_parameters_model() -> None:
    assert WordCheck.Params is WordParams
    assert WordCheck().params == WordParams()
    assert NarrowerWordCheck.Params is WordParams


def test_a_check_without_parameters_has_none() -> None:
    assert Plain.Params is NoParams
    assert Plain().params == NoParams()


def test_a_check_that_names_its_model_itself_keeps_it() -> None:
    assert OldStyle.Params is WordParams


def test_the_policy_sets_the_typed_parameters() -> None:
    policy = Policy.model_validate({"checks": {"acme.word": {"params": {"word": "voucher"}}}})
    (check,) = Engine(policy, checks=[WordCheck]).checks
    assert isinstance(check, WordCheck) and check.params.word == "voucher"
    conv = {"id": "c1", "messages": [{"id": "m1", "role": "agent", "text": "A voucher for you."}]}
    (finding,) = Engine(policy, checks=[WordCheck]).audit(conv).findings
    assert finding.quote == "voucher"
