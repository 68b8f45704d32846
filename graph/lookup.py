"""Find entities by what people type, and say everything the graph knows about one, with the sentences behind it.

People name things the way documents do ("CLL-1", "venetoclax", "Crystal Mackall"), so look-up goes through
labels, synonyms, identifiers and IRIs, ignores case, and falls back to the closest spelling (difflib) before giving
up. The same module answers the question every view asks of a node (what is it called, what is it, which external
ids does it carry) and of an edge (which sentence says so), so projections and pages describe nodes one way.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from hemakg.ontology import HK, HKID

from .evidence import EvidenceSentence, fetch_evidence
from .rows import PREFIXES, chunks_of, local_name, select_rows, values_of
from .store import QuadStore

__all__ = [
    "CLASS_ORDER",
    "EntityInfo",
    "Relation",
    "EntityDescription",
    "EntityMatch",
    "EntityNotFound",
    "describe_nodes",
    "label_nodes",
    "find_entities",
    "resolve_entity",
    "describe_entity",
    "format_description",
]

HK_NS = str(HK)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

# Most specific first: an entity typed Drug and Therapy is shown as a Drug.
CLASS_ORDER = (
    "Drug", "Therapy", "Antigen", "Gene", "Disease", "Mechanism", "AdverseEvent", "Expert", "Institution", "Study",
    "Cohort", "ClinicalTrial", "Conference", "ConferenceSeries", "Outcome", "AdverseEventObservation", "Document",
)
# Bookkeeping nodes that are not things a person looks up.
HIDDEN_CLASSES = ("Sentence", "Evidence")
_NOT_IN_IRI = re.compile(r'[\s<>"{}|\\^`]')


class EntityNotFound(LookupError):
    """No entity matches what was asked for."""


@dataclass(frozen=True)
class EntityInfo:
    """How a node is shown: its label, its most specific class, and its external identifiers."""

    iri: str
    label: str
    cls: str
    identifiers: tuple[str, ...] = ()
    alt_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    predicate: str
    other: EntityInfo
    evidence: tuple[EvidenceSentence, ...] = ()


@dataclass(frozen=True)
class EntityDescription:
    """Everything the graph states about one entity, each fact with its sentences."""

    info: EntityInfo
    attributes: tuple[tuple[str, str], ...] = ()
    outgoing: tuple[Relation, ...] = ()
    incoming: tuple[Relation, ...] = ()


@dataclass(frozen=True)
class EntityMatch:
    iri: str
    label: str
    cls: str
    matched: str
    score: float


def describe_nodes(store: QuadStore, iris: Iterable[str]) -> dict[str, EntityInfo]:
    """Label, class and identifiers of each IRI, read from document graphs and the vocabulary graph alike.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:g", '<urn:x> <http://www.w3.org/2004/02/skos/core#prefLabel> "CD19" .\\n'
    ...     '<urn:x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/hemakg/ontology#Antigen> .\\n'
    ...     '<urn:x> <https://w3id.org/hemakg/ontology#identifier> "HGNC:1633" .\\n')])
    >>> describe_nodes(s, ["urn:x"])["urn:x"]
    EntityInfo(iri='urn:x', label='CD19', cls='Antigen', identifiers=('HGNC:1633',), alt_labels=())
    """
    wanted = sorted(set(iris))
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for chunk in chunks_of(wanted):
        rows = select_rows(
            store,
            # FILTER rather than a second VALUES: pyoxigraph joins two VALUES blocks ~100 times slower.
            PREFIXES + "SELECT DISTINCT ?e ?p ?v WHERE { VALUES ?e { " + values_of(chunk) + " } ?e ?p ?v "
            "FILTER(?p IN (rdf:type, skos:prefLabel, rdfs:label, skos:altLabel, hk:identifier, skos:exactMatch, "
            "hk:title, hk:measure, hk:percent)) }"
        )
        for entity, predicate, value in rows:
            facts[entity][local_name(predicate)].add(value)
    return {iri: _info(iri, facts.get(iri, {})) for iri in wanted}


def label_nodes(store: QuadStore, iris: Iterable[str]) -> dict[str, str]:
    """The label `describe_nodes` gives each IRI, reading only ``skos:prefLabel`` where there is one.

    For views that show many nodes by name only (the studies behind co-authorships): a prefLabel is one index
    look-up, where describing a node reads everything stated about it.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:g", '<urn:x> <http://www.w3.org/2004/02/skos/core#prefLabel> "CD19" .\\n')])
    >>> label_nodes(s, ["urn:x", "urn:y"])
    {'urn:x': 'CD19', 'urn:y': 'urn:y'}
    """
    wanted = sorted(set(iris))
    labels: dict[str, str] = {}
    for chunk in chunks_of(wanted):
        rows = select_rows(store, PREFIXES + "SELECT DISTINCT ?e ?label WHERE { VALUES ?e { " + values_of(chunk) + " } "
                                             "?e skos:prefLabel ?label }")
        for entity, label in rows:
            labels[entity] = min(label, labels.get(entity, label))
    unlabelled = [iri for iri in wanted if iri not in labels]
    labels.update((iri, info.label) for iri, info in describe_nodes(store, unlabelled).items())
    return {iri: labels[iri] for iri in wanted}


def _info(iri: str, facts: dict[str, set[str]]) -> EntityInfo:
    label = next((min(facts[key]) for key in ("prefLabel", "label", "title") if facts.get(key)), None)
    if label is None and facts.get("measure"):  # an outcome reads as what it measured: "CR 81%"
        label = " ".join([min(facts["measure"])] + [f"{float(p):g}%" for p in sorted(facts.get("percent", ()))[:1]])
    label = label or local_name(iri)
    classes = {local_name(t) for t in facts.get("type", ()) if t.startswith(HK_NS)}
    cls = next((name for name in CLASS_ORDER if name in classes), min(classes) if classes else "Entity")
    identifiers = tuple(sorted(facts.get("identifier", set()))) + tuple(sorted(facts.get("exactMatch", set())))
    alts = tuple(sorted(facts.get("altLabel", set()) - {label}))
    return EntityInfo(iri=iri, label=label, cls=cls, identifiers=identifiers, alt_labels=alts)


def _all_names(store: QuadStore) -> list[tuple[str, str]]:
    """(entity, name) for every label, synonym and identifier of a typed entity a person could look up."""
    hidden = ", ".join(f"hk:{name}" for name in HIDDEN_CLASSES)
    # Names first, each (entity, name) once, then the type: every document graph repeats an entity's type and names,
    # and joining the repeats with each other grows with the square of the documents that name it.
    return select_rows(
        store,
        PREFIXES + "SELECT ?e ?name WHERE { { SELECT DISTINCT ?e ?name WHERE { "
        "VALUES ?p { skos:prefLabel skos:altLabel rdfs:label hk:identifier hk:title } ?e ?p ?name } } "
        "FILTER EXISTS { ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(hk:)) && ?c NOT IN (" + hidden + ")) } }"
    )


def find_entities(store: QuadStore, text: str, limit: int = 20, cutoff: float = 0.75) -> list[EntityMatch]:
    """Entities whose label, synonym, identifier or IRI matches ``text``, best first.

    Exact matches (ignoring case) score 1, names that contain the text score by how much of the name it covers,
    and otherwise the closest spellings above ``cutoff`` (difflib's ratio) are returned.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:g", '<urn:v> <http://www.w3.org/2004/02/skos/core#prefLabel> "venetoclax" .\\n'
    ...     '<urn:v> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/hemakg/ontology#Drug> .\\n')])
    >>> [(m.label, m.score) for m in find_entities(s, "Venetoclx")]
    [('venetoclax', 0.947)]
    """
    query = " ".join(text.split()).casefold()
    if not query:
        return []
    best: dict[str, tuple[float, str]] = {}
    for entity, name in sorted(_all_names(store)):  # a fixed order: of names scoring alike, the first is kept
        folded = name.casefold()
        if entity == text.strip() or folded == query:
            score = 1.0
        elif query in folded:
            score = 0.8 + 0.19 * len(query) / len(folded)
        else:
            score = difflib.SequenceMatcher(None, query, folded).ratio()
            if score < cutoff:
                continue
        if score > best.get(entity, (0.0, ""))[0]:
            best[entity] = (round(score, 3), name)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1].casefold(), item[0]))[:limit]
    infos = describe_nodes(store, [entity for entity, _ in ranked])
    return [EntityMatch(e, infos[e].label, infos[e].cls, name, score) for e, (score, name) in ranked]


def resolve_entity(store: QuadStore, text: str) -> str:
    """The IRI of the one entity ``text`` names best; raises `EntityNotFound` when nothing is close.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> resolve_entity(open_store("memory"), "CD19")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    hemakg.graph.lookup.EntityNotFound: no entity matches 'CD19'
    """
    text = text.strip()
    if text and not _NOT_IN_IRI.search(text):  # an IRI, or its path under hkid: ("antigen/cd19")
        for iri in (text,) if text.startswith(("http://", "https://", "urn:")) else (f"{HKID}{text}",):
            if store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}").value:
                return iri
    matches = find_entities(store, text, limit=1)
    if not matches:
        raise EntityNotFound(f"no entity matches {text!r}")
    return matches[0].iri


def _relations(store: QuadStore, iri: str, outgoing: bool) -> list[Relation]:
    pattern = f"<{iri}> ?p ?x" if outgoing else f"?x ?p <{iri}>"
    pairs = select_rows(
        store,
        PREFIXES + f"SELECT DISTINCT ?p ?x WHERE {{ {pattern} . FILTER(isIRI(?x)) "
        "FILTER(?p NOT IN (rdf:type, rdf:subject, rdf:object, hk:sentence, hk:mentionedIn, hk:inDocument, skos:exactMatch, "
        "skos:inScheme)) }"
    )
    infos = describe_nodes(store, [x for _, x in pairs])
    triples = [(iri, p, x) if outgoing else (x, p, iri) for p, x in pairs]
    evidence = fetch_evidence(store, triples)
    relations = [Relation(p, infos[x], evidence[t]) for (p, x), t in zip(pairs, triples)]
    return sorted(relations, key=lambda r: (local_name(r.predicate), r.other.label.casefold()))


def describe_entity(store: QuadStore, entity: str) -> EntityDescription:
    """Everything the graph knows about ``entity`` (label, synonym or IRI): literals, links both ways, evidence.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:g", '<urn:s> <https://w3id.org/hemakg/ontology#targets> <urn:a> .\\n'
    ...     '<urn:a> <http://www.w3.org/2004/02/skos/core#prefLabel> "CD33" .\\n'
    ...     '<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/hemakg/ontology#Antigen> .\\n')])
    >>> [local_name(r.predicate) for r in describe_entity(s, "cd33").incoming]
    ['targets']
    """
    iri = resolve_entity(store, entity)
    info = describe_nodes(store, [iri])[iri]
    result = store.query(
        PREFIXES + f"SELECT DISTINCT ?p ?v WHERE {{ <{iri}> ?p ?v . FILTER(isLiteral(?v)) "
        "FILTER(?p NOT IN (skos:prefLabel, rdfs:label)) }"
    )
    attributes = tuple(sorted((local_name(str(p)), str(v)) for p, v in result.rows))
    return EntityDescription(
        info=info,
        attributes=attributes,
        outgoing=tuple(_relations(store, iri, outgoing=True)),
        incoming=tuple(_relations(store, iri, outgoing=False)),
    )


def format_description(description: EntityDescription, max_evidence: int = 3) -> str:
    """Plain text for a terminal: the entity, its attributes, then each link with up to ``max_evidence`` sentences."""
    info = description.info
    lines = [f"{info.label}  [{info.cls}]"]
    lines.append(f"  {info.iri}")
    if info.alt_labels:
        lines.append(f"  also called: {', '.join(info.alt_labels)}")
    if info.identifiers:
        lines.append(f"  identifiers: {', '.join(info.identifiers)}")
    for name, value in description.attributes:
        if name not in ("altLabel", "identifier"):
            lines.append(f"  {name}: {value}")
    for heading, relations, arrow in (("Links", description.outgoing, "->"), ("Linked from", description.incoming, "<-")):
        if not relations:
            continue
        lines.append("")
        lines.append(f"{heading}:")
        for relation in relations:
            lines.append(f"  {arrow} {local_name(relation.predicate)} {relation.other.label} [{relation.other.cls}]")
            for evidence in relation.evidence[:max_evidence]:
                lines.append(f"       \"{evidence.text}\" ({local_name(evidence.document)})")
            if len(relation.evidence) > max_evidence:
                lines.append(f"       … and {len(relation.evidence) - max_evidence} more sentence(s)")
    return "\n".join(lines) + "\n"
