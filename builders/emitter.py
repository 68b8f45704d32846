"""The one path by which a triple enters a document's graph: with its provenance, in the same call.

Provenance takes two forms. Naming an entity (its rdf:type, its skos labels, the document's hk:mentions of a
concept) is recorded as a mention link, ``entity hk:mentionedIn sentence``: one triple per entity and sentence.
Every other statement gets an `hk:Evidence` node (a reified statement: hk:Evidence is an rdf:Statement in the
ontology) naming subject, predicate and object, that points at the sentence. Sentence text and character offsets
are written once. There is no "add provenance later" pass. What the ontology entails is not repeated in every
document: rdf:type rdf:Statement of each evidence node, rdfs:label beside each skos:prefLabel.

Why two forms: an evidence node costs five quads, and the store's writing, not the reading of text, bounds how fast
a corpus is built. Reifying every type and label made provenance 85% of a document's 2,500 quads; a mention link
says the same (which sentence names the entity) in one.

The emitter keeps plain tuples and writes N-Triples text itself (each distinct term formatted once); an rdflib graph
is read from that text only when someone asks for one (tests, SHACL validation): building one triple by triple used
to be most of a build.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD
from rdflib.term import _is_valid_uri

from hemakg.ontology import HK, NAMING_PREDICATES

from .iri import evidence_iri, sentence_iri
from .records import Document, Evidence, Sentence

__all__ = ["Emitter", "document_graph", "typed_literal", "ntriples_term"]

Triple = tuple[URIRef, URIRef, "URIRef | Literal"]


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


def ntriples_term(term: URIRef | Literal) -> str:
    """One term as N-Triples writes it.

    Examples
    --------
    >>> ntriples_term(URIRef("urn:a"))
    '<urn:a>'
    >>> ntriples_term(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    >>> ntriples_term(Literal(3, datatype=XSD.integer))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> ntriples_term(URIRef("urn:a b"))
    Traceback (most recent call last):
    ...
    ValueError: not an IRI that N-Triples can write: 'urn:a b'
    """
    if isinstance(term, URIRef):
        if not _is_valid_uri(term):
            raise ValueError(f"not an IRI that N-Triples can write: {str(term)!r}")
        return f"<{term}>"
    quoted = '"' + (str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
                    .replace("\r", "\\r")) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


_NT_TYPE, _NT_SUBJECT, _NT_PREDICATE, _NT_OBJECT = (
    ntriples_term(t) for t in (RDF.type, RDF.subject, RDF.predicate, RDF.object))
_NT_EVIDENCE, _NT_HAS_SENTENCE, _NT_SENTENCE, _NT_TEXT, _NT_START, _NT_END, _NT_IN_DOCUMENT, _NT_GENRE = (
    ntriples_term(t) for t in (HK.Evidence, HK.sentence, HK.Sentence, HK.text, HK.startOffset, HK.endOffset,
                               HK.inDocument, HK.genre))
_NT_MENTIONED_IN = ntriples_term(HK.mentionedIn)
_NT_INTEGER = ntriples_term(XSD.integer)


class Emitter:
    """Collects one document's triples, each with the sentence it came from."""

    def __init__(self, document: Document):
        self.document = document
        self._facts: dict[Triple, None] = {}  # insertion-ordered set
        self._objects: dict[tuple, list] = {}  # (subject, predicate) → objects
        self._subjects: dict[tuple, list] = {}  # (predicate, object) → subjects
        self._evidence: dict[tuple[URIRef, URIRef, object, int], None] = {}
        self._sentences: dict[int, Sentence] = {}
        self._mentioned: dict[tuple[URIRef, int], None] = {}  # (entity, sentence index), insertion-ordered
        self._labels: dict[URIRef, str] = {}
        self._types: dict[URIRef, set[URIRef]] = {}
        self._genre: str | None = None
        self.relation_count = 0
        self._add((document.iri, RDF.type, HK.Document))
        self._add((document.iri, HK.sourcePath, Literal(document.source)))
        self._add((document.iri, HK.contentHash, Literal(document.content_hash)))

    def record_genre(self, genre: str) -> None:
        """Build metadata, not a fact of the text: which genre builder read the document."""
        self._genre = genre

    def evidence(self, sentence: Sentence) -> Evidence:
        return Evidence(self.document, sentence)

    def _add(self, triple: Triple) -> bool:
        if triple in self._facts:
            return False
        self._facts[triple] = None
        subject, predicate, obj = triple
        self._objects.setdefault((subject, predicate), []).append(obj)
        self._subjects.setdefault((predicate, obj), []).append(subject)
        return True

    def emit(self, subject: URIRef, predicate: URIRef, obj, evidence: Evidence) -> None:
        """Add ``(subject, predicate, obj)`` to the document graph with the sentence that states it."""
        if evidence is None or evidence.document is not self.document:
            raise ValueError("a triple needs evidence from the document being built")
        obj = obj if isinstance(obj, (URIRef, Literal)) else typed_literal(obj)
        sentence = evidence.sentence
        if predicate in NAMING_PREDICATES or predicate == HK.mentions:
            self._mention(obj if predicate == HK.mentions else subject, sentence)
        else:
            key = (subject, predicate, obj, sentence.index)
            if key in self._evidence:
                return
            self._evidence[key] = None
            self._sentences.setdefault(sentence.index, sentence)
        if self._add((subject, predicate, obj)) and isinstance(obj, URIRef) and predicate not in (RDF.type, SKOS.broader):
            self.relation_count += 1

    def _mention(self, entity: URIRef, sentence: Sentence) -> None:
        self._mentioned.setdefault((entity, sentence.index), None)
        self._sentences.setdefault(sentence.index, sentence)

    def entity(self, iri: URIRef, cls: URIRef, label: str, evidence: Evidence, alt_labels=()) -> URIRef:
        """Type and label an entity; the first label given stays its one prefLabel, later ones become altLabels.

        Every call links the entity to the sentence that names it, also when its type and label are known already.
        """
        self._mention(iri, evidence.sentence)
        types = self._types.setdefault(iri, set())
        if cls not in types:
            types.add(cls)
            self.emit(iri, RDF.type, cls, evidence)
        label = " ".join(label.split())
        if iri not in self._labels:
            self._labels[iri] = label
            self.emit(iri, SKOS.prefLabel, Literal(label), evidence)  # ⊑ rdfs:label (SKOS), not repeated
        elif label and label != self._labels[iri]:
            self.emit(iri, SKOS.altLabel, Literal(label), evidence)
        for alt in alt_labels:
            alt = " ".join(str(alt).split())
            if alt and alt != self._labels[iri]:
                self.emit(iri, SKOS.altLabel, Literal(alt), evidence)
        return iri

    # --- reading back what the document has said so far ---------------------------------------------------
    def label_of(self, iri: URIRef) -> str | None:
        return self._labels.get(iri)

    def has_type(self, iri: URIRef, cls: URIRef) -> bool:
        return cls in self._types.get(iri, ())

    def entities(self) -> dict[URIRef, set[URIRef]]:
        """Every typed entity of the document and its classes."""
        return self._types

    def has(self, subject: URIRef, predicate: URIRef, obj) -> bool:
        return (subject, predicate, obj) in self._facts

    def value(self, subject: URIRef, predicate: URIRef):
        """The first object stated for ``subject`` and ``predicate``, or None."""
        found = self._objects.get((subject, predicate))
        return found[0] if found else None

    def objects(self, subject: URIRef, predicate: URIRef) -> list:
        return list(self._objects.get((subject, predicate), ()))

    def subjects(self, predicate: URIRef, obj) -> list:
        return list(self._subjects.get((predicate, obj), ()))

    def evidenced(self) -> Iterator[tuple[URIRef, URIRef, object, Sentence]]:
        """Every statement with an evidence node so far (not namings): subject, predicate, object, sentence."""
        for subject, predicate, obj, index in list(self._evidence):
            yield subject, predicate, obj, self._sentences[index]

    # --- output ------------------------------------------------------------------------------------------
    def ntriples(self) -> str:
        """The document graph as N-Triples text, each distinct term formatted once."""
        formatted: dict = {}

        def nt(term) -> str:
            text = formatted.get(term)
            if text is None:
                text = formatted[term] = ntriples_term(term)
            return text

        document = nt(self.document.iri)
        lines = [f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in self._facts]
        if self._genre is not None:
            lines.append(f"{document} {_NT_GENRE} {nt(Literal(self._genre))} .\n")
        slug = self.document.slug
        sentences = {}
        for index in sorted(self._sentences):
            sentence = self._sentences[index]
            iri = sentences[index] = ntriples_term(sentence_iri(slug, index))
            lines.append(
                f"{iri} {_NT_TYPE} {_NT_SENTENCE} .\n"
                f"{iri} {_NT_TEXT} {ntriples_term(Literal(sentence.text))} .\n"
                f"{iri} {_NT_START} \"{sentence.start}\"^^{_NT_INTEGER} .\n"
                f"{iri} {_NT_END} \"{sentence.end}\"^^{_NT_INTEGER} .\n"
                f"{iri} {_NT_IN_DOCUMENT} {document} .\n"
            )
        lines.extend(f"{nt(entity)} {_NT_MENTIONED_IN} {sentences[index]} .\n" for entity, index in self._mentioned)
        nodes: set[str] = set()
        for subject, predicate, obj, index in self._evidence:
            node = ntriples_term(evidence_iri(slug, subject, predicate, obj, index))
            if node in nodes:  # two statements whose terms read alike: the first one speaks for both
                continue
            nodes.add(node)
            lines.append(
                f"{node} {_NT_TYPE} {_NT_EVIDENCE} .\n"
                f"{node} {_NT_SUBJECT} {nt(subject)} .\n"
                f"{node} {_NT_PREDICATE} {nt(predicate)} .\n"
                f"{node} {_NT_OBJECT} {nt(obj)} .\n"
                f"{node} {_NT_HAS_SENTENCE} {sentences[index]} .\n"
            )
        return "".join(lines)

    @property
    def graph(self) -> Graph:
        """A fresh rdflib graph of everything emitted so far (for reading and validating, not for building)."""
        return document_graph(self.document, self.ntriples())


def document_graph(document: Document, ntriples: str) -> Graph:
    """A document's graph read from the N-Triples the emitter wrote: what tests and shapes see is what the store
    is given."""
    graph = Graph(store="SimpleMemory", identifier=document.iri)
    graph.bind("hk", HK)
    graph.bind("skos", SKOS)
    graph.parse(data=ntriples, format="nt")
    return graph
