"""An N-Quads file of a given size cut from the corpus graph, for the load test and the rdflib comparison.

It starts with the shared graphs (ontology, vocabulary) so labels resolve, then whole document graphs in order.
When the corpus graph is smaller than asked, its document graphs are repeated with their document and study IRIs
renamed per copy (the experts, institutions and concepts they link to stay shared, as in a bigger corpus).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from hemakg.graph.store import EmbeddedStore

__all__ = ["write_quads_files"]

_DOCUMENT = "https://w3id.org/hemakg/id/document/"
_STUDY = "https://w3id.org/hemakg/id/study/"


def _graph_text(store: EmbeddedStore, iri: str) -> str:
    return store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)).decode("utf-8")


def _with_graph(text: str, iri: str) -> str:
    return text.replace(" .\n", f" <{iri}> .\n")


def write_quads_files(store: EmbeddedStore, sizes: dict[Path, int]) -> dict[Path, tuple[int, int]]:
    """Write at least ``sizes[path]`` quads (whole graphs) to each path, in one pass over the store: the smaller
    files are the start of the larger. Returns ``{path: (quads written, document graphs)}``."""
    graphs = store.named_graphs()
    documents = [g for g in graphs if g.startswith(_DOCUMENT)]
    shared = [g for g in graphs if not g.startswith(_DOCUMENT)]
    if not documents:
        raise ValueError(f"{store.location}: no document graphs to write a load file from")
    outs = {path: open(path, "w", encoding="utf-8") for path in sizes}
    written = dict.fromkeys(sizes, 0)
    parts = dict.fromkeys(sizes, 0)
    try:
        for iri in shared:
            text = _with_graph(_graph_text(store, iri), iri)
            lines = text.count("\n")
            for path, out in outs.items():
                out.write(text)
                written[path] += lines
        copy = 0
        while any(written[path] < size for path, size in sizes.items()):
            for iri in documents:
                text = _with_graph(_graph_text(store, iri), iri)
                if copy:
                    text = text.replace(_DOCUMENT, f"{_DOCUMENT}copy{copy}-").replace(_STUDY, f"{_STUDY}copy{copy}-")
                lines = text.count("\n")
                for path, size in sizes.items():
                    if written[path] < size:
                        outs[path].write(text)
                        written[path] += lines
                        parts[path] += 1
                if all(written[path] >= size for path, size in sizes.items()):
                    break
            copy += 1
    finally:
        for out in outs.values():
            out.close()
    return {path: (written[path], parts[path]) for path in sizes}
