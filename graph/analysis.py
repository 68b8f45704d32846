"""The network analysis people expect from a projection: who is central, which groups form, how two nodes connect.

Kept apart from the projections so the same measures apply to any of them (and to graphs loaded from GraphML).
Betweenness is sampled: exact betweenness costs a traversal per node, about 0.7 s per source on 50,000 nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

__all__ = ["CENTRALITY_MEASURES", "RankedNode", "compute_centrality", "rank_nodes", "find_communities", "shortest_path_labels"]

CENTRALITY_MEASURES = ("degree", "pagerank", "betweenness")
BETWEENNESS_SAMPLE = 100


@dataclass(frozen=True)
class RankedNode:
    node: str
    label: str
    cls: str
    score: float


def compute_centrality(graph: nx.Graph, measure: str = "pagerank", *, seed: int = 0) -> dict[str, float]:
    """Centrality of every node, weighted by the ``weight`` edge attribute where the measure allows it.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("a", "c")])
    >>> max(compute_centrality(g, "degree").items(), key=lambda kv: kv[1])
    ('a', 1.0)
    """
    if measure not in CENTRALITY_MEASURES:
        raise ValueError(f"unknown centrality {measure!r}; choose one of {', '.join(CENTRALITY_MEASURES)}")
    if graph.number_of_nodes() == 0:
        return {}
    if measure == "degree":
        return nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else {n: 0.0 for n in graph}
    if measure == "pagerank":
        return nx.pagerank(graph, weight="weight")
    sample = min(BETWEENNESS_SAMPLE, graph.number_of_nodes())
    return nx.betweenness_centrality(graph, k=sample, seed=seed)


def rank_nodes(graph: nx.Graph, measure: str = "pagerank", *, cls: str | None = None, top: int = 10) -> list[RankedNode]:
    """The ``top`` nodes by centrality, optionally only those of one class ("Expert", "Antigen"…).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("a", "c")])
    >>> [r.node for r in rank_nodes(g, "degree", top=1)]
    ['a']
    """
    scores = compute_centrality(graph, measure)
    ranked = [
        RankedNode(n, graph.nodes[n].get("label", n), graph.nodes[n].get("class", ""), round(score, 6))
        for n, score in scores.items()
        if cls is None or graph.nodes[n].get("class") == cls
    ]
    return sorted(ranked, key=lambda r: (-r.score, r.label.casefold()))[:top]


def find_communities(graph: nx.Graph, *, seed: int = 0) -> list[set[str]]:
    """Groups of densely linked nodes (Louvain on edge weights), largest first; isolated nodes form their own group.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> [sorted(c) for c in find_communities(g)]
    [['a', 'b', 'c'], ['x', 'y']]
    """
    if graph.number_of_nodes() == 0:
        return []
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((set(c) for c in communities), key=lambda c: (-len(c), sorted(c)))


def shortest_path_labels(graph: nx.Graph, source: str, target: str) -> list[str]:
    """Labels along one shortest path between two nodes; an empty list when they are not connected.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> shortest_path_labels(g, "a", "c")
    ['a', 'b', 'c']
    """
    try:
        nodes = nx.shortest_path(graph, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return [graph.nodes[n].get("label", n) for n in nodes]
