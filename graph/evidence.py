"""The sentences behind a statement, read back from the store.

The builders write two forms of provenance (see builders/emitter.py): a statement naming an entity is backed by the
entity's ``hk:mentionedIn`` links to sentences of the graph stating it, any other statement by an ``hk:Evidence``
node in that graph. Both are read here, so every view quotes its sentences the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from hemakg.ontology import HK, NAMING_PREDICATES

from .rows import PREFIXES, chunks_of, select_rows, values_of
from .store import QuadStore

__all__ = ["EvidenceSentence", "fetch_evidence", "fetch_evidence_of_predicates"]

EVIDENCE_CHUNK = 500
_MENTIONS = str(HK.mentions)
# Statements whose provenance is a mention link rather than an evidence node.
_NAMING = frozenset(str(p) for p in NAMING_PREDICATES) | {_MENTIONS}


@dataclass(frozen=True)
class EvidenceSentence:
    """A sentence that states a fact, and the document (graph) it was read from."""

    text: str
    document: str


def fetch_evidence(store: QuadStore, triples: Iterable[tuple[str, str, str]]) -> dict[tuple, tuple[EvidenceSentence, ...]]:
    """The sentences behind each (subject, predicate, object IRI) triple, in document order.

    Evidence is looked up inside the documents that state the triple (the emitter writes a fact and its evidence
    node into the same graph): first the graphs holding the fact, then, in each, the evidence nodes whose object is
    the triple's object (for a statement naming an entity, that entity's mention links). Starting from the subject or object across all graphs instead costs as much as everything
    said about it anywhere (a concept named in every document), so the cost per triple would grow with the corpus.
    The DISTINCT subquery keeps the fact first: pyoxigraph orders the patterns of one group itself and would begin
    with the evidence patterns.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> fetch_evidence(open_store("memory"), [("urn:a", "urn:p", "urn:b")])
    {('urn:a', 'urn:p', 'urn:b'): ()}
    """
    wanted = sorted(set(triples))
    found: dict[tuple, set] = defaultdict(set)
    stated: list[tuple[str, str, str]] = []
    named: list[tuple[str, str, str]] = []
    for triple in wanted:
        (named if triple[1] in _NAMING else stated).append(triple)
    for chunk in chunks_of(stated, EVIDENCE_CHUNK):
        values = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in chunk)
        _collect_evidence(found, select_rows(store, _sentences_query(
            "?s ?p ?o", values, "?e rdf:object ?o ; rdf:subject ?s ; rdf:predicate ?p ; hk:sentence ?sentence .")))
    for chunk in chunks_of(named, EVIDENCE_CHUNK):  # backed by the named entity's mention links in the same graph
        values = " ".join(f"(<{s}> <{p}> <{o}> <{o if p == _MENTIONS else s}>)" for s, p, o in chunk)
        _collect_evidence(found, select_rows(store, _sentences_query(
            "?s ?p ?o ?named", values, "?named hk:mentionedIn ?sentence .")))
    return {triple: _sentences(found.get(triple, ())) for triple in wanted}


def _sentences_query(columns: str, values: str, backing: str) -> str:
    """The sentences behind the triples in ``values``, found by ``backing`` in each graph that states the triple."""
    return (PREFIXES + "SELECT DISTINCT ?s ?p ?o ?g ?start ?text WHERE { "
            f"{{ SELECT DISTINCT {columns} ?g WHERE {{ VALUES ({columns}) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} }} "
            f"GRAPH ?g {{ {backing} ?sentence hk:text ?text }} "
            "OPTIONAL { GRAPH ?g { ?sentence hk:startOffset ?start } } }")


def fetch_evidence_of_predicates(store: QuadStore, predicates: Iterable[str],
                                 triples: Iterable[tuple[str, str, str]]) -> dict[tuple, tuple[EvidenceSentence, ...]]:
    """The same answer as `fetch_evidence` for ``triples`` whose predicates are all among ``predicates``, read with
    one scan of those predicates' evidence nodes.

    For a view that needs the sentences of (nearly) every triple of a few predicates, such as all authorships, the
    scan reads each evidence node once, where looking triples up costs a query per few hundred of them.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> fetch_evidence_of_predicates(open_store("memory"), ["urn:p"], [("urn:a", "urn:p", "urn:b")])
    {('urn:a', 'urn:p', 'urn:b'): ()}
    """
    wanted = sorted(set(triples))
    allowed = set(predicates)
    if allowed & _NAMING:
        return fetch_evidence(store, wanted)  # mention links, not evidence nodes
    stray = sorted({p for _, p, _ in wanted} - allowed)
    if stray:
        raise ValueError(f"triples with predicates outside those scanned: {', '.join(stray)}")
    found: dict[tuple, set] = defaultdict(set)
    if wanted:
        _collect_evidence(found, select_rows(
            store,
            PREFIXES + "SELECT ?s ?p ?o ?g ?start ?text WHERE { VALUES ?p { " + values_of(sorted(allowed)) + " } "
            "GRAPH ?g { ?e rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o ; hk:sentence ?sentence . "
            "?sentence hk:text ?text . OPTIONAL { ?sentence hk:startOffset ?start } } }"
        ))
    return {triple: _sentences(found.get(triple, ())) for triple in wanted}


def _collect_evidence(found: dict[tuple, set], rows) -> None:
    for s, p, o, graph, start, text in rows:
        found[(s, p, o)].add((graph, int(start) if start is not None else 0, text))


def _sentences(found) -> tuple[EvidenceSentence, ...]:
    return tuple(EvidenceSentence(text, graph) for graph, _, text in sorted(found))
