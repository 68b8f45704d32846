"""KGX TSV export: the graph as Biolink-typed ``nodes.tsv`` and ``edges.tsv``, the exchange format of KG-Hub and
the Translator tools.

Mapping choices, stated once so they can be argued with:

* A node whose concept has an HGNC, MONDO or DrugBank identifier is named by that CURIE (the ids Biolink tools
  merge on); every other node keeps its HemaKG IRI. All other identifiers and exact matches become ``xref``.
* Predicates map to a Biolink predicate only where the meaning is the same (``hk:partOf`` → ``biolink:part_of``,
  ``hk:mentions`` → ``biolink:mentions``…); the rest become ``biolink:related_to``. ``original_predicate`` always
  keeps the ``hk:`` property, so nothing is lost.
* An edge stated in several documents is one row; ``knowledge_source`` lists the documents and ``publications``
  their DOIs where known.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .store import QuadStore

__all__ = ["BIOLINK_CATEGORIES", "BIOLINK_PREDICATES", "KgxExport", "export_kgx", "kgx_rows"]

HK = "https://w3id.org/hemakg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
HKID = "https://w3id.org/hemakg/id/"
GRAPH_NS = "https://w3id.org/hemakg/graph/"
INFORES = "infores:hemakg"

# hk class -> Biolink category; the most specific class of a node wins (first in this order).
BIOLINK_CATEGORIES = {
    "Drug": "biolink:Drug",
    "Therapy": "biolink:Treatment",
    "Antigen": "biolink:Protein",
    "Gene": "biolink:Gene",
    "Disease": "biolink:Disease",
    "AdverseEvent": "biolink:PhenotypicFeature",
    "Mechanism": "biolink:BiologicalProcess",
    "ClinicalTrial": "biolink:ClinicalTrial",
    "Cohort": "biolink:Cohort",
    "Study": "biolink:Study",
    "Expert": "biolink:Agent",
    "Institution": "biolink:Agent",
    "Document": "biolink:Publication",
    "Conference": "biolink:NamedThing",
    "ConferenceSeries": "biolink:NamedThing",
}

BIOLINK_PREDICATES = {
    "partOf": "biolink:part_of",
    "hasComponent": "biolink:has_part",
    "mentions": "biolink:mentions",
    "hasCohort": "biolink:has_part",
    "broader": "biolink:subclass_of",
}
PREFERRED_PREFIXES = ("HGNC:", "MONDO:", "DRUGBANK:")
NODE_COLUMNS = ("id", "category", "name", "synonym", "xref", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "original_predicate", "knowledge_source", "provided_by",
                "publications")

_NODES_QUERY = f"""
PREFIX hk: <{HK}> PREFIX skos: <{SKOS}>
SELECT DISTINCT ?node ?class ?label ?alt ?identifier ?match WHERE {{
  ?node a ?class . FILTER(STRSTARTS(STR(?class), "{HK}") && STRSTARTS(STR(?node), "{HKID}"))
  OPTIONAL {{ ?node skos:prefLabel ?label }}
  OPTIONAL {{ ?node skos:altLabel ?alt }}
  OPTIONAL {{ ?node hk:identifier ?identifier }}
  OPTIONAL {{ ?node skos:exactMatch ?match }}
}}"""

_EDGES_QUERY = f"""
PREFIX hk: <{HK}> PREFIX skos: <{SKOS}>
SELECT DISTINCT ?s ?p ?o ?g ?doi WHERE {{
  GRAPH ?g {{ ?s ?p ?o . FILTER(isIRI(?o) && (STRSTARTS(STR(?p), "{HK}") || ?p = skos:broader)) }}
  OPTIONAL {{ ?g hk:doi ?doi }}
}}"""


@dataclass(frozen=True)
class KgxExport:
    """Where the two files went and how many rows each has."""

    nodes_path: Path
    edges_path: Path
    nodes: int
    edges: int


def _curie_or_iri(iri: str, identifiers: set[str]) -> str:
    for prefix in PREFERRED_PREFIXES:
        matches = sorted(i for i in identifiers if i.upper().startswith(prefix))
        if matches:
            return prefix + matches[0].split(":", 1)[1]
    return iri


def kgx_rows(store: QuadStore) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Node and edge rows (column → text; multivalued columns joined with ``|``).

    Examples
    --------
    >>> from hemakg.graph.store import NamedGraph, open_store
    >>> store = open_store("memory")
    >>> t, hk = "<https://w3id.org/hemakg/id/therapy/x>", "https://w3id.org/hemakg/ontology#"
    >>> store.replace_graphs([NamedGraph("https://w3id.org/hemakg/graph/vocabulary", f'''
    ... {t} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{hk}Drug> .
    ... {t} <http://www.w3.org/2004/02/skos/core#prefLabel> "X" .
    ... {t} <{hk}identifier> "DRUGBANK:DB00001" .''')])
    >>> nodes, edges = kgx_rows(store)
    >>> nodes[0]["id"], nodes[0]["category"], nodes[0]["name"]
    ('DRUGBANK:DB00001', 'biolink:Drug', 'X')
    """
    info: dict[str, dict[str, set[str]]] = {}
    for row in store.query(_NODES_QUERY).dicts():
        node = info.setdefault(str(row["node"]), {k: set() for k in ("class", "label", "alt", "identifier", "match")})
        for key in node:
            if key in row:
                node[key].add(str(row[key]).removeprefix(HK) if key == "class" else str(row[key]))
    ids = {iri: _curie_or_iri(iri, values["identifier"]) for iri, values in info.items()}
    nodes = []
    for iri in sorted(info, key=lambda i: ids[i]):
        values = info[iri]
        category = next((c for name, c in BIOLINK_CATEGORIES.items() if name in values["class"]), None)
        if category is None:
            continue  # sentences, evidence, outcomes: provenance and measurements, not things
        xrefs = (values["identifier"] | values["match"] | ({iri} if ids[iri] != iri else set())) - {ids[iri]}
        nodes.append({
            "id": ids[iri], "category": category, "name": sorted(values["label"])[0] if values["label"] else "",
            "synonym": "|".join(sorted(values["alt"])), "xref": "|".join(sorted(xrefs)), "provided_by": INFORES,
        })
    kept = {iri for iri in info if any(name in info[iri]["class"] for name in BIOLINK_CATEGORIES)}
    grouped: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for row in store.query(_EDGES_QUERY).dicts():
        subject, predicate, obj = str(row["s"]), str(row["p"]), str(row["o"])
        if subject not in kept or obj not in kept:
            continue
        sources, dois = grouped.setdefault((subject, predicate, obj), (set(), set()))
        if not str(row["g"]).startswith(GRAPH_NS):
            sources.add(str(row["g"]))
        if "doi" in row:
            dois.add("doi:" + str(row["doi"]).removeprefix("https://doi.org/"))
    edges = []
    for (subject, predicate, obj), (sources, dois) in sorted(grouped.items()):
        local = predicate.rsplit("#", 1)[-1]
        original = ("hk:" if predicate.startswith(HK) else "skos:") + local
        key = f"{subject} {predicate} {obj}".encode("utf-8")
        edges.append({
            "id": "urn:hemakg:edge:" + hashlib.sha1(key).hexdigest()[:20],
            "subject": ids[subject], "predicate": BIOLINK_PREDICATES.get(local, "biolink:related_to"),
            "object": ids[obj], "original_predicate": original,
            "knowledge_source": "|".join(sorted(sources)), "provided_by": INFORES,
            "publications": "|".join(sorted(dois)),
        })
    return nodes, edges


def _write_tsv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)


def export_kgx(store: QuadStore, directory: Path) -> KgxExport:
    """Write ``nodes.tsv`` and ``edges.tsv`` into ``directory`` (created when missing)."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"{directory}: KGX export writes two files, so -o must name a directory")
    directory.mkdir(parents=True, exist_ok=True)
    nodes, edges = kgx_rows(store)
    _write_tsv(directory / "nodes.tsv", NODE_COLUMNS, nodes)
    _write_tsv(directory / "edges.tsv", EDGE_COLUMNS, edges)
    return KgxExport(directory / "nodes.tsv", directory / "edges.tsv", len(nodes), len(edges))
