"""Findings frozen over the samples, the labelled fixtures, the real dev conversations and the
public labelled sets.

A refactor must not change what the engine reports. Each corpus is audited, and every org
message is also judged as a draft (`check_reply` with the history before it), and the result
is compared with a snapshot in `tests/fixtures/frozen/`. A deliberate change of findings
regenerates the snapshot in the same commit, so the diff shows what changed:

    TRUSTDESK_FREEZE=1 pytest tests/engine/test_frozen_findings.py

The public labelled sets in ../shared/data are turned into conversations as the scripts in
`evals/` turn them (a set measured sentence by sentence, or with no script, as one message a
text, from the side its SOURCE.md names), audited with every check, and only a digest is frozen
in `tests/fixtures/frozen/public/`: the sha256 of the findings.jsonl `trustdesk audit` writes
for each data file, and counts. Several of those sets may not be redistributed, so no text of
theirs is kept here; a digest that moved says that findings changed, and auditing the file
before and after the change says which. They are skipped when ../shared is absent.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from trustdesk.engine import Engine
from trustdesk.io import read_conversations
from trustdesk.io.archive import audit_archive
from trustdesk.model import Conversation, Finding
from trustdesk.samples import load_samples

HERE = Path(__file__).resolve().parent
FROZEN = HERE.parent / "fixtures" / "frozen"
FIXTURES = HERE.parent / "fixtures"
SHARED_DATA = HERE.parents[2] / "shared" / "data"
SHARED_DEV = SHARED_DATA / "support-real-dev"
EVALS = HERE.parents[1] / "evals"
FROZEN_PUBLIC = FROZEN / "public"


def _labelled(path: Path) -> Iterator[Conversation]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            record.pop("expect", None)
            yield Conversation.parse(record)


def _corpora() -> dict[str, Any]:
    corpora: dict[str, Any] = {
        "samples": lambda: [Conversation.parse(s) for s in load_samples()],
        "fixtures": lambda: [
            c for path in sorted(FIXTURES.glob("*_labelled.jsonl")) for c in _labelled(path)
        ],
    }
    if SHARED_DEV.is_dir():
        corpora["support-real-dev"] = lambda: list(
            read_conversations([str(p) for p in sorted(SHARED_DEV.glob("*.jsonl"))], strict=True)
        )
    return corpora


def _digest(finding: Finding) -> str:
    # Explanations and fixes are long; a short digest still shows that one changed.
    words = json.dumps(
        [finding.explanation, finding.suggestion, dict(finding.data)], sort_keys=True, default=str
    )
    return hashlib.sha256(words.encode()).hexdigest()[:12]


def _finding(finding: Finding) -> list[Any]:
    return [
        finding.message_id,
        finding.check,
        finding.severity.value,
        finding.confidence,
        finding.start,
        finding.end,
        _digest(finding),
    ]


def _freeze(conversations: list[Conversation]) -> dict[str, Any]:
    engine = Engine()
    frozen: dict[str, Any] = {}
    for conversation in conversations:
        audit = engine.audit(conversation)
        drafts = {}
        for index, message in enumerate(conversation.messages):
            if not message.is_org or message.at is None:
                continue
            history = conversation.model_copy(update={"messages": conversation.messages[:index]})
            verdict = engine.check_reply(
                history, message.text, now=message.at, role=message.role, author=message.author
            )
            drafts[message.id] = [verdict.decision.value, [_finding(f) for f in verdict.findings]]
        frozen[conversation.id] = {
            "decision": audit.decision.value,
            "scores": {p.value: s for p, s in audit.scores.items()},
            "service": audit.service.to_dict() if audit.service else None,
            "findings": [_finding(f) for f in audit.findings],
            "drafts": drafts,
        }
    return frozen


@pytest.mark.parametrize("corpus", sorted(_corpora()))
def test_findings_are_as_frozen(corpus: str) -> None:
    actual = _freeze(_corpora()[corpus]())
    path = FROZEN / f"{corpus}.json"
    if os.environ.get("TRUSTDESK_FREEZE") == "1":
        FROZEN.mkdir(exist_ok=True)
        # One conversation a line: a deliberate change shows, in the diff, which ones moved.
        lines = (
            f"{json.dumps(key)}: {json.dumps(actual[key], sort_keys=True)}"
            for key in sorted(actual)
        )
        path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    changed = sorted(k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))
    assert not changed, f"{len(changed)} conversations changed, e.g. {changed[:5]}"


def _script(name: str) -> ModuleType:
    """`evals/<name>.py`, loaded by path (the scripts are not a package)."""
    if str(EVALS) not in sys.path:
        sys.path.insert(0, str(EVALS))  # they import their shared code from their folder
    spec = importlib.util.spec_from_file_location(f"{name}_frozen", EVALS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in a script look their module up
    spec.loader.exec_module(module)
    return module


def _one_message(role: str, prefix: str, texts: Iterator[str]) -> list[dict[str, Any]]:
    return [
        {"id": f"{prefix}-{n}", "messages": [{"id": "m1", "role": role, "text": text}]}
        for n, text in enumerate(texts)
    ]


def _dialogues(prefix: str, dialogues: Iterator[list[tuple[str, str]]]) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{prefix}-{n}",
            "messages": [
                {"id": f"m{i}", "role": role, "text": text} for i, (role, text) in enumerate(turns)
            ],
        }
        for n, turns in enumerate(dialogues)
    ]


def _mentalmanip(name: str) -> list[dict[str, Any]]:
    """Two-person dialogues ("Person1: ..." a line): Person1 as the customer, Person2 as the
    agent, whose manipulation or blame the checks would flag."""
    with (SHARED_DATA / "mentalmanip" / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    roles = {"Person1": "customer", "Person2": "agent"}

    def turns(dialogue: str) -> list[tuple[str, str]]:
        found = []
        for line in dialogue.splitlines():
            speaker, _, text = line.partition(":")
            if speaker.strip() in roles and text.strip():
                found.append((roles[speaker.strip()], text.strip()))
        return found

    return _dialogues("mentalmanip", (turns(row["Dialogue"]) for row in rows))


def _esconv() -> list[dict[str, Any]]:
    """Emotional-support chats: the seeker ("speaker") as the customer, the supporter
    ("listener") as the agent whose empathy is judged."""
    path = SHARED_DATA / "esconv-failed" / "FailedESConv.json"
    chats = json.loads(path.read_text(encoding="utf-8"))
    roles = {"speaker": "customer", "listener": "agent"}
    return _dialogues(
        "esconv",
        (
            [
                (roles[turn["speaker"]], turn["content"].strip())
                for turn in chat["dialog"]
                if turn["speaker"] in roles and turn["content"].strip()
            ]
            for chat in chats
        ),
    )


def _toxichat(split: str) -> Callable[[], list[dict[str, Any]]]:
    return lambda: _script("toxichat").load(split)


def _politeness(community: str) -> Callable[[], list[dict[str, Any]]]:
    return lambda: _script("stanford_politeness").load(community)


# Each public data file (its path under ../shared/data) and the conversations the script in
# evals/ that measures a check on it builds (the set's SOURCE.md says what each labels).
PUBLIC_FILES: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "complaints-twitter/complaints-data.csv": lambda: (
        script := _script("complaints_twitter")
    ).labelled(script.load_tweets()),
    "dark-patterns-princeton/dark-patterns.csv": lambda: _one_message(
        "agent", "dp", (p.text for p in _script("dark_patterns_princeton").load_patterns())
    ),
    "ec-darkpattern/dataset.tsv": lambda: (script := _script("ec_darkpattern")).labelled(
        script.load_rows()
    ),
    # The three files hold ratings of the same (post, response) pairs: one corpus.
    "epitome-empathy": lambda: (script := _script("epitome_empathy")).labelled(script.load_pairs()),
    "jigsaw-toxic-sample/test_examples.csv": lambda: _script("jigsaw_toxic_sample").load(),
    "stanford-politeness/wikipedia.annotated.csv": _politeness("wikipedia"),
    "stanford-politeness/stack-exchange.annotated.csv": _politeness("stack-exchange"),
    "subjective-responses-hearings/gold_full_data.tar.gz": lambda: (
        script := _script("subjective_responses_hearings")
    ).labelled(script.load_rows()),
    "toxichat/train.jsonl": _toxichat("train"),
    "toxichat/dev.jsonl": _toxichat("dev"),
    "toxichat/test.jsonl": _toxichat("test"),
    # Sets measured sentence by sentence (or with no script): each text one message, from
    # the side its SOURCE.md maps it to.
    "enron-email-intent/Ask0729-fixed.txt": lambda: _sentences(
        "customer", "enron", _script("enron_email_intent").load_sentences("train")
    ),
    "enron-email-intent/testSet-qualifiedBatch-fixed.txt": lambda: _sentences(
        "customer", "enron", _script("enron_email_intent").load_sentences("test")
    ),
    "wiki-weasel-conll2010/train.csv": lambda: _sentences(
        "agent", "weasel", _script("wiki_weasel_conll2010").load("train")
    ),
    "wiki-weasel-conll2010/test.csv": lambda: _sentences(
        "agent", "weasel", _script("wiki_weasel_conll2010").load("test")
    ),
    "presidio-synth-pii/synth_dataset_v2.json": lambda: _one_message(
        "agent", "pii", (row["full_text"] for row in _script("presidio_synth_pii").load_rows())
    ),
    "mentalmanip/mentalmanip_con.csv": lambda: _mentalmanip("mentalmanip_con.csv"),
    "mentalmanip/mentalmanip_maj.csv": lambda: _mentalmanip("mentalmanip_maj.csv"),
    "esconv-failed/FailedESConv.json": _esconv,
    # holisticbias-descriptors holds no texts to audit: descriptors and templates only.
}


def _sentences(role: str, prefix: str, rows: list[tuple[str, bool]]) -> list[dict[str, Any]]:
    return _one_message(role, prefix, (text for text, _ in rows))


def _audited_digest(conversations: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    """The sha256 of the findings.jsonl that auditing `conversations` writes, and counts."""
    archive = folder / "input.jsonl"
    with archive.open("w", encoding="utf-8") as out:
        for conversation in conversations:
            record = {k: v for k, v in conversation.items() if k != "expect"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    audit_archive([str(archive)], folder / "audit", engine=Engine(), strict=True)
    findings = (folder / "audit" / "findings.jsonl").read_bytes()
    checks = Counter(json.loads(line)["check"] for line in findings.splitlines())
    return {
        "findings_sha256": hashlib.sha256(findings).hexdigest(),
        "conversations": len(conversations),
        "messages": sum(len(c["messages"]) for c in conversations),
        "findings": sum(checks.values()),
        "by_check": dict(sorted(checks.items())),
    }


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(PUBLIC_FILES))
def test_public_set_findings_are_as_frozen(name: str, tmp_path: Path) -> None:
    if not (SHARED_DATA / name).exists():
        pytest.skip(f"{name} is not in ../shared/data")
    actual = _audited_digest(PUBLIC_FILES[name](), tmp_path)
    path = FROZEN_PUBLIC / f"{name.replace('/', '--')}.json"
    if os.environ.get("TRUSTDESK_FREEZE") == "1":
        FROZEN_PUBLIC.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, indent=1) + "\n", encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == actual
