"""Loading a policy: the default loads, and every kind of mistake fails with one line that
names the file, the line and the field ("policy.yaml:7: sla.first_response: ...")."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustdesk.checks.conduct.must_disclose import MustDisclose
from trustdesk.checks.respect.jargon import Jargon
from trustdesk.engine import Engine, core
from trustdesk.errors import PolicyError
from trustdesk.policy import default_policy, load_policy, policy_from_dict, policy_from_yaml
from trustdesk.policy.loader import DEFAULT_POLICY_RESOURCE, default_policy_text, policy_text


def test_default_policy_loads_with_every_section() -> None:
    policy = default_policy()
    assert policy is load_policy(None)
    assert policy.source == "default policy"
    assert policy.organisation.timezone == "Europe/London"
    assert policy.facts and policy.never_say and policy.must_disclose and policy.jargon
    assert {rule.id for rule in policy.must_disclose} == {"upgrade-price", "cancellation-fee"}


def test_default_policy_file_loads_from_a_path() -> None:
    import trustdesk.policy as package

    path = Path(package.__file__).parent / DEFAULT_POLICY_RESOURCE
    policy = load_policy(path)
    assert policy.source == str(path)
    assert policy.model_dump() == default_policy().model_dump()
    assert policy.line_of("never_say", "0", "phrase") is not None


def test_an_empty_file_is_the_schema_defaults(tmp_path: Path) -> None:
    file = tmp_path / "policy.yaml"
    file.write_text("# nothing set\n", encoding="utf-8")
    policy = load_policy(file)
    assert policy.never_say == [] and policy.organisation.timezone == "UTC"


def _error(tmp_path: Path, text: str) -> PolicyError:
    file = tmp_path / "policy.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(file)
    error = caught.value
    assert error.source == str(file)
    assert str(error).startswith(f"{file}:")
    return error


# (policy text, line at fault, field at fault, words in the reason)
BAD_POLICIES = [
    pytest.param(
        "name: ok\nsla:\n  first_response: soon\n",
        3,
        "sla.first_response",
        "duration",
        id="wrong-type",
    ),
    pytest.param(
        "name: ok\norganisation:\n  nmae: Acme\n",
        3,
        "organisation.nmae",
        "Extra inputs are not permitted",
        id="unknown-field",
    ),
    pytest.param(
        "organisation:\n  name: Acme\n  timezone: Mars/Olympus\n",
        3,
        "organisation.timezone",
        "unknown timezone",
        id="bad-timezone",
    ),
    pytest.param(
        "never_say:\n  - phrase: calm down\n    reason: Dismissive.\n"
        "  - pattern: '(unclosed'\n    reason: Broken.\n",
        4,
        "never_say.1",
        "invalid pattern",
        id="bad-re2-pattern",
    ),
    pytest.param(
        "must_disclose:\n  - id: fee\n    when:\n      - pattern: '(\\w+) \\1'\n"
        "    mention:\n      - phrase: fee\n    reason: Say the fee.\n",
        4,
        "must_disclose.0.when.0",
        "invalid pattern",
        id="backreference-pattern",
    ),
    pytest.param(
        "facts:\n  - kind: duration\n    topic: refunds\n    triggers: [refund]\n"
        "    min: 10\n    max: 5\n    unit: days\n    statement: 5-10 days.\n",
        2,
        "facts.0",
        "max must not be below min",
        id="min-above-max",
    ),
    pytest.param(
        "verdict:\n  warn_at: block\n  block_at: warn\n",
        1,
        "verdict",
        "block_at",
        id="verdict-order",
    ),
    pytest.param("version: 2\n", 1, "version", "1", id="unknown-version"),
    pytest.param(
        "organisation:\n  business_hours:\n    start: 9:30\n",
        3,
        "organisation.business_hours.start",
        'in quotes, e.g. "09:30"',
        id="unquoted-time",
    ),
]


@pytest.mark.parametrize(("text", "line", "field", "reason"), BAD_POLICIES)
def test_bad_policy_names_file_line_and_field(
    tmp_path: Path, text: str, line: int, field: str, reason: str
) -> None:
    error = _error(tmp_path, text)
    assert (error.line, error.field) == (line, field)
    assert reason in error.reason
    assert str(error) == f"{error.source}:{line}: {field}: {error.reason}"


def test_pattern_errors_read_cleanly(tmp_path: Path) -> None:
    error = _error(tmp_path, "never_say:\n  - pattern: 'a++'\n    reason: Broken.\n")
    assert error.reason == "invalid pattern 'a++': bad repetition operator: ++"


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    error = _error(tmp_path, "name: ok\nsla:\n  first_response: [4h\nverdict: {}\n")
    assert error.line is not None and error.line >= 3
    assert error.reason.startswith("not valid YAML")


def test_a_character_yaml_refuses_is_one_line(tmp_path: Path) -> None:
    error = _error(tmp_path, 'version: 1\nname: "bad\x07"\n')
    assert error.reason.startswith("not valid YAML: unacceptable character #x0007")
    assert "\n" not in str(error) and "unicode string" not in str(error)


def test_a_policy_must_be_a_mapping(tmp_path: Path) -> None:
    error = _error(tmp_path, "- just\n- a list\n")
    assert error.line == 1


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="file not found"):
        load_policy(tmp_path / "absent.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(PolicyError, match="cannot read the file"):
        load_policy(binary)


def test_yaml_text_without_a_file_names_its_source() -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_yaml("sla:\n  update_interval: often\n", source="inline policy")
    assert str(caught.value).startswith("inline policy:2: sla.update_interval: ")


def test_yaml_nested_too_deeply_is_a_policy_error() -> None:
    with pytest.raises(PolicyError, match="nested too deeply"):
        policy_from_yaml("never_say: " + "[" * 5_000 + "]" * 5_000)


def test_policy_text_is_the_file_or_the_bundled_default(tmp_path: Path) -> None:
    file = tmp_path / "policy.yaml"
    file.write_text("revision: r7\n", encoding="utf-8")
    assert policy_text(file) == "revision: r7\n"
    assert policy_text(None) == default_policy_text()
    assert policy_from_yaml(default_policy_text()).model_dump() == default_policy().model_dump()
    with pytest.raises(PolicyError, match="file not found"):
        policy_text(tmp_path / "absent.yaml")


DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize(
    "page",
    [
        "policy.md",
        "checks/respect.jargon.md",
        "checks/conduct.never_say.md",
        "checks/conduct.must_disclose.md",
        "checks/honesty.authority.md",
        "checks/conduct.role_break.md",
    ],
)
def test_policy_examples_in_the_docs_load(page: str) -> None:
    from trustdesk.checks.conduct.never_say import NeverSay

    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in text.split("```yaml\n")[1:]]
    assert blocks
    for block in blocks:
        policy = policy_from_yaml(block, source=page)
        Engine(policy, checks=[Jargon, NeverSay, MustDisclose])


# --- errors found when an engine is built from the policy ----------------------------------


def test_bad_check_params_fail_when_the_engine_is_built(tmp_path: Path) -> None:
    file = tmp_path / "policy.yaml"
    file.write_text(
        "checks:\n  respect.jargon:\n    params:\n      min_reading_ease: hard\n",
        encoding="utf-8",
    )
    policy = load_policy(file)
    with pytest.raises(PolicyError) as caught:
        Engine(policy, checks=[Jargon, MustDisclose])
    error = caught.value
    assert (error.source, error.line) == (str(file), 4)
    assert error.field == "checks.respect.jargon.params.min_reading_ease"


def test_unknown_check_param_fails_when_the_engine_is_built() -> None:
    policy = policy_from_dict({"checks": {"conduct.must_disclose": {"params": {"look": 1}}}})
    with pytest.raises(PolicyError, match=r"checks\.conduct\.must_disclose\.params\.look"):
        Engine(policy, checks=[MustDisclose])


def test_disabled_check_is_not_built() -> None:
    policy = policy_from_dict({"checks": {"respect.jargon": {"enabled": False}}})
    assert Engine(policy, checks=[Jargon, MustDisclose]).checks[0].id == "conduct.must_disclose"


def test_unknown_check_id_fails_against_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine checks ids only when it loads every registered check; stand in a registry
    # of two so this does not depend on every installed check importing.
    monkeypatch.setattr(
        core, "available_checks", lambda: {Jargon.id: Jargon, MustDisclose.id: MustDisclose}
    )
    file = tmp_path / "policy.yaml"
    file.write_text(
        "checks:\n  respect.jargon: {}\n  respect.jargn:\n    enabled: false\n", encoding="utf-8"
    )
    with pytest.raises(PolicyError) as caught:
        Engine(load_policy(file))
    assert (caught.value.line, caught.value.field) == (3, "checks.respect.jargn")
    assert "no check is called 'respect.jargn'" in caught.value.reason


def test_unknown_check_id_fails_with_every_registered_check(tmp_path: Path) -> None:
    file = tmp_path / "policy.yaml"
    file.write_text("checks:\n  promises.vauge:\n    severity: info\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        Engine(load_policy(file))
    assert (caught.value.line, caught.value.field) == (2, "checks.promises.vauge")
