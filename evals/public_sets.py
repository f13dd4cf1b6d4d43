"""The headline figures of the public-set scripts in `evals/`, as counts for one table.

Each function here calls the scoring functions of one script (`evals/<name>.py`) as that
script's `main` does, and returns its headline lines as `Measure`s: what was measured, on how
many items, and the counts behind precision and recall, so that every line gets the same
columns and 95% Wilson intervals in docs/quality.md. A script whose data set is not beside
the checkout gives one line saying so. The scripts themselves still print their fuller
reports (per category, per cue, misses).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustdesk.evaluation import CheckScore


@dataclass(frozen=True)
class Measure:
    data_set: str
    what: str
    items: int
    # (right, out of) behind precision and behind recall; None when not measured.
    precision: tuple[int, int] | None
    recall: tuple[int, int] | None
    note: str = ""


def from_score(data_set: str, what: str, items: int, score: Any, note: str = "") -> Measure:
    """A line from a CheckScore-like result (tp/fp/fn under either naming)."""
    if isinstance(score, CheckScore):
        tp, fp, fn = score.true_positives, score.false_positives, score.false_negatives
    else:
        tp, fp, fn = score.tp, score.fp, score.fn
    return Measure(data_set, what, items, (tp, tp + fp), (tp, tp + fn), note)


def _missing(data_set: str, path: Path) -> list[Measure]:
    return [Measure(data_set, f"data set not found ({path.name})", 0, None, None)]


def complaints_twitter() -> list[Measure]:
    import complaints_twitter as script

    name = "complaints-twitter"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    tweets = script.load_tweets()
    brands = [t for t in tweets if t.domain not in script.CHATTER_DOMAINS]
    out = []
    for label, subset in (("all tweets", tweets), ("tweets to brands", brands)):
        for detector in ("upset", "complaint"):
            score = script.detector_score(subset, lambda s, d=detector: bool(getattr(s, d)))
            out.append(from_score(name, f"{detector} detector, {label}", len(subset), score))
    for trigger in ("upset", "complaint"):
        score = script.check_score(tweets, trigger)
        out.append(from_score(name, f"empathy.missing (trigger: {trigger})", len(tweets), score))
    return out


def dark_patterns_princeton() -> list[Measure]:
    import dark_patterns_princeton as script

    name = "dark-patterns-princeton"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    patterns = script.load_patterns()
    scoped = [p for p in patterns if p.category in script.IN_SCOPE]
    out = [
        Measure(
            name,
            "autonomy.pressure, in scope (urgency, scarcity, social proof)",
            len(scoped),
            None,
            (sum(script.flagged(scoped)), len(scoped)),
            "positives only: recall",
        )
    ]
    for category, (hit, total) in script.recall_by(patterns, "category").items():
        if category in script.IN_SCOPE:
            out.append(Measure(name, f"↳ {category}", total, None, (hit, total)))
    return out


def ec_darkpattern() -> list[Measure]:
    import ec_darkpattern as script

    name = "ec-darkpattern"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    rows = script.load_rows()
    out = [from_score(name, "autonomy.pressure, in scope", len(rows), script.score(rows))]
    for label, parity in (("tuning half (even page ids)", 0), ("held-out half (odd ids)", 1)):
        part = [row for row in rows if row.page % 2 == parity]
        out.append(from_score(name, f"↳ {label}", len(part), script.score(part)))
    every = frozenset({r.category for r in rows if r.dark})
    out.append(
        from_score(name, "every dark pattern as positive", len(rows), script.score(rows, every))
    )
    return out


def enron_email_intent() -> list[Measure]:
    import enron_email_intent as script

    name = "enron-email-intent"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    out = []
    for split in script.SPLITS:
        rows = script.load_sentences(split)
        for detector, function in script.DETECTORS.items():
            score = script.detector_score(rows, function)
            out.append(from_score(name, f"{detector} ({split} split)", len(rows), score))
    return out


def epitome_empathy() -> list[Measure]:
    import epitome_empathy as script

    name = "epitome-empathy"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    pairs = script.load_pairs()
    n = len(pairs)
    return [
        from_score(
            name,
            "acknowledgement vs emotional reactions >= 1",
            n,
            script.lexicon_score(pairs, emotional_only=True),
        ),
        from_score(
            name,
            "acknowledgement vs emotional or interpretation >= 1",
            n,
            script.lexicon_score(pairs, emotional_only=False),
        ),
        from_score(name, "empathy.missing, expected when both are 0", n, script.check_score(pairs)),
        from_score(
            name,
            "empathy.missing, expected when emotional reactions are 0",
            n,
            script.check_score(pairs, "emotional"),
        ),
        from_score(
            name,
            "empathy.missing, expected when all three are 0",
            n,
            script.check_score(pairs, "any_empathy"),
        ),
    ]


def jigsaw_toxic_sample() -> list[Measure]:
    import jigsaw_toxic_sample as script

    name = "jigsaw-toxic-sample"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    conversations = script.load()
    score = script.score(conversations).scores[script.CHECK]
    return [from_score(name, "respect.rude", len(conversations), score, "smoke test")]


def presidio_synth_pii() -> list[Measure]:
    import presidio_synth_pii as script

    name = "presidio-synth-pii"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    rows = script.load_rows()
    result = script.score("trustdesk", script.trustdesk_system, rows)
    out = [
        from_score(name, f"sensitive data, exact spans: {kind}", len(rows), s)
        for kind, s in result.exact.items()
    ]
    out.append(from_score(name, "↳ micro, exact spans", len(rows), script._micro(result.exact)))
    out.append(
        from_score(name, "↳ micro, overlapping spans", len(rows), script._micro(result.overlap))
    )
    return out


def stanford_politeness() -> list[Measure]:
    import stanford_politeness as script

    name = "stanford-politeness"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    out = []
    everything: list[dict[str, Any]] = []
    for community in script.COMMUNITIES:
        conversations = script.load(community)
        everything += conversations
        score = script.score(conversations).scores[script.CHECK]
        out.append(
            from_score(
                name, f"respect.rude, impolite vs polite ({community})", len(conversations), score
            )
        )
    score = script.score(everything).scores[script.CHECK]
    out.append(from_score(name, "respect.rude, both communities", len(everything), score))
    return out


def subjective_responses_hearings() -> list[Measure]:
    import subjective_responses_hearings as script

    name = "subjective-responses-hearings"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    report = script.run()
    score = report.scores[script.CHECK]
    return [from_score(name, "transparency.unanswered (dodged)", report.conversations, score)]


def toxichat() -> list[Measure]:
    import toxichat as script

    name = "toxichat"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    out = []
    for split in ("test", "all"):
        conversations = script.load(split)
        score = script.score(conversations).scores[script.CHECK]
        out.append(
            from_score(name, f"respect.rude on bot replies ({split})", len(conversations), score)
        )
    return out


def wiki_weasel_conll2010() -> list[Measure]:
    import wiki_weasel_conll2010 as script

    name = "wiki-weasel-conll2010"
    if not script.DATA.exists():
        return _missing(name, script.DATA)
    rows = script.load("test")
    scores, _, _ = script.measure(rows)
    # The script reports rates; its counts follow from them and the labels.
    positives = sum(label for _, label in rows)
    tp = round(scores["recall"] * positives)
    found = round(tp / scores["precision"]) if scores["precision"] else 0
    return [
        Measure(
            name,
            "vague-time and hedge words -> uncertain sentence",
            len(rows),
            (tp, found),
            (tp, positives),
            "a lexicon probe, not a check",
        )
    ]


def redaction_recall() -> list[Measure]:
    import redaction_recall as script

    out = []
    sets: list[tuple[str, Callable[[], list[Any]]]] = [
        (f"secrets in support ({split})", lambda s=split: script.fixture_lines(s))
        for split in script.SPLITS
    ]
    if script.PRESIDIO.exists():
        sets.append(("presidio-synth-pii secrets", script.presidio_lines))
    for label, lines in sets:
        chosen = lines()
        result = script.score(chosen)
        covered = sum(hit for _, hit in result.kinds.values())
        out.append(
            Measure(
                "desk redaction",
                label,
                len(chosen),
                (result.removed - result.false_alarms, result.removed),
                (covered, result.secrets),
            )
        )
    return out


def language_length() -> list[Measure]:
    import language_length as script

    rows = script.measure(script.load(), (script.MIN_CHARS,))
    return [
        Measure(
            "language replies (ours)",
            f"language identified at the check's min_chars ({script.MIN_CHARS})",
            row.total,
            None,
            (row.correct, row.total),
            "accuracy, in the recall columns",
        )
        for row in rows
    ]


ALL: tuple[Callable[[], list[Measure]], ...] = (
    ec_darkpattern,
    dark_patterns_princeton,
    presidio_synth_pii,
    redaction_recall,
    enron_email_intent,
    complaints_twitter,
    epitome_empathy,
    toxichat,
    stanford_politeness,
    jigsaw_toxic_sample,
    subjective_responses_hearings,
    wiki_weasel_conll2010,
    language_length,
)
