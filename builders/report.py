"""Short study reports: the whole document is one study.

The title is the first heading (or first short line); the byline, when there is one, gives the authors (the first is
``hk:firstAuthor``) and their affiliations, read as letters write them (`front_matter`, `authorship.declare_byline`):
numbered, in "Authors:"/"Affiliations:" fields, or after the names of a "By …" line; the body's sentences are linked to the study
(`relations.link_study`) and read for outcomes (`outcomes.extract_outcomes`). Under section headings, background
and introduction sections are left out: what they name is context, not the study's own finding.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .covered_talks import CoveredTalk, find_covered_talks
from .authorship import declare_byline
from .front_matter import is_front_label, read_front_matter
from .iri import study_iri
from .outcomes import extract_outcomes
from .person_resolver import PersonResolver
from .presenters import block_presenters
from .records import BuildResult, Document, Sentence
from .registries import find_conferences, find_trials
from .relations import link_study

__all__ = ["build", "build_single_study", "document_title", "body_sentences"]

_HEADING = re.compile(r"^\s*#+\s*(.+?)\s*#*\s*$")
_SECTION = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*(?P<name>[A-Z][A-Za-z &/]{2,40}?)\s*(?:\*\*)?\s*[:：]?\s*(?:\*\*)?\s*$")
_CONTEXT_SECTIONS = re.compile(r"^(?:background|introduction|rationale|references|acknowledg\w*|disclosures?|"
                               r"conflicts? of interest|funding)$", re.IGNORECASE)


def document_title(context: DocumentContext) -> Sentence | None:
    """The sentence that titles the document: a markdown ``#`` heading, else the first line under 200 characters (300
    when it stands alone between blank lines);
    an article type, salutation, DOI or journal header above the title is passed over."""
    for sentence in context.sentences[:12]:
        line = sentence.text
        if (_HEADING.match(line) and len(line) < 250 and not line.lstrip("#").strip().isupper()
                and not is_front_label(line)):
            return sentence
    first = next((s for s in context.sentences[:8] if not is_front_label(s.text)), context.sentences[0])
    if len(first.text) < 200:
        return first
    text = context.document.text  # a long title still stands alone on its line, with a blank line below it
    alone = (text[first.end:first.end + 2].strip(" \t") in ("\n\n", "")
             and text[first.start - 1:first.start] in ("", "\n"))
    return first if len(first.text) < 300 and alone else None


def _authors(context: DocumentContext, study: URIRef, people: PersonResolver) -> int:
    """Declare the byline's authors, affiliations and corresponding author; returns where that front matter ends."""
    front = read_front_matter(context.document.text)
    declare_byline(context, study, front, people)
    offsets = ([a.start for a in front.authors] + [a.start for a in front.affiliations if front.authors]
               + [c.start for c in front.corresponding])
    return max((context.sentence_at(offset).end for offset in offsets), default=0)


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
    people = PersonResolver(context)
    byline_end = _authors(context, study, people)
    after = max(byline_end, title_sentence.end if title_sentence else 0)
    talks = find_covered_talks(document.text)

    def in_talk(offset: int) -> bool:
        return any(talk.start <= offset < talk.end for talk in talks)

    sentences = [s for s in ([title_sentence] if title_sentence else []) + body_sentences(context, after)
                 if not in_talk(s.start)]
    link_study(context, study, sentences)
    extract_outcomes(context, study, sentences)
    for trial, offset in find_trials(context):
        if not in_talk(offset):
            context.emitter.emit(study, HK.reportsTrial, trial, context.evidence_at(offset))
    conferences = find_conferences(context)
    for conference, offset in conferences:
        context.emitter.emit(study, HK.presentedAt, conference, context.evidence_at(offset))
    for number, talk in enumerate(talks, start=1):
        _declare_talk(context, people, talk, number, conferences[:1])
    return context.finish(genre)


def _declare_talk(context: DocumentContext, people: PersonResolver, talk: CoveredTalk, number: int,
                  conferences: list[tuple[URIRef, int]]) -> None:
    """A talk the report covers, as a study of its own: its quoted title, its presenters (the first is the first
    author), the meeting, and what its section says."""
    document = context.document
    study = study_iri(document.slug, f"talk-{number}")
    evidence = context.evidence_at(talk.title_start)
    context.emitter.entity(study, HK.Study, talk.title, evidence)
    context.emitter.emit(study, HK.title, talk.title, evidence)
    context.emitter.emit(document.iri, HK.describes, study, evidence)
    for index, person in enumerate(block_presenters(context, people, talk.start, talk.end)):
        context.emitter.emit(study, HK.firstAuthor if index == 0 else HK.author, person, evidence)
    for conference, offset in conferences:
        context.emitter.emit(study, HK.presentedAt, conference, context.evidence_at(offset))
    sentences = context.sentences_between(talk.start, talk.end)
    link_study(context, study, sentences)
    extract_outcomes(context, study, sentences)
    for trial, offset in find_trials(context, talk.start, talk.end):
        context.emitter.emit(study, HK.reportsTrial, trial, context.evidence_at(offset))


def build(document: Document) -> BuildResult:
    """Build a short study report as one study."""
    return build_single_study(DocumentContext.create(document), "report")
