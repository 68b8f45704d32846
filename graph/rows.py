"""Reading the graph's own queries: SELECT rows as plain strings, and the small helpers every graph/ module shares.

graph/ modules ask many small queries (labels of a few hundred nodes, the evidence of a few hundred triples), so the
cost of turning each answer cell into a term matters as much as the query.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox

from hemakg.ontology import HK

from .query import to_rdflib
from .store import QuadStore

__all__ = ["PREFIXES", "CHUNK", "local_name", "select_rows", "values_of", "chunks_of"]

PREFIXES = (
    f"PREFIX hk: <{HK}>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
CHUNK = 400
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


def local_name(iri: str) -> str:
    """The part after ``#`` or the last ``/``.

    Examples
    --------
    >>> local_name("https://w3id.org/hemakg/ontology#targets")
    'targets'
    """
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def values_of(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def chunks_of(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal) and not term.language and term.datatype != _XSD_STRING:
        return _typed_text(term)
    return term.value


@lru_cache(maxsize=1 << 16)
def _typed_text(term: ox.Literal) -> str:
    """A number or date as `QuadStore.query` writes it (rdflib's normal form), computed once per distinct value."""
    return str(to_rdflib(term))


def select_rows(store: QuadStore, sparql: str) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT query as strings (``None`` where a variable is unbound).

    This is how graph/ modules read their own queries. On the embedded store the terms come straight from
    pyoxigraph: building rdflib terms for every cell, as `QuadStore.query` does for callers who want terms, costs
    about as much as evaluating a large answer. An error is reported by `QuadStore.query`, as a `QueryError`.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:g", '<urn:a> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n')])
    >>> select_rows(s, "SELECT ?s ?o ?none WHERE { ?s <urn:p> ?o }")
    [('urn:a', '1', None)]
    """
    native = getattr(store, "oxigraph", None)
    if native is not None:
        try:
            solutions = native.query(sparql, use_default_graph_as_union=True)
            return [tuple(_text(term) for term in solution) for solution in solutions]
        except (SyntaxError, OSError, ValueError, RuntimeError):
            pass  # asked again below, where the failure becomes a QueryError
    return [tuple(None if term is None else str(term) for term in row) for row in store.query(sparql).rows]
