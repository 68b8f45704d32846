"""SHACL validation of the stored graph against the ontology's shapes, with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

from hemakg.ontology import ONTOLOGY_FILE, SHAPES_FILE

from .store import QuadStore

__all__ = ["ValidationReport", "validate_graph", "validate_store", "union_graph"]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def union_graph(store: QuadStore) -> Graph:
    """All graphs of the store merged into one rdflib graph (the data graph SHACL sees)."""
    dataset = Dataset()
    dataset.parse(data=store.dump_nquads(), format="nquads")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _shapes() -> tuple[Graph, Graph]:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return shapes, ontology


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` with RDFS inference over the ontology (so a hk:Drug counts as a hk:Therapy)."""
    from pyshacl import validate

    if not data.store.context_aware:  # pyshacl wraps the data in a Dataset; a lean triple store cannot back one
        copy = Graph()
        for triple in data:
            copy.add(triple)
        data = copy
    shapes, ontology = _shapes()
    conforms, results_graph, text = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", abort_on_first=False, allow_warnings=True
    )
    from rdflib.namespace import SH

    violations = len(set(results_graph.subjects(SH.resultSeverity, SH.Violation)))
    return ValidationReport(bool(conforms), violations, text)


def validate_store(store: QuadStore) -> ValidationReport:
    return validate_graph(union_graph(store))
