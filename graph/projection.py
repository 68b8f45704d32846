"""RDF to networkx: the views people ask for (who works with whom, what targets what where, which studies share a
mechanism, what surrounds an entity; graph/paths.py adds how two entities connect).

Rows come from flat SPARQL queries and the graphs are assembled in Python, which is what keeps the projections fast
on a large store (FACTS.md: self-joins in SPARQL are the slow path). Every node carries ``label``, ``class`` and
``identifiers``; every attribute is a string or a number, multi-valued ones joined by newlines, so each projection
can be written to GraphML or GEXF as it is.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from .evidence import EvidenceSentence, fetch_evidence, fetch_evidence_of_predicates
from .lookup import EntityInfo, describe_nodes, label_nodes, resolve_entity
from .rows import PREFIXES, local_name, select_rows
from .mechanisms import rank_shared_studies
from .store import QuadStore

__all__ = [
    "PROJECTIONS",
    "project_collaboration_network",
    "project_target_network",
    "project_mechanism_network",
    "ego_network",
    "join_values",
    "evidence_text",
    "write_projection",
]

MAX_EVIDENCE_PER_EDGE = 6
_HK = "https://w3id.org/hemakg/ontology#"
_HK_AFFILIATED = _HK + "affiliatedWith"
_AUTHORSHIP_IRIS = (_HK + "author", _HK + "firstAuthor", _HK + "correspondingAuthor")
_AUTHORSHIP = tuple(f"<{iri}>" for iri in _AUTHORSHIP_IRIS)
# Links that are bookkeeping rather than knowledge: provenance, typing, external ids.
SKIPPED_LINKS = ("rdf:type", "rdf:subject", "rdf:object", "hk:sentence", "hk:mentionedIn", "hk:inDocument",
                 "skos:inScheme", "skos:exactMatch", "hk:builtWith")


def join_values(values) -> str:
    """Multi-valued attributes as one newline-separated string (GraphML and GEXF take strings, not lists).

    Examples
    --------
    >>> join_values(["b", "a", "b"])
    'a\\nb'
    """
    return "\n".join(sorted({str(v) for v in values if v is not None and str(v)}))


def _rows(store: QuadStore, sparql: str) -> list[tuple[str | None, ...]]:
    return select_rows(store, PREFIXES + sparql)


def _add_nodes(graph: nx.Graph, infos: dict[str, EntityInfo]) -> None:
    for iri, info in sorted(infos.items()):
        graph.add_node(iri, label=info.label, **{"class": info.cls}, identifiers=join_values(info.identifiers))


def evidence_text(sentences) -> str:
    """An edge's sentences as one attribute: each once, at most `MAX_EVIDENCE_PER_EDGE`, one per line."""
    unique = list(dict.fromkeys(s.text for s in sentences))
    return "\n".join(unique[:MAX_EVIDENCE_PER_EDGE])


def project_collaboration_network(store: QuadStore, with_institutions: bool = False) -> nx.Graph:
    """Experts linked when they author a study together; ``weight`` is the number of studies they share.

    Edges carry ``studies`` (IRIs), ``study_labels`` and the authorship ``evidence`` sentences. With
    ``with_institutions`` each expert is also linked to the institutions they are affiliated with.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> hk = "https://w3id.org/hemakg/ontology#"
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:d", f"<urn:s> <{hk}author> <urn:a> .\\n<urn:s> <{hk}author> <urn:b> .\\n"
    ...                                       f"<urn:s> <{hk}firstAuthor> <urn:a> .\\n")])
    >>> g = project_collaboration_network(s)
    >>> g["urn:a"]["urn:b"]["weight"]
    1
    """
    # The predicates as VALUES: a FILTER on ?p would read every quad of the store.
    rows = _rows(store, "SELECT DISTINCT ?study ?expert ?p WHERE { VALUES ?p { " + " ".join(_AUTHORSHIP) + " } "
                        "?study ?p ?expert }")
    authors: dict[str, set[str]] = defaultdict(set)
    triples = set()
    for study, expert, predicate in rows:
        authors[study].add(expert)
        triples.add((study, predicate, expert))
    affiliations = []
    if with_institutions:
        affiliations = _rows(store, "SELECT DISTINCT ?expert ?inst WHERE { ?expert hk:affiliatedWith ?inst }")
        experts = {e for group in authors.values() for e in group}
        affiliations = [(e, i) for e, i in affiliations if e in experts]
        triples |= {(e, str(_HK_AFFILIATED), i) for e, i in affiliations}
    infos = describe_nodes(store, {e for g in authors.values() for e in g} | {i for _, i in affiliations})
    study_labels = label_nodes(store, authors)  # studies show only their names
    # Every authorship's sentences are wanted: one scan of their evidence beats looking them up in batches.
    scanned = _AUTHORSHIP_IRIS + ((_HK_AFFILIATED,) if with_institutions else ())
    evidence = fetch_evidence_of_predicates(store, scanned, triples)
    by_authorship: dict[tuple[str, str], list[EvidenceSentence]] = defaultdict(list)
    for (study, _, expert), sentences in evidence.items():
        by_authorship[(study, expert)].extend(sentences)
    graph = nx.Graph(name="collaboration")
    studies_of = Counter(e for group in authors.values() for e in group)
    _add_nodes(graph, {iri: infos[iri] for iri in studies_of})
    for iri, count in studies_of.items():
        graph.nodes[iri]["studies"] = count
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for study, group in authors.items():
        for a in group:
            for b in group:
                if a < b:
                    shared[(a, b)].add(study)
    for (a, b), studies in shared.items():
        sentences = [s for study in sorted(studies) for e in (a, b) for s in by_authorship[(study, e)]]
        graph.add_edge(a, b, weight=len(studies), relation="co-author", studies=join_values(studies),
                       study_labels=join_values(study_labels[s] for s in studies), evidence=evidence_text(sentences))
    for expert, institution in affiliations:
        info = infos[institution]
        graph.add_node(institution, label=info.label, **{"class": info.cls}, identifiers=join_values(info.identifiers))
        sentences = evidence.get((expert, str(_HK_AFFILIATED), institution), ())
        graph.add_edge(expert, institution, weight=1, relation="affiliated with", evidence=evidence_text(sentences))
    return graph


TARGET_ROLES = {"targets": "target", "condition": "disease", "evaluates": "therapy"}


def _target_rows(store: QuadStore) -> list[tuple[str, str, str, str]]:
    """(study, role predicate, item, subject of the supporting triple), cohort-level facts lifted to their study."""
    return _rows(store, """SELECT DISTINCT ?study ?p ?item ?s WHERE { ?study a hk:Study .
        { ?study ?p ?item . BIND(?study AS ?s) } UNION { ?study hk:hasCohort ?s . ?s ?p ?item }
        FILTER(?p IN (hk:targets, hk:condition, hk:evaluates)) }""")


def _study_results(store: QuadStore) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    outcomes: dict[str, set[str]] = defaultdict(set)
    for study, measure, percent, timepoint in _rows(store, """SELECT DISTINCT ?study ?m ?pct ?t WHERE {
            { ?study hk:hasOutcome ?o } UNION { ?study hk:hasCohort/hk:hasOutcome ?o }
            ?o hk:measure ?m . OPTIONAL { ?o hk:percent ?pct } OPTIONAL { ?o hk:timepoint ?t } }"""):
        value = f"{measure} {float(percent):g}%" if percent is not None else measure
        outcomes[study].add(value + (f" at {timepoint}" if timepoint else ""))
    events: dict[str, set[str]] = defaultdict(set)
    for study, event in _rows(store, """SELECT DISTINCT ?study ?ae WHERE {
            { ?study hk:reportsAdverseEvent ?ae } UNION { ?study hk:hasCohort/hk:reportsAdverseEvent ?ae }
            UNION { ?study hk:hasAdverseEventObservation/hk:adverseEvent ?ae }
            UNION { ?study hk:hasCohort/hk:hasAdverseEventObservation/hk:adverseEvent ?ae } }"""):
        events[study].add(event)
    return outcomes, events


def project_target_network(store: QuadStore) -> nx.Graph:
    """Antigens (and genes), diseases and therapies, linked when a study puts them together.

    An edge between a target and a disease, a target and a therapy, or a therapy and a disease carries the studies
    that connect them (``weight`` is their number), their ``outcomes`` ("CR 81%") and ``adverse_events``, and the
    sentences that state the links. A target-specific therapy is also linked to the antigens it targets.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> hk = "https://w3id.org/hemakg/ontology#"
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:d", f"<urn:s> a <{hk}Study> .\\n<urn:s> <{hk}targets> <urn:cd33> .\\n"
    ...                                       f"<urn:s> <{hk}condition> <urn:aml> .\\n")])
    >>> sorted(tuple(sorted(edge)) for edge in project_target_network(s).edges())
    [('urn:aml', 'urn:cd33')]
    """
    rows = _target_rows(store)
    items_by_study: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    support: dict[tuple[str, str], set[tuple[str, str, str]]] = defaultdict(set)
    for study, predicate, item, subject in rows:
        items_by_study[study][TARGET_ROLES[local_name(predicate)]].add(item)
        support[(study, item)].add((subject, predicate, item))
    outcomes, events = _study_results(store)
    items = {i for roles in items_by_study.values() for group in roles.values() for i in group}
    products = [r for r in _rows(store, "SELECT DISTINCT ?t ?a WHERE { ?t a hk:Therapy ; hk:targets ?a }")
                if r[0] in items]
    items |= {a for _, a in products}
    all_events = {e for group in events.values() for e in group}
    infos = describe_nodes(store, items | set(items_by_study) | all_events)
    evidence = fetch_evidence(store, {t for triples in support.values() for t in triples})
    graph = nx.Graph(name="targets")
    _add_nodes(graph, {iri: infos[iri] for iri in items})
    studies_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for study, roles in items_by_study.items():
        for first, second in (("target", "disease"), ("target", "therapy"), ("therapy", "disease")):
            for a in roles.get(first, ()):
                for b in roles.get(second, ()):
                    studies_of[(a, b)].add(study)
    for (a, b), studies in studies_of.items():
        sentences = [s for st in sorted(studies) for item in (a, b) for t in sorted(support[(st, item)])
                     for s in evidence.get(t, ())]
        graph.add_edge(
            a, b, weight=len(studies), relation="studied together", studies=join_values(studies),
            study_labels=join_values(infos[s].label for s in studies),
            outcomes=join_values(f"{o} ({infos[s].label})" for s in studies for o in outcomes.get(s, ())),
            adverse_events=join_values(infos[e].label for s in studies for e in events.get(s, ())),
            evidence=evidence_text(sentences),
        )
    for therapy, antigen in products:
        if not graph.has_edge(therapy, antigen):
            graph.add_edge(therapy, antigen, weight=1, relation="targets", studies="", study_labels="",
                           outcomes="", adverse_events="", evidence="")
    return graph


def project_mechanism_network(store: QuadStore) -> nx.Graph:
    """Studies linked when they share mechanisms; ``weight`` sums the specificity of what they share.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> project_mechanism_network(open_store("memory")).number_of_nodes()
    0
    """
    pairs = rank_shared_studies(store, "mechanism", limit=None)
    studied = _rows(store, "SELECT DISTINCT ?s ?m WHERE { ?s a hk:Study ; hk:involvesMechanism ?m }")
    infos = describe_nodes(store, {s for s, _ in studied} | {m for _, m in studied})
    graph = nx.Graph(name="mechanisms")
    _add_nodes(graph, {s: infos[s] for s, _ in studied})
    for study in graph.nodes:
        graph.nodes[study]["mechanisms"] = join_values(infos[m].label for s, m in studied if s == study)
    for pair in pairs:
        graph.add_edge(
            pair.study_a.iri, pair.study_b.iri, weight=pair.score, shared_count=len(pair.shared),
            relation="shares mechanisms", shared=join_values(item.label for item in pair.shared),
            evidence=evidence_text([s for item in pair.shared for s in item.evidence]),
        )
    return graph


def _neighbours(store: QuadStore, nodes: list[str], include_mentions: bool) -> list[tuple[str, str, str]]:
    skipped = ", ".join(SKIPPED_LINKS + (() if include_mentions else ("hk:mentions",)))
    found = []
    for start in range(0, len(nodes), 300):
        values = " ".join(f"<{n}>" for n in nodes[start:start + 300])
        found += _rows(store, f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?n {{ {values} }}
            {{ ?n ?p ?o . BIND(?n AS ?s) }} UNION {{ ?s ?p ?n . BIND(?n AS ?o) }}
            FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o && ?p NOT IN ({skipped})) }}""")
    return found


def ego_network(store: QuadStore, entity: str, depth: int = 1, *, include_mentions: bool = False,
                with_evidence: bool = True) -> nx.Graph:
    """Everything within ``depth`` links of ``entity`` (label, synonym or IRI), provenance links left out.

    Each edge carries ``relation`` (the predicate's name, ``subject`` telling its direction) and the ``evidence``
    sentences. ``include_mentions`` adds the "document mentions concept" links, which tie every concept of a
    document to every other one.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> hk = "https://w3id.org/hemakg/ontology#"
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:d", f"<urn:s> <{hk}targets> <urn:a> .\\n<urn:t> <{hk}targets> <urn:a> .\\n")])
    >>> sorted(ego_network(s, "urn:s", depth=2).nodes)
    ['urn:a', 'urn:s', 'urn:t']
    """
    centre = resolve_entity(store, entity)
    seen, frontier, triples = {centre}, [centre], set()
    for _ in range(max(depth, 0)):
        found = _neighbours(store, sorted(frontier), include_mentions)
        triples.update(found)
        frontier = sorted({n for s, _, o in found for n in (s, o)} - seen)
        seen.update(frontier)
        if not frontier:
            break
    graph = nx.Graph(name=f"ego:{centre}", centre=centre)
    _add_nodes(graph, describe_nodes(store, seen))
    evidence = fetch_evidence(store, triples) if with_evidence else {}
    for s, p, o in sorted(triples):
        if graph.has_edge(s, o):
            edge = graph.edges[s, o]
            if edge["subject"] == s:  # a second predicate the same way (author and firstAuthor): keep both
                edge["predicates"] = join_values(edge["predicates"].split("\n") + [p])
                edge["relation"] = join_values(local_name(x) for x in edge["predicates"].split("\n"))
            continue
        graph.add_edge(s, o, weight=1, relation=local_name(p), predicates=p, subject=s,
                       evidence=evidence_text(evidence.get((s, p, o), ())))
    return graph


PROJECTIONS = {
    "collaboration": project_collaboration_network,
    "targets": project_target_network,
    "mechanisms": project_mechanism_network,
}


GRAPH_FORMATS = ("graphml", "gexf")


def write_projection(graph: nx.Graph, path, fmt: str = "graphml") -> None:
    """Write a projection for Cytoscape (GraphML) or Gephi (GEXF); every attribute is already a string or number.

    Examples
    --------
    >>> import io
    >>> buffer = io.BytesIO()
    >>> write_projection(nx.Graph([("a", "b")], name="x"), buffer, "gexf")
    >>> b"<gexf" in buffer.getvalue()
    True
    """
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")
    plain = graph.copy()
    plain.graph = {k: str(v) for k, v in graph.graph.items()}
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(plain, path)
