"""Short study reports: the whole document is one study.

The title is the first heading (or first short line); the byline, when there is one, gives the authors (the first is
``hk:firstAuthor``) and their numbered affiliations; the body's sentences are linked to the study
(`relations.link_study`) and read for outcomes (`outcomes.extract_outcomes`). Under section headings, background
and introduction sections are left out: what they name is context, not the study's own finding.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .front_matter import read_front_matter
from .institutions import declare_institution, split_affiliation
from .iri import study_iri
from .outcomes import extract_outcomes
from .people import PersonResolver, parse_person_name
from .records import BuildResult, Document, Sentence
from .registries import find_conferences, find_trials
from .relations import link_study

__all__ = ["build", "build_single_study", "document_title", "body_sentences"]

_HEADING = re.compile(r"^\s*#+\s*(.+?)\s*#*\s*$")
_SECTION = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*(?P<name>[A-Z][A-Za-z &/]{2,40}?)\s*(?:\*\*)?\s*[:：]?\s*(?:\*\*)?\s*$")
_CONTEXT_SECTIONS = re.compile(r"^(?:background|introduction|rationale|references|acknowledg\w*|disclosures?|"
                               r"conflicts? of interest|funding)$", re.IGNORECASE)
_BY_LINE = re.compile(r"^\s*(?:\*\*)?(?:by|authors?\s*[:：])\s*(?:\*\*)?\s*(?P<names>.+)$", re.IGNORECASE)


def document_title(context: DocumentContext) -> Sentence | None:
    """The sentence that titles the document: a markdown ``#`` heading, else the first line under 200 characters."""
    for sentence in context.sentences[:12]:
        line = sentence.text
        if _HEADING.match(line) and len(line) < 250 and not line.lstrip("#").strip().isupper():
            return sentence
    first = context.sentences[0]
    return first if len(first.text) < 200 else None


def _byline_names(context: DocumentContext, title: Sentence | None) -> list[tuple[str, int, tuple[str, ...]]]:
    """Authors as ``(name, offset, affiliation markers)``: a marked byline, else a "By A, B and C" line."""
    front = read_front_matter(context.document.text)
    if front.authors:
        return [(a.name, a.start, a.markers) for a in front.authors]
    after = [s for s in context.sentences[:8] if title is None or s.start > title.start]
    for sentence in after[:3]:
        match = _BY_LINE.match(sentence.text)
        if not match:
            continue
        names = [n.strip(" .*") for n in re.split(r",\s*|\s+and\s+|\s*&\s*", match.group("names"))]
        people = [(n, sentence.start + sentence.text.find(n), ()) for n in names if parse_person_name(n)]
        if people:
            return people
    return []


def _authors(context: DocumentContext, study: URIRef, title: Sentence | None) -> int:
    """Declare the byline's authors and their affiliations; returns where the byline and affiliations end."""
    front = read_front_matter(context.document.text)
    affiliations = {a.marker: a for a in front.affiliations}
    people = PersonResolver(context)
    end = 0
    for index, (name, offset, markers) in enumerate(_byline_names(context, title)):
        evidence = context.evidence_at(offset)
        institution = None
        for marker in markers:
            if marker in affiliations and split_affiliation(affiliations[marker].text):
                affiliation = affiliations[marker]
                institution = declare_institution(context, split_affiliation(affiliation.text),
                                                  context.evidence_at(affiliation.start))
                end = max(end, context.sentence_at(affiliation.start).end)
                break
        if not markers and len(affiliations) == 1:
            affiliation = next(iter(affiliations.values()))
            if split_affiliation(affiliation.text):
                institution = declare_institution(context, split_affiliation(affiliation.text),
                                                  context.evidence_at(affiliation.start))
        person = people.person(name, evidence, institution)
        context.emitter.emit(study, HK.author, person, evidence)
        if index == 0:
            context.emitter.emit(study, HK.firstAuthor, person, evidence)
        end = max(end, context.sentence_at(offset).end)
    return end


def body_sentences(context: DocumentContext, after: int) -> list[Sentence]:
    """The sentences after ``after`` that report the study: section headings and background sections left out."""
    chosen = []
    skipping = False
    for sentence in context.sentences:
        if sentence.start < after:
            continue
        section = _SECTION.match(sentence.text)
        if section and len(sentence.text) < 60 and not sentence.text.rstrip().endswith("."):
            skipping = bool(_CONTEXT_SECTIONS.match(section.group("name").strip()))
            continue
        if not skipping:
            chosen.append(sentence)
    return chosen


def build_single_study(context: DocumentContext, genre: str) -> BuildResult:
    """Build the document as one study: title, authors, and what its body sentences say."""
    document = context.document
    title_sentence = document_title(context)
    title = _HEADING.sub(r"\1", title_sentence.text).strip("*# ") if title_sentence else document.slug
    evidence = context.evidence(title_sentence or context.sentences[0])
    context.emitter.entity(document.iri, HK.Document, title, evidence)
    study = study_iri(document.slug, "study")
    context.emitter.entity(study, HK.Study, title, evidence)
    context.emitter.emit(study, HK["title"], title, evidence)
    context.emitter.emit(document.iri, HK.describes, study, evidence)
    byline_end = _authors(context, study, title_sentence)
    after = max(byline_end, title_sentence.end if title_sentence else 0)
    sentences = ([title_sentence] if title_sentence else []) + body_sentences(context, after)
    link_study(context, study, sentences)
    extract_outcomes(context, study, sentences)
    for trial, offset in find_trials(context):
        context.emitter.emit(study, HK.reportsTrial, trial, context.evidence_at(offset))
    for conference, offset in find_conferences(context):
        context.emitter.emit(study, HK.presentedAt, conference, context.evidence_at(offset))
    return context.finish(genre)


def build(document: Document) -> BuildResult:
    """Build a short study report as one study."""
    return build_single_study(DocumentContext.create(document), "report")
