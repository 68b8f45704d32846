"""Write the stored graph in the RDF formats other tools read."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from .store import QuadStore

__all__ = ["EXPORT_FORMATS", "export_graph"]

# format name -> (rdflib serializer, keeps named graphs)
EXPORT_FORMATS = {
    "ttl": ("turtle", False),
    "trig": ("trig", True),
    "nq": ("nquads", True),
    "jsonld": ("json-ld", True),
}


def export_graph(store: QuadStore, fmt: str, destination: Path | None = None) -> str:
    """Serialise the store; Turtle merges all graphs into one, the other formats keep one graph per document.

    Returns the text (also written to ``destination`` when given).
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    nquads = store.dump_nquads()
    if fmt == "nq":
        text = nquads
    else:
        serializer, keeps_graphs = EXPORT_FORMATS[fmt]
        dataset = Dataset()
        dataset.parse(data=nquads, format="nquads")
        for prefix, namespace in (("hk", "https://w3id.org/hemakg/ontology#"), ("hkid", "https://w3id.org/hemakg/id/"),
                                  ("skos", "http://www.w3.org/2004/02/skos/core#")):
            dataset.bind(prefix, namespace)
        if keeps_graphs:
            text = dataset.serialize(format=serializer)
        else:
            from rdflib import Graph

            merged = Graph()
            for prefix, namespace in dataset.namespaces():
                merged.bind(prefix, namespace)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                merged.add((s, p, o))
            text = merged.serialize(format=serializer)
    if destination is not None:
        Path(destination).write_text(text, encoding="utf-8")
    return text
