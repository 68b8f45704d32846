"""RDF to networkx: the views people ask for (who works with whom, what targets what where, which studies share a
mechanism, what surrounds an entity, how two entities connect).

Rows come from flat SPARQL queries and the graphs are assembled in Python, which is what keeps the projections fast
on a large store (FACTS.md: self-joins in SPARQL are the slow path). Every node carries ``label``, ``class`` and
``identifiers``; every attribute is a string or a number, multi-valued ones joined by newlines, so each projection
can be written to GraphML or GEXF as it is.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from .lookup import (
    PREFIXES, EntityInfo, EvidenceSentence, describe_nodes, fetch_evidence, fetch_evidence_of_predicates, label_nodes,
    local_name, resolve_entity, select_rows,
)
from .mechanisms import rank_shared_studies
from .store import QuadStore

__all__ = [
    "PROJECTIONS",
    "PathStep",
    "ExplainedPath",
    "project_collaboration_network",
    "project_target_network",
    "project_mechanism_network",
    "ego_network",
    "explain_paths",
    "path_network",
    "format_paths",
    "join_values",
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


def _evidence_text(sentences) -> str:
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
                       study_labels=join_values(study_labels[s] for s in studies), evidence=_evidence_text(sentences))
    for expert, institution in affiliations:
        info = infos[institution]
        graph.add_node(institution, label=info.label, **{"class": info.cls}, identifiers=join_values(info.identifiers))
        sentences = evidence.get((expert, str(_HK_AFFILIATED), institution), ())
        graph.add_edge(expert, institution, weight=1, relation="affiliated with", evidence=_evidence_text(sentences))
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
            evidence=_evidence_text(sentences),
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
            evidence=_evidence_text([s for item in pair.shared for s in item.evidence]),
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
                       evidence=_evidence_text(evidence.get((s, p, o), ())))
    return graph


@dataclass(frozen=True)
class PathStep:
    """One link of a path, in the direction the graph states it, with the sentences that state it."""

    subject: EntityInfo
    predicate: str
    object: EntityInfo
    evidence: tuple[EvidenceSentence, ...]


@dataclass(frozen=True)
class ExplainedPath:
    steps: tuple[PathStep, ...]


def _path_graph(store: QuadStore, a: str, b: str, max_length: int, include_mentions: bool) -> nx.Graph:
    """The union of both ends' neighbourhoods to half the length: it holds every path up to ``max_length``."""
    radius = math.ceil(max_length / 2)
    around_a = ego_network(store, a, radius, include_mentions=include_mentions, with_evidence=False)
    around_b = ego_network(store, b, radius, include_mentions=include_mentions, with_evidence=False)
    return nx.compose(around_a, around_b)


def explain_paths(store: QuadStore, a: str, b: str, limit: int = 5, *, max_length: int = 4,
                  include_mentions: bool = False) -> list[ExplainedPath]:
    """The shortest ways ``a`` connects to ``b`` (up to ``limit`` paths of at most ``max_length`` links), each link
    explained by its predicate and evidence sentences.

    Examples
    --------
    >>> from hemakg.graph.store import open_store, NamedGraph
    >>> hk = "https://w3id.org/hemakg/ontology#"
    >>> s = open_store("memory")
    >>> s.replace_graphs([NamedGraph("urn:d", f"<urn:s> <{hk}targets> <urn:a> .\\n<urn:s> <{hk}condition> <urn:d2> .\\n")])
    >>> [[step.predicate for step in p.steps] for p in explain_paths(s, "urn:a", "urn:d2")]
    [['targets', 'condition']]
    """
    source, target = resolve_entity(store, a), resolve_entity(store, b)
    graph = _path_graph(store, source, target, max_length, include_mentions)
    if source not in graph or target not in graph or not nx.has_path(graph, source, target):
        return []
    paths = []
    for nodes in nx.shortest_simple_paths(graph, source, target):
        if len(nodes) - 1 > max_length or len(paths) >= limit:
            break
        paths.append(nodes)
    def links(u: str, v: str) -> list[tuple[str, str, str]]:
        edge = graph.edges[u, v]
        obj = v if edge["subject"] == u else u
        return [(edge["subject"], p, obj) for p in edge["predicates"].split("\n")]

    evidence = fetch_evidence(store, {t for nodes in paths for u, v in zip(nodes, nodes[1:]) for t in links(u, v)})
    infos = describe_nodes(store, {n for nodes in paths for n in nodes})
    explained = []
    for nodes in paths:
        steps = []
        for u, v in zip(nodes, nodes[1:]):
            # The most specific predicate explains the link (firstAuthor over author): the one with most evidence.
            s, p, o = max(links(u, v), key=lambda t: (len(evidence.get(t, ())), t[1]))
            steps.append(PathStep(infos[s], local_name(p), infos[o], evidence.get((s, p, o), ())))
        explained.append(ExplainedPath(tuple(steps)))
    return explained


def path_network(store: QuadStore, a: str, b: str, limit: int = 5, *, max_length: int = 4) -> nx.Graph:
    """The paths of `explain_paths` as one graph, ready to draw."""
    graph = nx.Graph(name="paths")
    for path in explain_paths(store, a, b, limit, max_length=max_length):
        for step in path.steps:
            for info in (step.subject, step.object):
                graph.add_node(info.iri, label=info.label, **{"class": info.cls},
                               identifiers=join_values(info.identifiers))
            graph.add_edge(step.subject.iri, step.object.iri, weight=1, relation=step.predicate,
                           subject=step.subject.iri, evidence=_evidence_text(step.evidence))
    return graph


def format_paths(paths: list[ExplainedPath]) -> str:
    """Paths as text, one link per line with its first sentence."""
    if not paths:
        return "No connecting path found.\n"
    lines = []
    for number, path in enumerate(paths, 1):
        lines.append(f"Path {number} ({len(path.steps)} link(s)):")
        for step in path.steps:
            lines.append(f"  {step.subject.label} --{step.predicate}--> {step.object.label}")
            if step.evidence:
                lines.append(f"      \"{step.evidence[0].text}\"")
    return "\n".join(lines) + "\n"


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
