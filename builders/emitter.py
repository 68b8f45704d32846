"""The one path by which a triple enters a document's graph: with its evidence, in the same call.

`Emitter.emit` writes the triple into the document's named graph and an `hk:Evidence` node (an rdf:Statement
naming subject, predicate and object) that points at the sentence, whose text and character offsets it also
writes once. There is no "add provenance later" pass.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from hemakg.ontology import HK

from .iri import evidence_iri, sentence_iri
from .records import Document, Evidence, Sentence

__all__ = ["Emitter", "typed_literal"]


def typed_literal(value) -> Literal:
    """A literal with the datatype the shapes expect: integers, decimals, booleans and plain strings."""
    if isinstance(value, Literal):
        return value
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, (float, Decimal)):
        return Literal(Decimal(str(round(value, 6))).normalize(), datatype=XSD.decimal)
    return Literal(str(value))


class Emitter:
    """Collects one document's triples, each with the sentence it came from."""

    def __init__(self, document: Document):
        self.document = document
        # SimpleMemory: a document graph needs no contexts of its own, and adding and writing it is about a third faster.
        self.graph = Graph(store="SimpleMemory", identifier=document.iri)
        self.graph.bind("hk", HK)
        self.graph.bind("skos", SKOS)
        self._sentences: set[int] = set()
        self._labels: dict[URIRef, str] = {}
        self._types: dict[URIRef, set[URIRef]] = {}
        self.relation_count = 0
        g = self.graph
        g.add((document.iri, RDF.type, HK.Document))
        g.add((document.iri, HK.sourcePath, Literal(document.source)))
        g.add((document.iri, HK.contentHash, Literal(document.content_hash)))

    def record_genre(self, genre: str) -> None:
        """Build metadata, not a fact of the text: which genre builder read the document."""
        self.graph.set((self.document.iri, HK.genre, Literal(genre)))

    def evidence(self, sentence: Sentence) -> Evidence:
        return Evidence(self.document, sentence)

    def _write_sentence(self, sentence: Sentence) -> URIRef:
        iri = sentence_iri(self.document.slug, sentence.index)
        if sentence.index not in self._sentences:
            self._sentences.add(sentence.index)
            g = self.graph
            g.add((iri, RDF.type, HK.Sentence))
            g.add((iri, HK.text, Literal(sentence.text)))
            g.add((iri, HK.startOffset, Literal(sentence.start, datatype=XSD.integer)))
            g.add((iri, HK.endOffset, Literal(sentence.end, datatype=XSD.integer)))
            g.add((iri, HK.inDocument, self.document.iri))
        return iri

    def emit(self, subject: URIRef, predicate: URIRef, obj, evidence: Evidence) -> None:
        """Add ``(subject, predicate, obj)`` to the document graph with the sentence that states it."""
        if evidence is None or evidence.document is not self.document:
            raise ValueError("a triple needs evidence from the document being built")
        obj = obj if isinstance(obj, (URIRef, Literal)) else typed_literal(obj)
        triple = (subject, predicate, obj)
        sentence = self._write_sentence(evidence.sentence)
        node = evidence_iri(self.document.slug, subject, predicate, obj, evidence.sentence.index)
        g = self.graph
        if (node, RDF.type, HK.Evidence) in g:
            return
        if triple not in g and isinstance(obj, URIRef) and predicate not in (RDF.type, SKOS.broader):
            self.relation_count += 1
        g.add(triple)
        g.add((node, RDF.type, HK.Evidence))
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, predicate))
        g.add((node, RDF.object, obj))
        g.add((node, HK.sentence, sentence))

    def entity(self, iri: URIRef, cls: URIRef, label: str, evidence: Evidence, alt_labels=()) -> URIRef:
        """Type and label an entity; the first label given stays its one prefLabel, later ones become altLabels."""
        types = self._types.setdefault(iri, set())
        if cls not in types:
            types.add(cls)
            self.emit(iri, RDF.type, cls, evidence)
        label = " ".join(label.split())
        if iri not in self._labels:
            self._labels[iri] = label
            self.emit(iri, SKOS.prefLabel, Literal(label), evidence)
            self.emit(iri, RDFS.label, Literal(label), evidence)
        elif label and label != self._labels[iri]:
            self.emit(iri, SKOS.altLabel, Literal(label), evidence)
        for alt in alt_labels:
            alt = " ".join(str(alt).split())
            if alt and alt != self._labels[iri]:
                self.emit(iri, SKOS.altLabel, Literal(alt), evidence)
        return iri

    def label_of(self, iri: URIRef) -> str | None:
        return self._labels.get(iri)

    def has_type(self, iri: URIRef, cls: URIRef) -> bool:
        return cls in self._types.get(iri, ())

    def entities(self) -> dict[URIRef, set[URIRef]]:
        """Every typed entity of the document and its classes."""
        return self._types
