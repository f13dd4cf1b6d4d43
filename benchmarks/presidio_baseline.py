"""Presidio's analyzer with only its pattern-based recognizers, runnable offline.

This is the baseline trustdesk's sensitive-data finder is compared with, for quality
(evals/presidio_synth_pii.py) and for speed. Presidio normally needs a spaCy model for its
named-entity recognizer; that recognizer finds people and places, none of which trustdesk
looks for, so the baseline uses Presidio's no-op NLP engine and keeps the regex, checksum and
`phonenumbers` recognizers, which are the ones that find the data trustdesk finds. The e-mail
recognizer checks domains against the public-suffix list bundled with `tldextract` instead of
downloading it, so building and running the analyzer never touches the network.

Needs the `bench` extra (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

from typing import Any

from trustdesk.text.sensitive import SensitiveKind

# Presidio entity types that correspond to a trustdesk SensitiveItem kind. Entities Presidio
# finds that trustdesk does not look for (IP addresses, dates, URLs, …) are left out of the
# comparison; US bank numbers too (Presidio's are any 8-17 digits, and the data sets label none).
PRESIDIO_TO_TRUSTDESK: dict[str, SensitiveKind] = {
    "CREDIT_CARD": "card",
    "IBAN_CODE": "iban",
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "US_SSN": "national_id",
    "UK_NINO": "national_id",
    "US_DRIVER_LICENSE": "national_id",
    "US_PASSPORT": "national_id",
}
PRESIDIO_ENTITIES: tuple[str, ...] = tuple(PRESIDIO_TO_TRUSTDESK)

# Presidio's own default: every result whatever its score.
DEFAULT_SCORE_THRESHOLD = 0.0


def build_presidio_analyzer() -> Any:
    """An AnalyzerEngine for English with Presidio's pattern-based recognizers only.

    Presidio's default English recognizers are loaded, its e-mail recognizer is replaced by
    one that validates domains offline, and the UK National Insurance number recognizer
    (shipped disabled) is added so the national-ID coverage matches trustdesk's.
    """
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import EmailRecognizer, UkNinoRecognizer

    offline_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class OfflineEmailRecognizer(EmailRecognizer):  # type: ignore[misc,unused-ignore]
        def validate_result(self, pattern_text: str) -> bool:
            return bool(offline_extract(pattern_text).fqdn)

    nlp_engine = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}])
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    registry.remove_recognizer("EmailRecognizer")
    registry.add_recognizer(OfflineEmailRecognizer())
    registry.add_recognizer(UkNinoRecognizer())
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def find_with_presidio(
    analyzer: Any,
    text: str,
    *,
    score_threshold: float = DEFAULT_SCORE_THRESHOLD,
) -> list[tuple[SensitiveKind, int, int]]:
    """(trustdesk kind, start, end) for each Presidio result of a mapped entity type."""
    results = analyzer.analyze(
        text=text, language="en", entities=list(PRESIDIO_ENTITIES), score_threshold=score_threshold
    )
    return sorted((PRESIDIO_TO_TRUSTDESK[r.entity_type], r.start, r.end) for r in results)
