"""Typed records that cross module lines inside the builders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

if TYPE_CHECKING:
    from .emitter import Emitter

__all__ = ["Document", "Sentence", "Evidence", "Concept", "Mention", "BuildReport", "BuildResult"]


@dataclass(frozen=True)
class Document:
    """A decoded document. Offsets everywhere refer to ``text``."""

    iri: URIRef
    slug: str
    source: str
    text: str
    content_hash: str
    encoding: str


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a line that stands alone, such as a heading) with its character span in the document."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the document and the sentence."""

    document: Document
    sentence: Sentence


@dataclass(frozen=True)
class Concept:
    """A vocabulary concept as the builders need it, read from the ontology's concept schemes."""

    iri: URIRef
    kind: str  # "antigen", "gene", "therapy", "drug", "disease", "mechanism", "adverse-event", "conference-series"
    types: tuple[URIRef, ...]
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    broader: tuple[URIRef, ...] = ()
    targets: tuple[URIRef, ...] = ()
    components: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A stretch of document text that names a concept."""

    concept: Concept
    start: int
    end: int
    surface: str


@dataclass
class BuildReport:
    """What a curator needs to see the gaps: what was found per class and what could not be placed."""

    entities_per_class: Counter = field(default_factory=Counter)
    relations: int = 0
    unplaced_mentions: list[str] = field(default_factory=list)
    unresolved_names: list[str] = field(default_factory=list)


class BuildResult:
    """One document's graph (named by the document IRI) and the report on it.

    The triples stay with the emitter that collected them: the build path wants N-Triples text for the store, and
    an rdflib `graph` is made (once) only for those who read or validate one.
    """

    def __init__(self, document: Document, genre: str, report: BuildReport, emitter: "Emitter"):
        self.document = document
        self.genre = genre
        self.report = report
        self._emitter = emitter

    @cached_property
    def graph(self) -> Graph:
        from .emitter import document_graph  # here: the emitter module imports this one

        return document_graph(self.document, self.ntriples)

    @cached_property
    def ntriples(self) -> str:
        return self._emitter.ntriples()
