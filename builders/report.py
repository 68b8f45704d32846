"""Short study reports: the whole document is one study.

Its title is the first heading (or first short line); every concept the text names is linked to the study,
trials and conference editions included. Genre builders with finer structure reuse `build_single_study`.
"""

from __future__ import annotations

import re

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import study_iri
from .records import BuildResult, Document
from .registries import find_conferences, find_trials
from .relations import link_mentions

__all__ = ["build", "build_single_study", "document_title"]

_HEADING = re.compile(r"^\s*#+\s*(.+?)\s*#*\s*$")


def document_title(context: DocumentContext):
    """The sentence that titles the document: a markdown ``#`` heading, else the first line under 200 characters."""
    for sentence in context.sentences[:12]:
        line = sentence.text
        if _HEADING.match(line) and len(line) < 250 and not line.lstrip("#").strip().isupper():
            return sentence
    first = context.sentences[0]
    return first if len(first.text) < 200 else None


def build_single_study(context: DocumentContext, genre: str) -> BuildResult:
    document = context.document
    title_sentence = document_title(context)
    title = _HEADING.sub(r"\1", title_sentence.text).strip("*# ") if title_sentence else document.slug
    evidence = context.evidence(title_sentence or context.sentences[0])
    context.emitter.entity(document.iri, HK.Document, title, evidence)
    study = study_iri(document.slug, "study")
    context.emitter.entity(study, HK.Study, title, evidence)
    context.emitter.emit(study, HK.title, title, evidence)
    context.emitter.emit(document.iri, HK.describes, study, evidence)
    link_mentions(context, study, context.mentions)
    for trial, offset in find_trials(context):
        context.emitter.emit(study, HK.reportsTrial, trial, context.evidence_at(offset))
    for conference, offset in find_conferences(context):
        context.emitter.emit(study, HK.presentedAt, conference, context.evidence_at(offset))
    return context.finish(genre)


def build(document: Document) -> BuildResult:
    """Build a short study report as one study."""
    return build_single_study(DocumentContext.create(document), "report")
