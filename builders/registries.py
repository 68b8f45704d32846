"""Clinical-trial registry numbers and conference editions named in text."""

from __future__ import annotations

import re

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import conference_iri, slugify, trial_iri
from .records import Mention

__all__ = ["TRIAL_ID", "find_trials", "find_conferences", "conference_of"]

TRIAL_ID = re.compile(
    r"\b(NCT\d{8}|ChiCTR[-\s]?[A-Z]{0,4}-?\d{6,12}|ISRCTN\d{8}|EudraCT[\s:]*\d{4}-\d{6}-\d{2}|\d{4}-\d{6}-\d{2}|"
    r"jRCT\d{10}|CTR\d{8}|ACTRN\d{14}|DRKS\d{8}|KCT\d{7}|CTRI/\d{4}/\d{2,3}/\d{6})\b"
)
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


def find_trials(context: DocumentContext, start: int = 0, end: int | None = None) -> list[tuple[URIRef, int]]:
    """Declare each registry number in the span as an `hk:ClinicalTrial`; returns ``(iri, offset)`` pairs."""
    end = len(context.document.text) if end is None else end
    found = []
    for match in TRIAL_ID.finditer(context.document.text, start, end):
        registry_id = re.sub(r"\s+", "", match.group(1)).replace("EudraCT:", "EudraCT")
        iri = trial_iri(registry_id)
        evidence = context.evidence_at(match.start())
        context.emitter.entity(iri, HK.ClinicalTrial, registry_id, evidence)
        context.emitter.emit(iri, HK.registryId, registry_id, evidence)
        found.append((iri, match.start()))
    return found


def conference_of(context: DocumentContext, mention: Mention) -> URIRef:
    """The edition of a conference series a mention names: the series plus the year beside it.

    The year is taken from the mention's sentence, else from the nearest year in the preceding text
    (digests open with "From December 6–9, 2025, the … Annual Meeting").
    """
    text = context.document.text
    sentence = context.sentence_at(mention.start)
    years = [int(m.group(1)) for m in _YEAR.finditer(sentence.text)]
    if not years:
        before = list(_YEAR.finditer(text, max(0, mention.start - 400), mention.start))
        years = [int(before[-1].group(1))] if before else []
    year = min(years, key=lambda y: abs(sentence.text.find(str(y)) - (mention.start - sentence.start))) if years else None
    series = mention.concept
    iri = conference_iri(slugify(series.iri.rsplit("/", 1)[-1]), year)
    evidence = context.evidence_at(mention.start)
    context.concept(series, evidence)
    label = f"{series.pref_label} {year}" if year else series.pref_label
    context.emitter.entity(iri, HK.Conference, label, evidence)
    context.emitter.emit(iri, HK.series, series.iri, evidence)
    if year:
        context.emitter.emit(iri, HK.year, year, evidence)
    context.linked_concepts.add(series.iri)
    return iri


def find_conferences(context: DocumentContext, start: int = 0, end: int | None = None) -> list[tuple[URIRef, int]]:
    """Every conference edition named in the span, as ``(iri, offset)``."""
    end = len(context.document.text) if end is None else end
    return [(conference_of(context, m), m.start) for m in context.mentions_between(start, end, "conference-series")]
