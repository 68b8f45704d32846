"""Counts that summarise a store: documents, entities per class, relations."""

from __future__ import annotations

from dataclasses import dataclass

from .store import QuadStore

__all__ = ["GraphStats", "compute_stats"]

HK = "https://w3id.org/hemakg/ontology#"
ENTITY_CLASSES = (
    "Expert", "Institution", "Study", "Cohort", "ClinicalTrial", "Antigen", "Gene", "Therapy", "Drug", "Disease",
    "AdverseEvent", "Mechanism", "Conference",
)


@dataclass(frozen=True)
class GraphStats:
    documents: int
    quads: int
    entities_per_class: dict[str, int]
    relations: int
    relations_per_property: dict[str, int]


def compute_stats(store: QuadStore) -> GraphStats:
    """Entities are counted once however many documents name them; relations are distinct entity-to-entity links.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:d", "<urn:d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/hemakg/ontology#Document> .")])
    >>> compute_stats(s).documents
    1
    """
    documents = store.query(f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?d {{ ?d a <{HK}Document> }} }}")
    quads = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    classes = store.query(
        "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?d { ?d a <%sDocument> . ?e a ?c } "
        "FILTER(STRSTARTS(STR(?c), \"%s\")) } GROUP BY ?c" % (HK, HK)
    )
    per_class = {name: 0 for name in ENTITY_CLASSES}
    for row in classes.rows:
        name = str(row[0])[len(HK):]
        if name in per_class:
            per_class[name] = int(row[1])
    relations = store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?d { ?d a <%sDocument> . "
        "?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?p), \"%s\") "
        "&& ?p NOT IN (<%ssentence>, <%smentionedIn>, <%sinDocument>, <%smentions>)) } } } GROUP BY ?p"
        % (HK, HK, HK, HK, HK, HK)
    )
    per_property = {str(row[0])[len(HK):]: int(row[1]) for row in relations.rows}
    return GraphStats(
        documents=int(documents.rows[0][0]),
        quads=int(quads.rows[0][0]),
        entities_per_class=per_class,
        relations=sum(per_property.values()),
        relations_per_property=dict(sorted(per_property.items())),
    )
