"""Copy the graph to a SPARQL server, one Graph Store Protocol PUT per named graph.

Each PUT replaces the graph of that name on the server, so pushing the same store twice leaves the server as the
first push left it, and a document rebuilt locally replaces its old version there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from .store import EmbeddedStore, NamedGraph, QuadStore

__all__ = ["PushReport", "iter_named_graphs", "push_store"]


@dataclass(frozen=True)
class PushReport:
    """What a push sent."""

    target: str
    graphs: int
    triples: int


def iter_named_graphs(store: QuadStore) -> Iterator[tuple[NamedGraph, int]]:
    """Each named graph of ``store`` as N-Triples, with its triple count.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> store = open_store("memory")
    >>> store.replace_graphs([NamedGraph("urn:g", '<urn:a> <urn:p> "1" .\\n<urn:a> <urn:p> "2" .\\n')])
    >>> [(graph.iri, count) for graph, count in iter_named_graphs(store)]
    [('urn:g', 2)]
    """
    if isinstance(store, EmbeddedStore):
        for iri in store.named_graphs():
            triples = [quad.triple for quad in store.quads(iri)]
            yield NamedGraph(iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")), len(triples)
        return
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(store.dump_nquads().encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.NamedNode):
            by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
    for iri in sorted(by_graph):
        triples = by_graph[iri]
        yield NamedGraph(iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")), len(triples)


def push_store(source: QuadStore, target: QuadStore) -> PushReport:
    """Replace, on ``target``, every named graph that ``source`` holds; graphs only the target holds stay.

    Raises
    ------
    hemakg.graph.store.StoreError
        On the first graph the target refuses (graphs sent before it stay replaced).

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> source, target = open_store("memory"), open_store("memory")
    >>> source.replace_graphs([NamedGraph("urn:g", '<urn:a> <urn:p> "1" .\\n')])
    >>> push_store(source, target)
    PushReport(target='memory', graphs=1, triples=1)
    """
    graphs = triples = 0
    for graph, count in iter_named_graphs(source):
        target.replace_graphs([graph])
        graphs += 1
        triples += count
    return PushReport(target.location, graphs, triples)
