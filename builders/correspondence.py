"""Journal letters and short articles: the letter, its authors, the studies it cites and the cohorts of its tables.

The letter itself is an `hk:Study` (the publication) with its front matter (`front_matter`): title, DOI, article
type, journal, year, authors with their numbered institutions and the corresponding author. Every entry of the
reference list is an `hk:Study` the document cites (`references`). A body passage that cites reference n reports
that study, so its facts go to reference n (`citations`), while uncited background and outlook stay document
mentions, except where the authors report their own patients ("we treated …", "our cohort"): from there on the
uncited body is the letter's own study. Each table row is an `hk:Cohort` of the study it reports (`tables`,
`table_cohorts`).
"""

from __future__ import annotations

import re

from rdflib import URIRef

from hemakg.ontology import HK

from .citations import CitedPassage, body_paragraphs, cited_passages, own_data_sentences
from .context import DocumentContext
from .authorship import declare_byline
from .front_matter import FrontMatter, read_front_matter
from .iri import study_iri
from .outcomes import extract_outcomes
from .person_resolver import PersonResolver
from .records import BuildResult, Document
from .references import Reference, declare_references, find_reference_section, read_references, reference_author
from .relations import PREDICATE_BY_KIND, link_study
from .registries import find_conferences, find_trials
from .table_cohorts import declare_table_cohorts
from .tables import find_tables

__all__ = ["build"]


def _declare_letter(context: DocumentContext, front: FrontMatter, resolver: PersonResolver) -> URIRef:
    """The letter as a study: title, type, DOI, journal, year, authors, their institutions, corresponding author."""
    document = context.document
    letter = study_iri(document.slug, "letter")
    title, title_at = front.title or (document.slug, 0)
    evidence = context.evidence_at(title_at)
    context.emitter.entity(document.iri, HK.Document, title, evidence)
    context.emitter.entity(letter, HK.Study, title, evidence)
    context.emitter.emit(letter, HK.title, title, evidence)
    context.emitter.emit(document.iri, HK.describes, letter, evidence)
    if front.title:
        link_study(context, letter, [context.sentence_at(title_at)])
    if front.article_type:
        context.emitter.emit(letter, HK.studyType, front.article_type[0], context.evidence_at(front.article_type[1]))
    for value, predicate in ((front.doi, HK.doi), (front.journal, HK.journal), (front.year, HK.year)):
        if value:
            context.emitter.emit(letter, predicate, value[0], context.evidence_at(value[1]))
    declare_byline(context, letter, front, resolver)
    return letter


def _attribute_passages(context: DocumentContext, studies: dict[int, URIRef], passages: list[CitedPassage]) -> None:
    """Give each cited passage's facts to the study it cites.

    A passage citing one study is read in full (relations and numbers). A sentence citing several ("[9, 10]")
    cannot say which fact is whose, so each cited study keeps only the concepts its own title also names.
    """
    for passage in passages:
        sentences = list(passage.sentences)
        numbers = [n for n in passage.numbers if n in studies]
        if len(numbers) == 1:
            study = studies[numbers[0]]
            link_study(context, study, sentences)
            extract_outcomes(context, study, sentences)
            for sentence in sentences:
                for trial, offset in find_trials(context, sentence.start, sentence.end):
                    context.emitter.emit(study, HK.reportsTrial, trial, context.evidence_at(offset))
            continue
        for number in numbers:
            study = studies[number]
            for sentence in sentences:
                for mention in context.mentions_between(sentence.start, sentence.end):
                    predicate = PREDICATE_BY_KIND.get(mention.concept.kind)
                    if predicate is not None and context.emitter.has(study, predicate, mention.concept.iri):
                        context.link(study, predicate, mention.concept, context.evidence(sentence))


def _link_own_data(context: DocumentContext, letter: URIRef, sentences: list) -> None:
    """What the authors report of their own patients ("we treated 142 adults …") is the letter's: its relations,
    numbers and registry ids."""
    if not sentences:
        return
    link_study(context, letter, sentences)
    extract_outcomes(context, letter, sentences)
    for sentence in sentences:
        for trial, offset in find_trials(context, sentence.start, sentence.end):
            context.emitter.emit(letter, HK.reportsTrial, trial, context.evidence_at(offset))


def _study_reports(context: DocumentContext, studies: dict[int, URIRef], passages: list[CitedPassage]) -> dict[int, str]:
    """What the document says of each cited study: its title and the sentences of passages that cite it."""
    reports = {}
    for number, study in studies.items():
        title = context.emitter.value(study, HK.title)
        reports[number] = str(title or "")
    for passage in passages:
        for number in passage.numbers:
            if number in reports:
                reports[number] += " " + " ".join(s.text for s in passage.sentences)
    return reports


def _link_conference_abstracts(context: DocumentContext, references: list[Reference], studies: dict[int, URIRef]) -> None:
    """Supplement abstracts of the year of the one conference edition the letter reports on were presented there.

    A letter "from ASH 2024" citing abstracts of a 2024 journal supplement cites that meeting's abstracts. With no
    edition, or several, nothing is inferred.
    """
    editions: dict[URIRef, int] = {}
    for edition, offset in find_conferences(context):
        editions.setdefault(edition, offset)
    years = {e: context.emitter.value(e, HK.year) for e in editions}
    if len(editions) != 1 or None in years.values():
        return
    (edition, offset), = editions.items()
    for reference in references:
        if reference.issue and re.search(r"suppl", reference.issue, re.I) and reference.year == years[edition].toPython():
            evidence = context.evidence_at(reference.start)
            context.emitter.emit(studies[reference.number], HK.presentedAt, edition, evidence)


def _author_years(references: list[Reference]) -> dict[tuple[str, int], int]:
    """Entries by their first author's lower-case surname and year, for author–year citations; a surname and year
    that two entries share cite neither."""
    keys: dict[tuple[str, int], int] = {}
    seen: set[tuple[str, int]] = set()
    for reference in references:
        name = reference_author(reference.authors[0]) if reference.authors and reference.year else None
        if name is None:
            continue
        key = (name.family.split()[-1].lower(), reference.year)
        if key in seen:
            keys.pop(key, None)
            continue
        seen.add(key)
        keys[key] = reference.number
    return keys


def build(document: Document) -> BuildResult:
    """Build a journal letter: the letter, its authors, cited studies with their facts, and table cohorts."""
    context = DocumentContext.create(document)
    text = document.text
    section = find_reference_section(text)
    body_end = section[0] if section else len(text)
    front = read_front_matter(text, body_end)
    resolver = PersonResolver(context)
    letter = _declare_letter(context, front, resolver)
    references = read_references(text)
    studies = declare_references(context, references, resolver.people()) if references else {}
    paragraphs = body_paragraphs(text, 0, body_end)
    passages = cited_passages(context.sentences, paragraphs, max(studies), _author_years(references)) if studies else []
    _attribute_passages(context, studies, passages)
    _link_own_data(context, letter, own_data_sentences(context.sentences, paragraphs, passages))
    _link_conference_abstracts(context, references, studies)
    reports = _study_reports(context, studies, passages)
    first_authors = {r.number: name.family for r in references if r.authors
                     and (name := reference_author(r.authors[0])) is not None}
    for number, table in enumerate(find_tables(text, 0, body_end), start=1):
        declare_table_cohorts(context, table, number, letter, studies, reports, first_authors)
    for trial, offset in find_trials(context, 0, body_end):  # named in passing: the document's mention
        if not context.emitter.subjects(HK.reportsTrial, trial):
            context.emitter.emit(document.iri, HK.mentions, trial, context.evidence_at(offset))
    return context.finish("correspondence")
