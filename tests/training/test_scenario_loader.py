"""Scenario files: a mistake is one line naming the file, line and field; JSONL works too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustdesk.errors import InputError
from trustdesk.training import load_many, load_scenarios, shipped_scenarios
from trustdesk.training.loader import scenarios_from_jsonl, scenarios_from_yaml
from trustdesk.training.practice import overlay

GOOD = """\
scenarios:
  - id: own-refund
    title: Our own refund scenario
    principles: [honesty]
    situation: The customer asks when the refund arrives.
    good_reply: Gives the real timeline.
    conversation:
      id: own-1
      messages:
        - id: c1
          role: customer
          at: "2026-03-02T10:00:00+00:00"
          text: When will my refund arrive?
    exemplary:
      - text: Refunds reach your account within 5-10 business days of approval.
    poor:
      - text: The refund will reach your account within 24 hours.
"""


def test_a_team_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(GOOD)
    [scenario] = load_scenarios(path)
    assert scenario.id == "own-refund"
    assert scenario.reply_time.isoformat() == "2026-03-02T10:10:00+00:00"


def test_a_wrong_field_names_the_file_line_scenario_and_field(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(GOOD.replace("principles: [honesty]", "principles: [kindness]"))
    with pytest.raises(InputError) as error:
        load_scenarios(path)
    assert str(error.value).startswith(f"{path}:4: own-refund: principles.0: Input should be")


def test_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(GOOD.replace("    good_reply:", "    good_replies: x\n    good_reply:"))
    with pytest.raises(InputError, match="good_replies: Extra inputs are not permitted"):
        load_scenarios(path)


def test_broken_yaml_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text("scenarios:\n  - id: [unclosed\n")
    with pytest.raises(InputError, match=r"ours.yaml:\d+: not valid YAML"):
        load_scenarios(path)


def test_jsonl_holds_one_scenario_a_line_and_names_the_bad_line(tmp_path: Path) -> None:
    import yaml

    item = yaml.safe_load(GOOD)["scenarios"][0]
    path = tmp_path / "ours.jsonl"
    second = {**item, "id": "own-two", "title": ""}
    path.write_text(json.dumps(item) + "\n\n" + json.dumps(second) + "\n")
    with pytest.raises(InputError) as error:
        load_scenarios(path)
    assert str(error.value).startswith(f"{path}:3: own-two: title:")
    path.write_text(json.dumps(item) + "\n")
    assert [s.id for s in load_scenarios(path)] == ["own-refund"]


def test_an_id_given_twice_across_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD)
    with pytest.raises(InputError, match="'own-refund' is used twice"):
        load_many([tmp_path / "a.yaml", tmp_path / "b.yaml"])


def test_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_scenarios(tmp_path / "none.yaml")


def test_a_conversation_without_times_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(GOOD.replace('          at: "2026-03-02T10:00:00+00:00"\n', ""))
    with pytest.raises(InputError, match="needs its time"):
        load_scenarios(path)


def test_shipped_scenarios_have_distinct_ids_and_say_where_they_come_from() -> None:
    shipped = shipped_scenarios()
    assert len({s.id for s in shipped}) == len(shipped)
    assert {s.origin for s in shipped} == {"shipped"}


def test_overlay_merges_mappings_extends_lists_and_replaces_values() -> None:
    base = {"a": {"b": 1, "c": 2}, "rules": [1], "name": "x"}
    assert overlay(base, {"a": {"c": 3}, "rules": [2], "name": "y"}) == {
        "a": {"b": 1, "c": 3},
        "rules": [1, 2],
        "name": "y",
    }
    assert base == {"a": {"b": 1, "c": 2}, "rules": [1], "name": "x"}


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_is_scenarios_or_one_clear_error(text: str) -> None:
    for read in (scenarios_from_yaml, scenarios_from_jsonl):
        try:
            read(text, source="any.txt")
        except InputError as error:
            assert str(error).startswith("any.txt")
            assert "\n" not in str(error)


@settings(max_examples=100, deadline=None)
@given(
    data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from(["id", "title", "scenarios", "conversation"]), inner)
        ),
        max_leaves=12,
    )
)
def test_any_json_shape_is_refused_in_one_line(data: object) -> None:
    try:
        scenarios_from_jsonl(json.dumps(data), source="any.jsonl")
    except InputError as error:
        assert "\n" not in str(error)
