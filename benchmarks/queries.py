"""The questions the graph is used for, run through HemaKG's own functions on any store that answers SPARQL.

Each query is the library path a person takes (a projection, a saved query, the shared-mechanism index, an entity
description), so the same function can be timed against pyoxigraph and against rdflib's in-memory Dataset: only
the store underneath changes; rdflib also runs the plain shape of each saved query and keeps the faster. The one
exception is `NAIVE_SHARED_MECHANISMS`, the single SPARQL self-join that the index approach replaces, kept here to
show why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hemakg.graph.lookup import describe_entity
from hemakg.graph.mechanisms import rank_shared_studies
from hemakg.graph.projection import project_collaboration_network
from hemakg.graph.saved_queries import PLAIN_QUERY_DIR, QUERY_DIR, run_saved_query

__all__ = ["QUERIES", "NAIVE_SHARED_MECHANISMS", "choose_parameters", "run_query", "shapes_of"]

PREFIXES = (
    "PREFIX hk: <https://w3id.org/hemakg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
)

NAIVE_SHARED_MECHANISMS = PREFIXES + """
SELECT ?a ?b (COUNT(DISTINCT ?mechanism) AS ?shared) WHERE {
  ?a a hk:Study ; hk:involvesMechanism ?mechanism .
  ?b a hk:Study ; hk:involvesMechanism ?mechanism .
  FILTER(STR(?a) < STR(?b))
}
GROUP BY ?a ?b
ORDER BY DESC(?shared) ?a ?b
"""


def _collaboration(store, params, queries: Path) -> int:
    return project_collaboration_network(store).number_of_edges()


def _antigens_per_disease(store, params, queries: Path) -> int:
    return len(run_saved_query(store, "antigens_per_disease", directory=queries).rows)


def _shared_mechanisms(store, params, queries: Path) -> int:
    # As `hemakg mechanisms` answers it: the 50 best pairs, each with the sentences behind what they share. Every
    # pair is counted to rank them, but listing all of them (two million on 2,000 documents) is no one's question.
    return len(rank_shared_studies(store, "mechanism"))


def _coauthors(store, params, queries: Path) -> int:
    if not params.get("expert"):
        return 0
    return len(run_saved_query(store, "coauthors_of_expert", {"expert": params["expert"]}, queries).rows)


def _evidence(store, params, queries: Path) -> int:
    if not params.get("entity"):
        return 0
    description = describe_entity(store, params["entity"])
    return sum(len(r.evidence) for r in (*description.outgoing, *description.incoming))


QUERIES: dict[str, Callable] = {
    "collaboration network": _collaboration,
    "antigens per disease with studies": _antigens_per_disease,
    "studies sharing a mechanism": _shared_mechanisms,
    "an expert's co-authors": _coauthors,
    "an entity's evidence": _evidence,
}


# The used-by queries that run a saved query, by the saved query's name: those have a plain shape too.
SAVED_QUERY_OF = {"antigens per disease with studies": "antigens_per_disease",
                  "an expert's co-authors": "coauthors_of_expert"}


def shapes_of(name: str) -> dict[str, Path]:
    """Where the named query's saved-query shapes are read from: ``{"tuned": …}``, and ``"plain"`` when it has one.

    >>> sorted(shapes_of("an expert's co-authors")), sorted(shapes_of("collaboration network"))
    (['plain', 'tuned'], ['tuned'])
    """
    shapes = {"tuned": QUERY_DIR}
    saved = SAVED_QUERY_OF.get(name)
    if saved and (PLAIN_QUERY_DIR / f"{saved}.rq").is_file():
        shapes["plain"] = PLAIN_QUERY_DIR
    return shapes


def run_query(store, name: str, params: dict, queries: Path = QUERY_DIR) -> int:
    """Run the named query; returns the size of its answer (edges, rows, pairs or sentences).

    ``queries`` is where saved queries are read from: `PLAIN_QUERY_DIR` gives their plain shapes.
    """
    return QUERIES[name](store, params, queries)


def choose_parameters(store) -> dict:
    """The expert with the most studies and the antigen with the most evidence: the busiest cases, chosen by data."""
    expert = store.query(
        PREFIXES + "SELECT ?e (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s hk:author|hk:firstAuthor ?e } "
        "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1"
    ).rows
    entity = store.query(
        PREFIXES + "SELECT ?a (COUNT(?s) AS ?n) WHERE { ?a a hk:Antigen . ?s hk:targets ?a } "
        "GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 1"
    ).rows
    return {
        "expert": str(expert[0][0]) if expert and expert[0][0] is not None else "",
        "entity": str(entity[0][0]) if entity and entity[0][0] is not None else "",
    }
