"""How two entities connect: the shortest paths between them, each link with the sentences that state it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from .evidence import EvidenceSentence, fetch_evidence
from .lookup import EntityInfo, describe_nodes, resolve_entity
from .projection import ego_network, evidence_text, join_values
from .rows import local_name
from .store import QuadStore

__all__ = ["PathStep", "ExplainedPath", "explain_paths", "path_network", "format_paths"]


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
                           subject=step.subject.iri, evidence=evidence_text(step.evidence))
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
